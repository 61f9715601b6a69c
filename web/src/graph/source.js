// The graphs plugin's routes. Graph and run-metadata answers are protobuf text, not JSON.

import {GraphDefStream} from './graphdef.js';

const GRAPHS = '/data/plugin/graphs';

export function fetchInfo(ctx) {
  return ctx.api.json(`${GRAPHS}/info`);
}

/** tag '' is the run graph; a tag is the op graph of that run metadata. */
export function graphPath(run, tag) {
  const q = new URLSearchParams({run});
  if (tag) q.set('tag', tag);
  q.set('conceptual', 'false');
  // What TensorBoard's UI asks for: huge constants come back as names, not bytes.
  q.set('limit_attr_size', '1024');
  q.set('large_attrs_key', '_too_large_attrs');
  return `${GRAPHS}/graph?${q}`;
}

/**
 * Fetches and parses a graph, parsing while it downloads (a big graph is megabytes of text).
 * @returns {Promise<{graph, text}>} rejects with the server's message or a parse error
 */
export async function fetchGraph(ctx, run, tag) {
  const res = await get(ctx, graphPath(run, tag));
  const stream = new GraphDefStream();
  if (!res.body || typeof TextDecoderStream === 'undefined') {
    stream.push(await res.text());
  } else {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      stream.push(value);
    }
  }
  return stream.finish();
}

export function fetchRunMetadata(ctx, run, tag) {
  return fetchText(ctx, `${GRAPHS}/run_metadata?${new URLSearchParams({run, tag})}`);
}

async function fetchText(ctx, path) {
  if (typeof ctx.api.text === 'function') return ctx.api.text(path);
  return (await get(ctx, path)).text();
}

// ctx.api has no streaming read, so the graph is fetched here, with the same error texts.
async function get(ctx, path) {
  let res;
  try {
    res = await fetch(ctx.api.url(path), {credentials: 'same-origin'});
  } catch (cause) {
    throw new Error('Cannot reach the tracker server. Is it still running?', {cause});
  }
  if (res.ok) return res;
  const body = await res.text().catch(() => '');
  let message = body.trim().startsWith('<') ? '' : body.trim();
  try {
    message = JSON.parse(body).error || message;
  } catch {
    // a plain-text error body is already the message
  }
  throw new Error(message || `${res.status} ${res.statusText}`);
}

/** What info says a run offers: graphs to draw and run metadata to show. */
export function runChoices(entry) {
  const graphs = [];
  const metadata = [];
  if (entry.run_graph) graphs.push({value: '', label: 'Run graph'});
  const tags = Object.values(entry.tags || {}).sort((a, b) => (a.tag < b.tag ? -1 : 1));
  for (const t of tags) {
    if (t.op_graph) graphs.push({value: t.tag, label: `Op graph: ${t.tag}`});
    else if (t.conceptual_graph) {
      graphs.push({value: t.tag, label: `Keras model: ${t.tag} (not shown)`, disabled: true});
    }
    if (t.profile) metadata.push({value: t.tag, label: t.tag});
  }
  return {graphs, metadata};
}
