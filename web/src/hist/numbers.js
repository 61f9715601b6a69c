// Number helpers shared by the histogram, distribution and PR-curve views.

// The server spells non-finite floats as strings ("NaN", "Infinity"); turn them back into numbers.
export function toNumber(v) {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

// "Nice" tick positions (1, 2, 5 × 10^k) covering [min, max], about `count` of them.
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  // Same cut-offs as d3.ticks (√50, √10, √2).
  const step = (norm >= 7.07 ? 10 : norm >= 3.16 ? 5 : norm >= 1.41 ? 2 : 1) * mag;
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks = [];
  for (let i = first; i <= last; i++) {
    // Multiplying the integer index (not accumulating) keeps 0.1 + 0.2 drift out of the labels.
    const t = Number((i * step).toPrecision(12));
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

// Short labels: 3 significant digits, SI-like exponents for very large or small magnitudes.
export function formatValue(v) {
  if (typeof v !== 'number') v = toNumber(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

// Integer-ish counts as integers, otherwise a few digits (rebinned counts are fractional).
export function formatCount(v) {
  if (!Number.isFinite(v)) return formatValue(v);
  if (Math.abs(v - Math.round(v)) < 1e-6) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toLocaleString('en-US', {maximumFractionDigits: 3});
}

// Steps as plain integers with thousands separators.
export function formatStep(s) {
  return Number.isFinite(s) ? s.toLocaleString('en-US') : String(s);
}

// Seconds as a compact duration ("1h 5m", "42s") for the relative time axis.
export function formatDuration(seconds) {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 60) return sign + Number(s.toPrecision(3)) + 's';
  if (s < 3600) return sign + Math.floor(s / 60) + 'm' + (s % 60 >= 1 ? ' ' + Math.round(s % 60) + 's' : '');
  if (s < 86400) return sign + Math.floor(s / 3600) + 'h' + (s % 3600 >= 60 ? ' ' + Math.floor((s % 3600) / 60) + 'm' : '');
  return sign + Math.floor(s / 86400) + 'd' + (s % 86400 >= 3600 ? ' ' + Math.floor((s % 86400) / 3600) + 'h' : '');
}

// Wall time (seconds since the epoch) as local HH:MM:SS, with the date when it differs from today.
export function formatWallTime(seconds) {
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
