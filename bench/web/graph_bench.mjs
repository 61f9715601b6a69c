// Graph view benchmark: a generated ~10,000-op GraphDef served by the real tracker, drawn in
// headless Chromium at 1440×900. Prints one JSON object:
//   first_render_ms  navigation start → first canvas frame with the graph (median of runs)
//   pan / zoom       per-frame draw time, and input event → end of the frame drawing it
//                    (in the page; round_trip_ms adds the harness's own protocol round trips)
//   expand           layout time and frame time when big scopes are opened
//
//   cd web && node build.mjs && TRACKER_BINARY=/path/to/tracker TRACKER_WEBROOT=$PWD/dist \
//     node ../bench/web/graph_bench.mjs [--layers=100] [--wide=1700] [--runs=3]
// Targets: first render < 2000 ms, a pan/zoom frame < 50 ms.

import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {buildGraph, writeEventFile} from './gen_graph.mjs';
import {startTracker, launchBrowser} from '../../web/tests/e2e/harness.mjs';

const opts = {layers: 100, wide: 1700, runs: 3};
for (const a of process.argv.slice(2)) {
  const m = /^--(layers|wide|runs)=(\d+)$/.exec(a);
  if (m) opts[m[1]] = Number(m[2]);
}

const logdir = mkdtempSync(path.join(os.tmpdir(), 'tracker-graph-bench-'));
const nodes = buildGraph(opts);
writeEventFile(path.join(logdir, 'big'), nodes);

const server = await startTracker({logdir});
const browser = await launchBrowser();
const result = {nodes: nodes.length, viewport: '1440x900', runs: opts.runs};
try {
  const firsts = [];
  for (let i = 0; i < opts.runs; i++) {
    const page = await browser.newPage({viewport: {width: 1440, height: 900}});
    await page.goto(`${server.url}#graphs&graphs.run=big`);
    await page.waitForSelector('.gr-dash[data-graph-state=ready]', {timeout: 60000});
    firsts.push(await page.evaluate(() => {
      const mark = performance.getEntriesByName('graphs:first-render')[0];
      const layout = performance.getEntriesByName('graphs:layout')[0];
      const at = (name) => Math.round(performance.getEntriesByName(name)[0].startTime);
      return {first: mark.startTime, layout: layout.duration,
        // fetch → parsed: download and parse overlap (the text is parsed as it arrives)
        phases: {fetch_start: at('graphs:fetch'), parsed: at('graphs:parsed'),
          scoped: at('graphs:scoped'), first_render: Math.round(mark.startTime),
          request: performance.getEntriesByType('resource').filter((r) => r.name.includes('/graphs/'))
              .map((r) => ({route: r.name.split('/graphs/')[1].split('?')[0], start: Math.round(r.startTime),
                response_start: Math.round(r.responseStart), end: Math.round(r.responseEnd)}))}};
    }));
    if (i < opts.runs - 1) await page.close();
    else result.page = page;
  }
  result.first_render_ms = median(firsts.map((f) => f.first));
  result.first_render_all_ms = firsts.map((f) => round(f.first));
  result.top_layout_ms = median(firsts.map((f) => f.layout));
  result.first_render_phases = firsts.map((f) => f.phases);
  const page = result.page;
  delete result.page;
  page.on('pageerror', (e) => console.error('page error:', e.message));

  result.round_trip_baseline_ms = await baseline(page);
  await watchInput(page);
  result.top_level = {zoom: await zoomFrames(page), pan: await panFrames(page)};

  // Open the big scopes the way a user would: search, pick, "Open scope".
  result.expand = {};
  for (const [scope, label] of [['model', 'model (100 layers)'], ['gradients/model', 'gradients/model (100 layers)'],
    ['summaries', `summaries (${opts.wide} ops, chunked)`]]) {
    result.expand[label] = await openScope(page, scope);
  }
  result.expanded = {zoom: await zoomFrames(page), pan: await panFrames(page)};
  result.reveal_deep_op = await reveal(page, 'model/layer_73/batch_norm/moments/variance');
  result.boxes_visible = await page.evaluate(() => document.querySelector('.gr-dash').graphView.scene.boxes.length);
  result.screenshot = path.join(os.tmpdir(), 'graph-bench-expanded.png');
  await page.screenshot({path: result.screenshot});
  result.targets = {first_render_ms: 2000, frame_ms: 50};
  result.pass = result.first_render_ms < 2000 &&
      [result.top_level, result.expanded].every((s) => s.zoom.draw_ms.max < 50 && s.pan.draw_ms.max < 50);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await server.stop();
  rmSync(logdir, {recursive: true, force: true});
}


// Resolves after the next frame: input sent before it is drawn by then.
async function nextFrame(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

// What one "send input, wait for a frame" round trip costs with no input at all: the
// protocol round trip plus waiting for vsync.
async function baseline(page) {
  const xs = [];
  for (let i = 0; i < 20; i++) {
    const t0 = Date.now();
    await nextFrame(page);
    xs.push(Date.now() - t0);
  }
  return stats(xs);
}

async function frameSince(page, since) {
  return page.evaluate((t) => performance.getEntriesByName('graphs:frame')
      .filter((e) => e.startTime >= t).map((e) => e.duration), since);
}

async function now(page) {
  return page.evaluate(() => performance.now());
}

// In the page: from each input event to the end of the frame that drew it (the harness's own
// round trips not included).
async function watchInput(page) {
  await page.evaluate(() => {
    const canvas = document.querySelector('.gr-canvas');
    const w = window.__graphBench = {pending: null, latencies: []};
    const mark = (e) => {
      if (w.pending === null) w.pending = e.timeStamp;
    };
    for (const type of ['wheel', 'pointermove']) canvas.addEventListener(type, mark, {capture: true});
    new PerformanceObserver((list) => {
      for (const e of list.getEntriesByName('graphs:frame')) {
        if (w.pending !== null && e.startTime >= w.pending) {
          w.latencies.push(e.startTime + e.duration - w.pending);
          w.pending = null;
        }
      }
    }).observe({type: 'measure'});
  });
}

async function takeLatencies(page) {
  return page.evaluate(() => {
    const xs = window.__graphBench.latencies;
    window.__graphBench.latencies = [];
    window.__graphBench.pending = null;
    return xs;
  });
}

async function zoomFrames(page) {
  await page.click('.gr-zoom .gr-btn[title^="Fit"]');
  await page.mouse.move(900, 480);
  await takeLatencies(page);
  const t = await now(page);
  const latency = [];
  for (let i = 0; i < 40; i++) {
    const t0 = Date.now();
    await page.mouse.wheel(0, i < 20 ? -120 : 120);
    await nextFrame(page);
    latency.push(Date.now() - t0);
  }
  return {steps: 40, draw_ms: stats(await frameSince(page, t)),
    input_to_drawn_ms: stats(await takeLatencies(page)), round_trip_ms: stats(latency)};
}

async function panFrames(page) {
  await takeLatencies(page);
  const t = await now(page);
  const latency = [];
  await page.mouse.move(700, 450);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) {
    const t0 = Date.now();
    await page.mouse.move(700 + (i < 20 ? i : 40 - i) * 15, 450 + (i % 7) * 6);
    await nextFrame(page);
    latency.push(Date.now() - t0);
  }
  await page.mouse.up();
  return {steps: 40, draw_ms: stats(await frameSince(page, t)),
    input_to_drawn_ms: stats(await takeLatencies(page)), round_trip_ms: stats(latency)};
}

async function openScope(page, scope) {
  console.error(`opening ${scope}`);
  await reveal(page, scope);
  const t = await now(page);
  const t0 = Date.now();
  await page.click('.gr-details .gr-btn');
  await nextFrame(page);
  const wall = Date.now() - t0;
  const layout = await page.evaluate((since) => performance.getEntriesByName('graphs:layout')
      .filter((e) => e.startTime >= since).map((e) => e.duration), t);
  const frames = await frameSince(page, t);
  const boxes = await page.evaluate(() => document.querySelector('.gr-dash').graphView.scene.boxes.length);
  return {layout_ms: round(Math.max(0, ...layout)), first_frame_ms: round(frames[0] || 0),
    click_to_frame_ms: wall, visible_boxes: boxes};
}

async function reveal(page, name) {
  console.error(`revealing ${name}`);
  await page.fill('.gr-input', name);
  const t = await now(page);
  const t0 = Date.now();
  await page.press('.gr-input', 'Enter');
  // The details card names the full path of what is selected.
  await page.waitForFunction((n) => {
    const card = document.querySelector('.gr-details');
    return !card.hidden && card.querySelector('.gr-kv td').textContent === n;
  }, name, {timeout: 20000}).catch(async (e) => {
    await page.screenshot({path: path.join(os.tmpdir(), 'graph-bench-failure.png')});
    throw e;
  });
  await nextFrame(page);
  const wall = Date.now() - t0;
  const layout = await page.evaluate((since) => performance.getEntriesByName('graphs:layout')
      .filter((e) => e.startTime >= since).map((e) => e.duration), t);
  return {layout_ms: round(Math.max(0, ...layout)), enter_to_frame_ms: wall};
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return {n: 0};
  const q = (p) => round(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
  return {n: s.length, p50: q(0.5), p95: q(0.95), max: round(s[s.length - 1])};
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)]);
}

function round(x) {
  return Math.round(x * 10) / 10;
}
