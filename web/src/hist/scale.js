// Linear scales and axis drawing for the canvas charts.
import {niceTicks, formatValue} from './numbers.js';

// Maps [d0, d1] onto [r0, r1]; `invert` maps back.
export function linear(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (x) => r0 + (x - d0) * k;
  f.invert = (y) => (k === 0 ? d0 : d0 + (y - r0) / k);
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

// X axis along y = `y`, ticks every ~80 px. `format` turns a tick value into a label.
export function drawXAxis(g, scale, y, theme, {format = formatValue, ticks} = {}) {
  const [r0, r1] = scale.range;
  const values = ticks || niceTicks(scale.domain[0], scale.domain[1], Math.max(2, Math.floor(Math.abs(r1 - r0) / 80)));
  g.strokeStyle = theme.axis;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(Math.min(r0, r1), y + 0.5);
  g.lineTo(Math.max(r0, r1), y + 0.5);
  g.stroke();
  g.fillStyle = theme.muted;
  g.font = theme.font;
  g.textBaseline = 'top';
  g.textAlign = 'center';
  for (const t of values) {
    const x = Math.round(scale(t)) + 0.5;
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x, y + 4);
    g.stroke();
    g.fillText(format(t), x, y + 6);
  }
  return values;
}

// Y axis at x = `x`, labels to the left (side 'left') or right (side 'right').
export function drawYAxis(g, scale, x, theme, {format = formatValue, side = 'left', ticks} = {}) {
  const [r0, r1] = scale.range;
  const values = ticks || niceTicks(scale.domain[0], scale.domain[1], Math.max(2, Math.floor(Math.abs(r1 - r0) / 40)));
  const dir = side === 'left' ? -1 : 1;
  g.strokeStyle = theme.axis;
  g.lineWidth = 1;
  g.fillStyle = theme.muted;
  g.font = theme.font;
  g.textBaseline = 'middle';
  g.textAlign = side === 'left' ? 'right' : 'left';
  for (const t of values) {
    const y = Math.round(scale(t)) + 0.5;
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x + dir * 4, y);
    g.stroke();
    g.fillText(format(t), x + dir * 6, y);
  }
  return values;
}

// Light horizontal grid lines at the given y values.
export function drawHGrid(g, scale, values, x0, x1, theme) {
  g.strokeStyle = theme.grid;
  g.lineWidth = 1;
  g.beginPath();
  for (const t of values) {
    const y = Math.round(scale(t)) + 0.5;
    g.moveTo(x0, y);
    g.lineTo(x1, y);
  }
  g.stroke();
}

export function drawVGrid(g, scale, values, y0, y1, theme) {
  g.strokeStyle = theme.grid;
  g.lineWidth = 1;
  g.beginPath();
  for (const t of values) {
    const x = Math.round(scale(t)) + 0.5;
    g.moveTo(x, y0);
    g.lineTo(x, y1);
  }
  g.stroke();
}

// The dashed vertical guide at the hovered x (canvas pixels), from y0 to y1.
export function drawGuide(g, x, y0, y1, theme) {
  const gx = Math.round(x) + 0.5;
  g.strokeStyle = theme.guide;
  g.lineWidth = 1;
  g.setLineDash([3, 3]);
  g.beginPath();
  g.moveTo(gx, y0);
  g.lineTo(gx, y1);
  g.stroke();
  g.setLineDash([]);
}

// Width of the widest label, so an axis can reserve exactly the room it needs.
export function labelWidth(g, theme, labels) {
  g.font = theme.font;
  let w = 0;
  for (const s of labels) w = Math.max(w, g.measureText(s).width);
  return Math.ceil(w);
}
