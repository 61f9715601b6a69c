// The PR-curve chart: precision over recall on fixed [0, 1] axes, one line per run in its
// colour, the hovered threshold marked on each curve.
import {linear, drawXAxis, drawYAxis, drawHGrid, drawVGrid} from './scale.js';
import {rgba} from './color.js';

const PAD = {top: 10, right: 14, bottom: 36, left: 46};
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const tick = (v) => String(Number(v.toFixed(1)));

function layoutPr(width, height) {
  const x0 = PAD.left;
  const x1 = Math.max(x0 + 10, width - PAD.right);
  const y0 = PAD.top;
  const y1 = Math.max(y0 + 10, height - PAD.bottom);
  // A sliver past 0 and 1 keeps lines on the edges (precision 1.0 is common) from being clipped.
  return {x0, x1, y0, y1, xs: linear(-0.01, 1.01, x0, x1), ys: linear(-0.01, 1.01, y1, y0)};
}

// curves: [{key, rgb, points}]; hover: {key → point} highlighted points, strongKey drawn on top.
export function drawPr(g, width, height, {curves, theme, hover, strongKey}) {
  const layout = layoutPr(width, height);
  const {x0, x1, y0, y1, xs, ys} = layout;
  drawHGrid(g, ys, TICKS, x0, x1, theme);
  drawVGrid(g, xs, TICKS, y0, y1, theme);
  g.save();
  g.beginPath();
  g.rect(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4);
  g.clip();
  const order = [...curves].sort((a, b) => (a.key === strongKey) - (b.key === strongKey));
  for (const c of order) {
    if (!c.points.length) continue;
    g.beginPath();
    for (const p of c.points) g.lineTo(xs(p.recall), ys(p.precision));
    g.strokeStyle = rgba(c.rgb, strongKey && c.key !== strongKey ? 0.55 : 1);
    g.lineWidth = c.key === strongKey ? 2.25 : 1.75;
    g.lineJoin = 'round';
    g.stroke();
  }
  g.restore();
  if (hover) {
    for (const c of curves) {
      const p = hover[c.key];
      if (!p) continue;
      g.beginPath();
      g.arc(xs(p.recall), ys(p.precision), c.key === strongKey ? 4.5 : 3.5, 0, Math.PI * 2);
      g.fillStyle = rgba(c.rgb);
      g.fill();
      g.strokeStyle = theme.bg;
      g.lineWidth = 1.5;
      g.stroke();
    }
  }
  drawXAxis(g, xs, y1, theme, {ticks: TICKS, format: tick});
  drawYAxis(g, ys, x0, theme, {ticks: TICKS, format: tick});
  g.fillStyle = theme.muted;
  g.font = theme.font;
  g.textAlign = 'center';
  g.textBaseline = 'bottom';
  g.fillText('Recall', (x0 + x1) / 2, height - 2);
  g.save();
  g.translate(11, (y0 + y1) / 2);
  g.rotate(-Math.PI / 2);
  g.textBaseline = 'middle';
  g.fillText('Precision', 0, 0);
  g.restore();
  return layout;
}
