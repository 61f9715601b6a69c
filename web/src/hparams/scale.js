// Axis scales for the parallel-coordinates and scatter views: numbers on a linear (or, when
// they span orders of magnitude, logarithmic) scale, everything else as evenly spaced points.
import {compareValues, isMissing} from './model.js';

// Round tick values covering [min, max], about `count` of them.
export function niceTicks(min, max, count = 5) {
  if (!isFinite(min) || !isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

function logTicks(min, max) {
  const ticks = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) {
    ticks.push(Number('1e' + e));
  }
  return ticks.length >= 2 ? ticks : [min, max];
}

// values: the column's values in the rows drawn. [start, end]: pixel positions of the
// smallest and largest value (start > end on a vertical axis so larger values sit higher).
export function makeScale(column, values, start, end) {
  const present = values.filter((v) => !isMissing(v));
  if (column.type === 'number' && present.every((v) => typeof v === 'number')) {
    const finite = present.filter((v) => isFinite(v));
    let min = finite.length ? Math.min(...finite) : 0;
    let max = finite.length ? Math.max(...finite) : 1;
    const log = min > 0 && max / min >= 100;
    if (min === max) {
      const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    const f = log ? Math.log10 : (v) => v;
    const f0 = f(min);
    const span = f(max) - f0;
    const toPx = (v) => {
      const c = Math.min(max, Math.max(min, v));
      return start + ((f(c) - f0) / span) * (end - start);
    };
    const invert = (px) => {
      const t = f0 + ((px - start) / (end - start)) * span;
      return log ? Math.pow(10, t) : t;
    };
    const ticks = log ? logTicks(min, max) : niceTicks(min, max, 5);
    return {kind: log ? 'log' : 'linear', min, max, start, end, toPx, invert, ticks};
  }
  const domain = [...new Map(present.map((v) => [typeof v + ':' + v, v])).values()].sort(compareValues);
  const n = domain.length;
  const position = (i) => (n <= 1 ? (start + end) / 2 : start + (i / (n - 1)) * (end - start));
  const index = new Map(domain.map((v, i) => [typeof v + ':' + v, i]));
  const toPx = (v) => position(index.get(typeof v + ':' + v) ?? 0);
  return {kind: 'point', domain, start, end, toPx, ticks: domain};
}
