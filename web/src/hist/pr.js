// PR-curve data: the server's per-step entries ({step, wall_time, precision[], recall[],
// thresholds[], true_positives[], ...}) turned into drawable points.
import {toNumber} from './numbers.js';

// One point per threshold with finite precision and recall, in threshold order.
export function curvePoints(entry) {
  const pts = [];
  const n = entry && entry.thresholds ? entry.thresholds.length : 0;
  const at = (key, i) => toNumber((entry[key] || [])[i]);
  for (let i = 0; i < n; i++) {
    const p = {
      threshold: at('thresholds', i),
      precision: at('precision', i),
      recall: at('recall', i),
      tp: at('true_positives', i),
      fp: at('false_positives', i),
      tn: at('true_negatives', i),
      fn: at('false_negatives', i),
    };
    if (Number.isFinite(p.precision) && Number.isFinite(p.recall)) pts.push(p);
  }
  return pts;
}

// Entries sorted by step (the route keeps reservoir order).
export function sortEntries(entries) {
  return [...(entries || [])]
    .map((e) => ({...e, step: toNumber(e.step), wall_time: toNumber(e.wall_time)}))
    .sort((a, b) => a.step - b.step);
}

// Index of the entry with the given step, else the latest entry at or before it, else the first.
export function entryIndexForStep(entries, step) {
  if (!entries.length) return -1;
  if (step === undefined || step === null || Number.isNaN(step)) return entries.length - 1;
  let best = 0;
  for (let i = 0; i < entries.length; i++) if (entries[i].step <= step) best = i;
  return best;
}

// Nearest point (in screen pixels) over several curves: [{key, points}] with sx/sy mapping
// recall/precision to pixels. Returns {key, point, dist} or null beyond maxDist.
export function nearestCurvePoint(curves, px, py, sx, sy, maxDist = Infinity) {
  let best = null;
  for (const {key, points} of curves) {
    for (const p of points) {
      const d = Math.hypot(sx(p.recall) - px, sy(p.precision) - py);
      if (d <= maxDist && (!best || d < best.dist)) best = {key, point: p, dist: d};
    }
  }
  return best;
}
