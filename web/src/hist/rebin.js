// Resampling histogram buckets onto one equal-width grid, as TensorBoard's histogram view does:
// every step of a (run, tag) is drawn on the same x range with the same number of bins, so the
// slices line up and can be compared.
import {toNumber} from './numbers.js';

export const DEFAULT_BINS = 30;

// Parse the server's [[wall_time, step, [[left, right, count], ...]], ...] into
// [{wallTime, step, buckets: [[l, r, c], ...]}] sorted by step, dropping unusable buckets.
export function parseHistograms(data) {
  const out = [];
  for (const item of data || []) {
    const buckets = [];
    for (const b of item[2] || []) {
      const l = toNumber(b[0]);
      const r = toNumber(b[1]);
      const c = toNumber(b[2]);
      if (Number.isFinite(l) && Number.isFinite(r) && Number.isFinite(c) && c >= 0) buckets.push([l, Math.max(l, r), c]);
    }
    out.push({wallTime: toNumber(item[0]), step: toNumber(item[1]), buckets});
  }
  // A stable sort keeps reservoir order for repeated steps (restarted runs).
  return out.sort((a, b) => a.step - b.step);
}

// The x range shared by all slices: the smallest left edge and largest right edge, widened when
// every value is the same so a constant tensor still gets a visible bin.
export function commonRange(histograms) {
  let min = Infinity;
  let max = -Infinity;
  for (const h of histograms) {
    for (const [l, r, c] of h.buckets) {
      if (c <= 0) continue;
      if (l < min) min = l;
      if (r > max) max = r;
    }
  }
  if (min === Infinity) return {min: 0, max: 1};
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 0.5;
    return {min: min - pad, max: max + pad};
  }
  return {min, max};
}

// Counts of `buckets` on `n` equal bins over [min, max]. A bucket's count is spread over the bins
// in proportion to overlap (TensorBoard's assumption of uniform density inside a bucket); a
// zero-width bucket goes whole into the bin holding its edge.
export function rebin(buckets, min, max, n = DEFAULT_BINS) {
  const counts = new Float64Array(n);
  const width = (max - min) / n;
  if (!(width > 0)) return counts;
  const binOf = (x) => Math.min(n - 1, Math.max(0, Math.floor((x - min) / width)));
  for (const [l, r, c] of buckets) {
    if (c <= 0) continue;
    if (r <= l) {
      counts[binOf(l)] += c;
      continue;
    }
    const lo = Math.max(l, min);
    const hi = Math.min(r, max);
    if (hi <= lo) continue;
    const first = binOf(lo);
    const last = binOf(hi - width * 1e-9);
    for (let i = first; i <= last; i++) {
      const binL = min + i * width;
      const overlap = Math.min(hi, binL + width) - Math.max(lo, binL);
      if (overlap > 0) counts[i] += (c * overlap) / (r - l);
    }
  }
  return counts;
}

// Everything a histogram chart draws: the shared grid and one rebinned slice per step.
export function resample(histograms, n = DEFAULT_BINS) {
  const {min, max} = commonRange(histograms);
  let maxCount = 0;
  const slices = histograms.map((h) => {
    const counts = rebin(h.buckets, min, max, n);
    for (const c of counts) if (c > maxCount) maxCount = c;
    return {step: h.step, wallTime: h.wallTime, counts};
  });
  return {min, max, bins: n, binWidth: (max - min) / n, maxCount, slices};
}

// Centre of bin i on the shared grid.
export function binCenter(grid, i) {
  return grid.min + (i + 0.5) * grid.binWidth;
}

// The bin under value x, or -1 outside the grid.
export function binAt(grid, x) {
  if (x < grid.min || x > grid.max) return -1;
  return Math.min(grid.bins - 1, Math.floor((x - grid.min) / grid.binWidth));
}
