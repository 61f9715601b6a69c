// The distributions chart: nested percentile bands (min–max, ±1.5σ, ±1σ, ±0.5σ) shaded in the
// run's colour over time, the median as a line on top.
import {linear, drawXAxis, drawYAxis, drawHGrid, drawGuide, labelWidth} from './scale.js';
import {niceTicks, formatValue} from './numbers.js';
import {BANDS, MEDIAN, valueRange} from './bands.js';
import {rgba} from './color.js';

const PAD = {top: 10, bottom: 24, right: 16};
const BAND_ALPHA = {light: [0.13, 0.17, 0.21, 0.25], dark: [0.2, 0.26, 0.32, 0.38]};

function layoutBands(g, width, height, cols, xs, theme) {
  const {min, max} = valueRange(cols);
  const y0 = PAD.top;
  const y1 = height - PAD.bottom;
  const ticks = niceTicks(min, max, Math.max(2, Math.floor((y1 - y0) / 36)));
  // Widen the range to the ticks just outside it, so both edges of the bands sit on labels.
  if (ticks.length > 1) {
    const step = ticks[1] - ticks[0];
    if (ticks[0] > min) ticks.unshift(Number((ticks[0] - step).toPrecision(12)));
    if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  }
  const lo = ticks.length > 1 ? Math.min(min, ticks[0]) : min;
  const hi = ticks.length > 1 ? Math.max(max, ticks[ticks.length - 1]) : max;
  const x0 = 12 + labelWidth(g, theme, ticks.map(formatValue)) + 6;
  const x1 = Math.max(x0 + 10, width - PAD.right);
  let d0 = xs[0];
  let d1 = xs[xs.length - 1];
  if (d0 === d1) {
    const pad = Math.abs(d0) * 0.1 || 1;
    d0 -= pad;
    d1 += pad;
  }
  return {x0, x1, y0, y1, xScale: linear(d0, d1, x0, x1), yScale: linear(lo, hi, y1, y0), yTicks: ticks};
}

// hover: index of the highlighted point or -1.
export function drawBands(g, width, height, {cols, axis, runRgb, theme, hover}) {
  const layout = layoutBands(g, width, height, cols, axis.xs, theme);
  const {x0, x1, y0, y1, xScale, yScale} = layout;
  const n = axis.xs.length;
  drawHGrid(g, yScale, layout.yTicks, x0, x1, theme);
  const px = axis.xs.map(xScale);
  // A single step has no width; give it a short stub so it is visible.
  const half = n === 1 ? 8 : 0;
  BANDS.forEach(([lo, hi], b) => {
    g.beginPath();
    for (let i = 0; i < n; i++) {
      g.lineTo(px[i] - half, yScale(cols.values[hi][i]));
      if (half) g.lineTo(px[i] + half, yScale(cols.values[hi][i]));
    }
    for (let i = n - 1; i >= 0; i--) {
      if (half) g.lineTo(px[i] + half, yScale(cols.values[lo][i]));
      g.lineTo(px[i] - half, yScale(cols.values[lo][i]));
    }
    g.closePath();
    g.fillStyle = rgba(runRgb, BAND_ALPHA[theme.dark ? 'dark' : 'light'][b]);
    g.fill();
  });
  g.beginPath();
  for (let i = 0; i < n; i++) {
    g.lineTo(px[i] - half, yScale(cols.values[MEDIAN][i]));
    if (half) g.lineTo(px[i] + half, yScale(cols.values[MEDIAN][i]));
  }
  g.strokeStyle = rgba(runRgb);
  g.lineWidth = 1.5;
  g.lineJoin = 'round';
  g.stroke();
  if (hover >= 0 && hover < n) {
    drawGuide(g, px[hover], y0, y1, theme);
    for (let k = 0; k < cols.values.length; k++) {
      g.beginPath();
      g.arc(px[hover], yScale(cols.values[k][hover]), k === MEDIAN ? 3.5 : 2.5, 0, Math.PI * 2);
      g.fillStyle = k === MEDIAN ? rgba(runRgb) : rgba(runRgb, 0.6);
      g.fill();
      g.strokeStyle = theme.bg;
      g.lineWidth = 1;
      g.stroke();
    }
  }
  drawXAxis(g, xScale, y1, theme, {format: axis.format});
  drawYAxis(g, yScale, x0, theme, {format: formatValue, ticks: layout.yTicks});
  return layout;
}
