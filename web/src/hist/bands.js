// Percentile bands for the distributions view: the server's nine basis points per step
// (min, 6.68%, 15.87%, 30.85%, 50%, 69.15%, 84.13%, 93.32%, max — ±1.5σ, ±1σ, ±0.5σ of a normal)
// become columns, and the columns pair up into symmetric bands around the median.
import {toNumber} from './numbers.js';

export const BASIS_POINTS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000];

// Outer to inner, so drawing in order layers the darker inner bands on top.
export const BANDS = [[0, 8], [1, 7], [2, 6], [3, 5]];
export const MEDIAN = 4;

export function percentLabel(bp) {
  if (bp === 0) return 'min';
  if (bp === 10000) return 'max';
  if (bp === 5000) return 'median';
  return `${bp / 100}%`;
}

// [[wall_time, step, [[bp, value] x9]], ...] → {steps, wallTimes, values: [9 arrays]}, sorted by
// step. Steps with a non-finite percentile are dropped: a band cannot be drawn through NaN.
export function toColumns(data) {
  const rows = [];
  for (const item of data || []) {
    const byBp = new Map();
    for (const [bp, v] of item[2] || []) byBp.set(toNumber(bp), toNumber(v));
    const vals = BASIS_POINTS.map((bp) => byBp.get(bp));
    if (vals.some((v) => !Number.isFinite(v))) continue;
    rows.push({wallTime: toNumber(item[0]), step: toNumber(item[1]), vals});
  }
  rows.sort((a, b) => a.step - b.step);
  return {
    steps: rows.map((r) => r.step),
    wallTimes: rows.map((r) => r.wallTime),
    values: BASIS_POINTS.map((_, i) => rows.map((r) => r.vals[i])),
  };
}

// The y range covering every band.
export function valueRange(cols) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of cols.values[0]) if (v < min) min = v;
  for (const v of cols.values[BASIS_POINTS.length - 1]) if (v > max) max = v;
  if (min === Infinity) return {min: 0, max: 1};
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 0.5;
    return {min: min - pad, max: max + pad};
  }
  return {min, max};
}

// Index of the point whose x is nearest to `x` in a sorted array (binary search).
export function nearestIndex(xs, x) {
  if (!xs.length) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}
