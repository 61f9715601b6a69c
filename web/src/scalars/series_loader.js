// Fetches scalar series through the batch route (server-side downsampling and smoothing on
// the full series), in its binary form: the columns arrive as Float64Arrays, with no JSON to
// parse per point. Requests made in the same task with the same window and smoothing go out
// together, so a screenful of small charts costs one round trip; but one POST carries at most
// MAX_SERIES series (whole callers, never split), so charts with many runs each get their own,
// and at most MAX_IN_FLIGHT POSTs are out at once, in the order they were asked for: the server
// computes each on every core, so the first chart draws after one chart's work, not after a
// share of all of them (bench/web/page_bench.mjs: 4 charts × 50 runs of 100,000 steps).
//
// A caller that still holds an earlier result of the same window passes it as `held`: its
// stamp goes back to the server, which then sends only the smoothing (a smoothing change costs
// no raw points on the wire). Should the server's window have moved on (new data), the answer
// carries the new points instead; an answer that cannot be completed is fetched again in full.
// A batch in which every series is held (a smoothing change) is not split: the server smooths
// from values it keeps, so one POST for the whole screen is quick, and its charts redraw in
// one frame (bench/web/page_bench.mjs: 93 ms against 105 ms for one POST per chart).
import {completeWithHeld, decodeBatch} from './batch_format.js';

const MAX_SERIES = 64;
const MAX_HELD_SERIES = 1024;
const MAX_IN_FLIGHT = 2;
const PATH = '/data/plugin/scalars/batch';

// -> load({series: [{run, tag}], points, smoothing, stepMin, stepMax, held}) resolving to one
//    entry per requested series, in order: {run, tag, stamp, wall, step, value,
//    smoothed|null} (Float64Arrays) or {run, tag, error}. held: per series an earlier result
//    (or null), as above.
export function createSeriesLoader(api) {
  const pending = new Map();  // window key -> {body, held, waiters: [{count, resolve, reject}]}
  const queue = [];
  let inFlight = 0;
  let scheduled = false;

  function flush() {
    scheduled = false;
    const batches = [...pending.values()];
    pending.clear();
    for (const batch of batches) queue.push(...split(batch));
    pump();
  }

  function pump() {
    while (inFlight < MAX_IN_FLIGHT && queue.length) {
      inFlight++;
      send(queue.shift());
    }
  }

  // A batch as POSTs of at most MAX_SERIES series each (a caller asking for more gets one alone).
  // A batch whose every series is held is a smoothing change: its answers are small and quick
  // to compute, so it goes as one POST (one fetch, one answer, the charts drawn in one frame).
  function split({body, held, waiters}) {
    const limit = held.every(Boolean) ? MAX_HELD_SERIES : MAX_SERIES;
    if (body.series.length <= limit) return [{body, held, waiters}];
    const parts = [];
    let part = null;
    let offset = 0;
    for (const waiter of waiters) {
      if (!part || (part.body.series.length && part.body.series.length + waiter.count > limit)) {
        part = {body: {...body, series: []}, held: [], waiters: []};
        parts.push(part);
      }
      part.body.series.push(...body.series.slice(offset, offset + waiter.count));
      part.held.push(...held.slice(offset, offset + waiter.count));
      part.waiters.push(waiter);
      offset += waiter.count;
    }
    return parts;
  }

  async function fetchBatch(body) {
    return decodeBatch(await api.arrayBuffer(PATH, {method: 'POST', body}));
  }

  async function send({body, held, waiters}) {
    try {
      let entries;
      try {
        entries = await fetchBatch(body);
      } finally {
        // The next POST goes out as soon as this answer is in, not once it is drawn.
        inFlight--;
        pump();
      }
      const {results, stale} = completeWithHeld(entries, held);
      if (stale.length) {
        const series = stale.map((i) => ({run: body.series[i].run, tag: body.series[i].tag}));
        const again = await fetchBatch({...body, series});
        stale.forEach((i, k) => (results[i] = again[k]));
      }
      let offset = 0;
      for (const waiter of waiters) {
        waiter.resolve(results.slice(offset, offset + waiter.count));
        offset += waiter.count;
      }
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  return function load({series, points = 0, smoothing = 0, stepMin = null, stepMax = null,
    held = null}) {
    if (!series.length) return Promise.resolve([]);
    const key = JSON.stringify([points, smoothing, stepMin, stepMax]);
    let batch = pending.get(key);
    if (!batch) {
      const body = {series: [], points: Math.max(0, Math.round(points)), format: 'binary'};
      if (smoothing > 0) body.smoothing = smoothing;
      if (stepMin !== null) body.step_min = Math.floor(stepMin);
      if (stepMax !== null) body.step_max = Math.ceil(stepMax);
      batch = {body, held: [], waiters: []};
      pending.set(key, batch);
    }
    series.forEach(({run, tag}, i) => {
      const old = held && held[i];
      const stamp = old && !old.error && old.stamp;
      batch.body.series.push(stamp ? {run, tag, stamp} : {run, tag});
      batch.held.push(stamp ? old : null);
    });
    const promise = new Promise((resolve, reject) => {
      batch.waiters.push({count: series.length, resolve, reject});
    });
    // A microtask, not a timer: the cards that come into view together ask in one synchronous
    // run, and the POSTs leave before the page paints, not after.
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
    return promise;
  };
}
