// How hparam and metric values read in cells, ticks and tooltips.
import {isMissing} from './model.js';

export function formatValue(value) {
  if (isMissing(value)) return '–';
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number') return String(value);
  if (!isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(5)));
}

// Axis ticks have less room than cells.
export function formatTick(value) {
  if (typeof value !== 'number') return formatValue(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(1).replace('.0e', 'e');
  return String(Number(value.toPrecision(4)));
}

export function formatTime(secs) {
  if (!secs) return '';
  return new Date(secs * 1000).toLocaleString();
}
