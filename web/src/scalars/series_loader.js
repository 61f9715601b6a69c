// Fetches scalar series through the batch route (server-side downsampling and smoothing on
// the full series). Requests made in the same tick with the same window and smoothing go out
// together, so a screenful of small charts costs one round trip; but one POST carries at most
// MAX_SERIES series (whole callers, never split), so charts with many runs each get their own:
// the server answers them on several threads and the first chart draws when its own series
// are in, not after every chart's (measured with bench/web/page_bench.mjs: 4 charts × 50 runs
// of 100,000 steps were one 7 MB answer the first chart waited for in full).
import {toNumber} from '../lib/numbers.js';

const MAX_SERIES = 64;

// -> load({series: [{run, tag}], points, smoothing, stepMin, stepMax}) resolving to one entry
//    per requested series, in order: {run, tag, wall, step, value, smoothed|null} or
//    {run, tag, error}.
export function createSeriesLoader(api) {
  const pending = new Map();  // window key -> {body, waiters: [{count, resolve, reject}]}
  let scheduled = false;

  function flush() {
    scheduled = false;
    const batches = [...pending.values()];
    pending.clear();
    for (const batch of batches) {
      for (const part of split(batch)) send(part);
    }
  }

  // A batch as POSTs of at most MAX_SERIES series each (a caller asking for more gets one alone).
  function split({body, waiters}) {
    if (body.series.length <= MAX_SERIES) return [{body, waiters}];
    const parts = [];
    let part = null;
    let offset = 0;
    for (const waiter of waiters) {
      if (!part || (part.body.series.length && part.body.series.length + waiter.count > MAX_SERIES)) {
        part = {body: {...body, series: []}, waiters: []};
        parts.push(part);
      }
      part.body.series.push(...body.series.slice(offset, offset + waiter.count));
      part.waiters.push(waiter);
      offset += waiter.count;
    }
    return parts;
  }

  async function send({body, waiters}) {
    try {
      const response = await api.json('/data/plugin/scalars/batch', {method: 'POST', body});
      const results = (response.series || []).map(parseSeries);
      let offset = 0;
      for (const waiter of waiters) {
        waiter.resolve(results.slice(offset, offset + waiter.count));
        offset += waiter.count;
      }
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  return function load({series, points = 0, smoothing = 0, stepMin = null, stepMax = null}) {
    if (!series.length) return Promise.resolve([]);
    const key = JSON.stringify([points, smoothing, stepMin, stepMax]);
    let batch = pending.get(key);
    if (!batch) {
      const body = {series: [], points: Math.max(0, Math.round(points))};
      if (smoothing > 0) body.smoothing = smoothing;
      if (stepMin !== null) body.step_min = Math.floor(stepMin);
      if (stepMax !== null) body.step_max = Math.ceil(stepMax);
      batch = {body, waiters: []};
      pending.set(key, batch);
    }
    batch.body.series.push(...series.map(({run, tag}) => ({run, tag})));
    const promise = new Promise((resolve, reject) => {
      batch.waiters.push({count: series.length, resolve, reject});
    });
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
    return promise;
  };
}

// Columns are easier to draw and scan than [[wall, step, value], ...] triples.
export function parseSeries(entry) {
  if (entry.error) return {run: entry.run, tag: entry.tag, error: entry.error};
  const points = entry.points || [];
  const n = points.length;
  const wall = new Float64Array(n);
  const step = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    wall[i] = toNumber(points[i][0]);
    step[i] = toNumber(points[i][1]);
    value[i] = toNumber(points[i][2]);
  }
  let smoothed = null;
  if (Array.isArray(entry.smoothed)) {
    smoothed = new Float64Array(n);
    for (let i = 0; i < n; i++) smoothed[i] = toNumber(entry.smoothed[i]);
  }
  return {run: entry.run, tag: entry.tag, wall, step, value, smoothed};
}
