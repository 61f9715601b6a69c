// The horizontal axis of a series over time: by step, by time since the first point, or by
// wall-clock time (TensorBoard's three choices).
import {formatStep, formatDuration} from './numbers.js';

export const TIME_AXES = [
  {value: 'step', label: 'Step'},
  {value: 'relative', label: 'Relative'},
  {value: 'wall', label: 'Wall'},
];

function clock(seconds) {
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// xs for the points and a label formatter for ticks and readouts.
export function timeAxis(kind, steps, wallTimes) {
  if (kind === 'relative') {
    const t0 = wallTimes.length ? Math.min(...wallTimes) : 0;
    return {xs: wallTimes.map((t) => t - t0), format: formatDuration, name: 'relative'};
  }
  if (kind === 'wall') return {xs: wallTimes.slice(), format: clock, name: 'wall time'};
  return {xs: steps.slice(), format: formatStep, name: 'step'};
}
