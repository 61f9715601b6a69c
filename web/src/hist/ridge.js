// The histogram chart: every step's rebinned counts drawn either offset (a ridge line: older
// steps further back and higher up, the newest in front at the bottom, step axis on the right,
// as TensorBoard draws it) or overlaid on one count axis.
import {linear, drawXAxis, drawYAxis, drawHGrid, drawGuide, labelWidth} from './scale.js';
import {niceTicks, formatValue, formatStep, formatCount} from './numbers.js';
import {binCenter, binAt} from './rebin.js';
import {mix, rgba} from './color.js';

const PAD = {top: 10, bottom: 24, side: 12};

// Geometry shared by drawing and hit testing. `time` places the offset baselines: {xs, format}
// with one value per slice (step, relative or wall time).
export function layoutHistogram(g, width, height, model, mode, theme, time) {
  const n = model.slices.length;
  const steps = time ? time.xs : model.slices.map((s) => s.step);
  const formatTime = time ? time.format : formatStep;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of steps) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let left = PAD.side;
  let right = PAD.side;
  let stepTicks = [];
  let countTicks = [];
  const y0 = PAD.top;
  const y1 = height - PAD.bottom;
  const plotH = Math.max(10, y1 - y0);
  if (mode === 'offset') {
    if (n > 1) {
      stepTicks = niceTicks(lo, hi, Math.max(2, Math.floor(plotH / 34)));
      right += 6 + labelWidth(g, theme, stepTicks.map(formatTime));
    }
  } else {
    countTicks = niceTicks(0, model.maxCount || 1, Math.max(2, Math.floor(plotH / 36)));
    // Round the top up to the next tick, so the highest peak sits under a labelled line.
    const top = countTicks[countTicks.length - 1];
    if (countTicks.length > 1 && top < model.maxCount) countTicks.push(top + (countTicks[1] - countTicks[0]));
    left += 6 + labelWidth(g, theme, countTicks.map(formatCount));
  }
  const x0 = left;
  const x1 = Math.max(x0 + 10, width - right);
  const xs = linear(model.min, model.max, x0, x1);
  let base;
  let peak;
  let stepScale = null;
  if (mode === 'offset') {
    // With one step the slice may use the whole height; with more, each ridge rises up to 40%
    // of the plot above its baseline so the back ridges stay visible.
    peak = n > 1 ? plotH * 0.4 : plotH;
    stepScale = n > 1 ? linear(lo, hi, y0 + peak, y1) : linear(0, 1, y1, y1);
    // All slices at one time (a restarted run rewriting a step): spread them by index instead.
    base = (i) => (n > 1 && hi === lo ? y0 + peak + ((y1 - y0 - peak) * i) / (n - 1) : stepScale(steps[i]));
  } else {
    peak = plotH;
    base = () => y1;
  }
  const countScale = mode === 'offset' ? null : linear(0, Math.max(model.maxCount, countTicks[countTicks.length - 1] || 1), y1, y0);
  const heightOf = mode === 'offset'
    ? (c) => (model.maxCount > 0 ? (c / model.maxCount) * peak : 0)
    : (c) => y1 - countScale(c);
  return {x0, x1, y0, y1, xs, base, heightOf, stepScale, stepTicks, formatTime, countScale, countTicks};
}

// Fill and stroke colours per slice: older steps fade toward the background (less so on a dark
// one, where faded colours sink into the background).
function sliceColors(runRgb, theme, t) {
  const [f0, f1, s0] = theme.dark ? [0.2, 0.45, 0.5] : [0.12, 0.33, 0.35];
  return {
    fill: rgba(mix(theme.bgRgb, runRgb, f0 + f1 * t)),
    stroke: rgba(mix(theme.bgRgb, runRgb, s0 + (1 - s0) * t)),
  };
}

function tracePath(g, model, layout, i) {
  const s = model.slices[i];
  const b = layout.base(i);
  g.beginPath();
  g.moveTo(layout.xs(model.min), b);
  for (let k = 0; k < model.bins; k++) g.lineTo(layout.xs(binCenter(model, k)), b - layout.heightOf(s.counts[k]));
  g.lineTo(layout.xs(model.max), b);
}

// hover: {slice, bin, x} or null. Returns the layout for hit testing.
export function drawHistogram(g, width, height, {model, mode, runRgb, theme, hover, time}) {
  const layout = layoutHistogram(g, width, height, model, mode, theme, time);
  const n = model.slices.length;
  const {x0, x1, y0, y1} = layout;
  if (mode === 'overlay') drawHGrid(g, layout.countScale, layout.countTicks, x0, x1, theme);
  g.lineJoin = 'round';
  for (let i = 0; i < n; i++) {
    const t = n > 1 ? i / (n - 1) : 1;
    const c = sliceColors(runRgb, theme, t);
    tracePath(g, model, layout, i);
    if (mode === 'offset') {
      // Opaque fills make the front ridges hide the ones behind them.
      g.fillStyle = c.fill;
      g.fill();
    }
    g.strokeStyle = c.stroke;
    g.lineWidth = 1;
    g.stroke();
  }
  if (hover && hover.slice >= 0 && hover.slice < n) {
    tracePath(g, model, layout, hover.slice);
    g.fillStyle = rgba(runRgb, mode === 'offset' ? 0.35 : 0.15);
    g.fill();
    g.strokeStyle = rgba(runRgb);
    g.lineWidth = 2;
    g.stroke();
    drawGuide(g, Math.min(x1, Math.max(x0, hover.x)), y0, y1, theme);
    if (hover.bin >= 0) {
      const cx = layout.xs(binCenter(model, hover.bin));
      const cy = layout.base(hover.slice) - layout.heightOf(model.slices[hover.slice].counts[hover.bin]);
      g.fillStyle = rgba(runRgb);
      g.strokeStyle = theme.bg;
      g.lineWidth = 1.5;
      g.beginPath();
      g.arc(cx, cy, 3.5, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
  }
  drawXAxis(g, layout.xs, y1, theme, {format: formatValue});
  if (mode === 'offset' && layout.stepScale && n > 1) {
    drawYAxis(g, layout.stepScale, x1 + 2, theme, {side: 'right', format: layout.formatTime, ticks: layout.stepTicks});
  } else if (mode === 'overlay') {
    drawYAxis(g, layout.countScale, x0, theme, {side: 'left', format: formatCount, ticks: layout.countTicks});
  }
  return layout;
}

// Which slice and bin the pointer is over. Offset: the ridge whose baseline is nearest below
// the pointer (the one the pointer is "on"). Overlay: the curve nearest the pointer vertically.
export function hitHistogram(layout, model, mode, px, py) {
  const n = model.slices.length;
  if (!n || px < layout.x0 - 4 || px > layout.x1 + 4 || py < layout.y0 - 4 || py > layout.y1 + 4) return null;
  const value = layout.xs.invert(px);
  const bin = binAt(model, Math.min(model.max, Math.max(model.min, value)));
  let slice = n - 1;
  if (mode === 'offset') {
    // The ridge whose baseline is the nearest at or below the pointer (the front one on ties);
    // below every baseline, the lowest ridge.
    let below = -1;
    let gap = Infinity;
    let lowest = 0;
    for (let i = 0; i < n; i++) {
      const b = layout.base(i);
      if (b >= py && b - py <= gap) {
        below = i;
        gap = b - py;
      }
      if (b >= layout.base(lowest)) lowest = i;
    }
    slice = below >= 0 ? below : lowest;
  } else {
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(layout.base(i) - layout.heightOf(model.slices[i].counts[bin]) - py);
      if (d <= best) {
        best = d;
        slice = i;
      }
    }
  }
  return {slice, bin, x: px, value};
}
