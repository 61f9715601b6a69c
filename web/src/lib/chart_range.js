// Axis ranges for the line chart: extents of finite data, TensorBoard's "ignore outliers"
// (5th to 95th percentile) and a little padding so lines do not touch the frame.

// arrays: lists of numbers. -> [min, max] of the finite (and, for log, positive) values, or
// with outliers false the 5th and 95th percentiles; padded by 5% of the span when `pad`.
export function dataRange(arrays, {log = false, outliers = true, pad = false} = {}) {
  const values = [];
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (Number.isFinite(v) && (!log || v > 0)) values.push(v);
    }
  }
  if (!values.length) return log ? [1, 10] : [0, 1];
  let lo;
  let hi;
  if (outliers) {
    lo = Infinity;
    hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  } else {
    const sorted = Float64Array.from(values).sort();
    lo = quantile(sorted, 0.05);
    hi = quantile(sorted, 0.95);
  }
  if (!pad) return [lo, hi];
  return padRange(lo, hi, log);
}

export function padRange(lo, hi, log) {
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const span = b - a || 1;
    return [10 ** (a - span * 0.05), 10 ** (b + span * 0.05)];
  }
  if (lo === hi) {
    const delta = Math.abs(lo) * 0.1 || 1;
    return [lo - delta, hi + delta];
  }
  const span = hi - lo;
  return [lo - span * 0.05, hi + span * 0.05];
}

// Linear interpolation between closest ranks, like d3.quantile, on a sorted array.
export function quantile(sorted, p) {
  if (!sorted.length) return NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

// The y values of every line whose x lies in [lo, hi].
export function visibleValues(lines, [lo, hi], {log = false} = {}) {
  const out = [];
  for (const {x, y} of lines) {
    for (let i = 0; i < x.length; i++) {
      const v = y[i];
      if (x[i] >= lo && x[i] <= hi && Number.isFinite(v) && (!log || v > 0)) out.push(v);
    }
  }
  return out;
}
