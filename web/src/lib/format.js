// Short, readable numbers and times for axes and tooltips.

const SI = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];

// Steps: integers, with k/M/G once they get long (1.2M reads better than 1200000).
export function formatStep(value) {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  for (const [scale, suffix] of SI) {
    if (abs >= scale * 10 || (abs >= scale && value % scale === 0)) {
      return trimZeros((value / scale).toFixed(abs >= scale * 100 ? 0 : 1)) + suffix;
    }
  }
  return String(Math.round(value * 1000) / 1000);
}

// Values: 4 significant digits; exponent form for very large or small magnitudes.
export function formatValue(value) {
  if (value === null || value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return trimZeros(value.toPrecision(4));
}

// Axis ticks of one axis share a precision so 0.10 / 0.15 / 0.20 line up.
export function formatTicks(values) {
  const finite = values.filter((v) => v !== null && Number.isFinite(v));
  if (!finite.length) return values.map(() => '');
  const max = Math.max(...finite.map(Math.abs));
  if (max >= 1e6 || (max > 0 && max < 1e-3)) {
    return values.map((v) => (v === null ? '' : v === 0 ? '0' :
        v.toExponential(1).replace(/\.0e/, 'e')));
  }
  let decimals = 0;
  for (const v of finite) {
    const text = trimZeros(v.toFixed(6));
    const dot = text.indexOf('.');
    if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
  }
  decimals = Math.min(decimals, 6);
  return values.map((v) => (v === null ? '' : v.toFixed(decimals)));
}

// Durations in seconds: "850 ms", "42 s", "3 m 20 s", "5 h 12 m", "2 d 3 h".
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '−' : '';
  let s = Math.abs(seconds);
  if (s < 1) return `${sign}${Math.round(s * 1000)} ms`;
  if (s < 60) return `${sign}${trimZeros(s.toFixed(s < 10 ? 1 : 0))} s`;
  const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts = [];
  for (const [name, size] of units) {
    if (s >= size || parts.length) {
      const count = Math.floor(s / size);
      s -= count * size;
      parts.push(`${count} ${name}`);
      if (parts.length === 2) break;
    }
  }
  return sign + parts.filter((part) => !part.startsWith('0 ')).join(' ');
}

// Wall time in seconds since the epoch -> local "2024-04-25 10:21:07".
export function formatDateTime(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
      `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function trimZeros(text) {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}
