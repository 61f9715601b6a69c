// Draws a laid-out scene on a 2D canvas: containers, then edges, then nodes, skipping
// whatever lies outside the viewport and dropping text when it would be unreadably small.

import {SIZES} from './layout.js';

const TOGGLE_R = 7;

/**
 * @param c        CanvasRenderingContext2D
 * @param view     {width, height, dpr} of the canvas in CSS pixels
 * @param scene    from Layouter.scene()
 * @param cam      Camera
 * @param theme    from readTheme()
 * @param marks    {selected: key|null, hover: key|null, matches: Set<key>, opOf: (item) => op,
 *                  paint: (item) => colours|null — see coloring.js}
 */
export function drawScene(c, view, scene, cam, theme, marks, labels) {
  const {width: w, height: h, dpr} = view;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.fillStyle = theme.bg;
  c.fillRect(0, 0, w, h);
  if (!scene) return;
  const k = cam.k;
  c.setTransform(dpr * k, 0, 0, dpr * k, dpr * cam.tx, dpr * cam.ty);
  const vp = cam.viewport(w, h);
  const visible = (b) => b.x < vp.x + vp.width && b.x + b.width > vp.x &&
      b.y < vp.y + vp.height && b.y + b.height > vp.y;
  const text = SIZES.opHeight * k >= 9; // below ~5px text is noise
  const px = 1 / k; // one screen pixel in world units

  for (const b of scene.boxes) if (b.expanded && visible(b)) drawContainer(c, b, theme, marks, px, text, labels);
  drawEdges(c, scene.edges, vp, theme, marks, px, k);
  for (const b of scene.boxes) {
    if (b.expanded || !visible(b)) continue;
    if (b.item.kind === 'group') drawGroup(c, b, theme, marks, px, text, labels);
    else drawOp(c, b, theme, marks, px, text, labels);
  }
}

function drawContainer(c, b, theme, marks, px, text, labels) {
  const col = marks.paint(b.item);
  roundRect(c, b.x, b.y, b.width, b.height, 8);
  c.fillStyle = col.tint;
  c.fill();
  c.lineWidth = selectedWidth(b, marks, px) || Math.max(px, 1);
  c.strokeStyle = marks.selected === b.item.key ? theme.accent : col.stroke;
  c.setLineDash(b.item.synthetic ? [6 * px, 4 * px] : []);
  c.stroke();
  c.setLineDash([]);
  // Header band in the group's colour, so an open scope still reads as that scope.
  c.save();
  roundRect(c, b.x, b.y, b.width, b.height, 8);
  c.clip();
  c.fillStyle = col.fill;
  c.fillRect(b.x, b.y, b.width, SIZES.header - 6);
  c.restore();
  if (text) {
    c.fillStyle = col.text;
    c.font = SIZES.groupFont;
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    c.fillText(labels.fit(b.item.label, SIZES.groupFont, b.width - 90), b.x + 10, b.y + 11);
    c.font = '10px system-ui, sans-serif';
    c.globalAlpha = 0.75;
    c.textAlign = 'right';
    c.fillText(`${b.item.opCount} ops`, b.x + b.width - 28, b.y + 11);
    c.globalAlpha = 1;
  }
  drawToggle(c, b.x + b.width - 14, b.y + 11, false, col, theme, px);
}

function drawGroup(c, b, theme, marks, px, text, labels) {
  const col = marks.paint(b.item);
  if (marks.matches.has(b.item.key)) halo(c, b, theme, px);
  roundRect(c, b.x, b.y, b.width, b.height, 7);
  c.fillStyle = col.fill;
  c.fill();
  c.lineWidth = selectedWidth(b, marks, px) || (marks.hover === b.item.key ? 2 * px : Math.max(px, 1));
  c.strokeStyle = marks.selected === b.item.key ? theme.accent : col.stroke;
  c.setLineDash(b.item.synthetic ? [6 * px, 4 * px] : []);
  c.stroke();
  c.setLineDash([]);
  if (text) {
    c.fillStyle = col.text;
    c.textAlign = 'left';
    c.textBaseline = 'middle';
    c.font = SIZES.groupFont;
    c.fillText(labels.fit(b.item.label, SIZES.groupFont, b.width - 40), b.x + 10, b.y + 13);
    c.font = '10px system-ui, sans-serif';
    c.globalAlpha = 0.75;
    c.fillText(`${b.item.opCount} op${b.item.opCount === 1 ? '' : 's'}`, b.x + 10, b.y + 26);
    c.globalAlpha = 1;
  }
  drawToggle(c, b.x + b.width - 15, b.y + b.height / 2, true, col, theme, px);
}

function drawOp(c, b, theme, marks, px, text, labels) {
  const op = marks.opOf(b.item);
  if (marks.matches.has(b.item.key)) halo(c, b, theme, px);
  const col = marks.paint(b.item);
  roundRect(c, b.x, b.y, b.width, b.height, b.height / 2);
  c.fillStyle = col ? col.fill : theme.opFill;
  c.fill();
  const constant = op.op === 'Const';
  c.lineWidth = selectedWidth(b, marks, px) ||
      (marks.hover === b.item.key || op.op === 'Placeholder' ? 2 * px : Math.max(px, 1));
  c.strokeStyle = marks.selected === b.item.key ? theme.accent : col ? col.stroke : theme.opStroke;
  c.setLineDash(constant ? [3 * px, 2 * px] : []);
  c.stroke();
  c.setLineDash([]);
  if (text) {
    c.fillStyle = col ? col.text : constant ? theme.muted : theme.fg;
    c.font = SIZES.font;
    c.textAlign = 'center';
    c.textBaseline = 'middle';
    c.fillText(labels.fit(b.item.label, SIZES.font, b.width - 12), b.x + b.width / 2, b.y + b.height / 2 + 0.5);
  }
}

function drawEdges(c, edges, vp, theme, marks, px, k) {
  const showLabels = k >= 0.6;
  const sel = marks.selected;
  for (const pass of [0, 1]) { // highlighted edges last, on top
    for (const e of edges) {
      const hot = sel !== null && (e.agg.from.key === sel || e.agg.to.key === sel);
      if ((pass === 1) !== hot) continue;
      const pts = e.points;
      if (!pts || pts.length < 2 || !polylineVisible(pts, vp)) continue;
      const width = Math.min(1.2 + Math.log2(e.agg.count) * 0.9, 6);
      c.strokeStyle = hot ? theme.accent : theme.edge;
      c.fillStyle = c.strokeStyle;
      c.lineWidth = Math.max(width, px);
      c.setLineDash(e.agg.control === e.agg.count ? [4, 3] : []);
      c.beginPath();
      c.moveTo(pts[0].x, pts[0].y);
      for (let i = 1; i < pts.length - 1; i++) {
        const mx = (pts[i].x + pts[i + 1].x) / 2, my = (pts[i].y + pts[i + 1].y) / 2;
        c.quadraticCurveTo(pts[i].x, pts[i].y, mx, my);
      }
      const last = pts[pts.length - 1];
      c.lineTo(last.x, last.y);
      c.stroke();
      c.setLineDash([]);
      arrow(c, pts[pts.length - 2], last, 4 + width);
      if (showLabels) edgeLabel(c, e, marks, theme);
    }
  }
}

function edgeLabel(c, e, marks, theme) {
  const label = e.label;
  if (!label) return;
  c.font = SIZES.edgeFont;
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.lineWidth = 3;
  c.strokeStyle = theme.bg;
  c.strokeText(label.text, label.x, label.y);
  c.fillStyle = theme.muted;
  c.fillText(label.text, label.x, label.y);
}

function arrow(c, from, to, size) {
  const a = Math.atan2(to.y - from.y, to.x - from.x);
  c.beginPath();
  c.moveTo(to.x, to.y);
  c.lineTo(to.x - size * Math.cos(a - 0.4), to.y - size * Math.sin(a - 0.4));
  c.lineTo(to.x - size * Math.cos(a + 0.4), to.y - size * Math.sin(a + 0.4));
  c.closePath();
  c.fill();
}

function drawToggle(c, x, y, plus, col, theme, px) {
  if (px > 1.2) return; // too small to hit anyway
  c.beginPath();
  c.arc(x, y, TOGGLE_R, 0, Math.PI * 2);
  c.fillStyle = theme.dark ? 'rgba(0,0,0,0.25)' : 'rgba(255,255,255,0.7)';
  c.fill();
  c.lineWidth = Math.max(px, 1);
  c.strokeStyle = col.stroke;
  c.stroke();
  c.beginPath();
  c.moveTo(x - 3.5, y);
  c.lineTo(x + 3.5, y);
  if (plus) {
    c.moveTo(x, y - 3.5);
    c.lineTo(x, y + 3.5);
  }
  c.lineWidth = 1.5;
  c.strokeStyle = col.text;
  c.stroke();
}

function halo(c, b, theme, px) {
  roundRect(c, b.x - 4, b.y - 4, b.width + 8, b.height + 8, 10);
  c.fillStyle = theme.match;
  c.fill();
}

function selectedWidth(b, marks, px) {
  return marks.selected === b.item.key ? Math.max(2.5, 2 * px) : 0;
}

function roundRect(c, x, y, w, h, r) {
  r = Math.min(r, w / 2, h / 2);
  c.beginPath();
  c.moveTo(x + r, y);
  c.arcTo(x + w, y, x + w, y + h, r);
  c.arcTo(x + w, y + h, x, y + h, r);
  c.arcTo(x, y + h, x, y, r);
  c.arcTo(x, y, x + w, y, r);
  c.closePath();
}

function polylineVisible(pts, vp) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of pts) {
    if (p.x < x0) x0 = p.x;
    if (p.x > x1) x1 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.y > y1) y1 = p.y;
  }
  return x0 < vp.x + vp.width && x1 > vp.x && y0 < vp.y + vp.height && y1 > vp.y;
}

/** The box under a world point (innermost first) and whether it hit the +/− toggle. */
export function hitTest(scene, x, y) {
  if (!scene) return null;
  for (let i = scene.boxes.length - 1; i >= 0; i--) {
    const b = scene.boxes[i];
    if (x < b.x || x > b.x + b.width || y < b.y || y > b.y + b.height) continue;
    let toggle = false;
    if (b.item.kind === 'group') {
      const tx = b.x + b.width - (b.expanded ? 14 : 15);
      const ty = b.expanded ? b.y + 11 : b.y + b.height / 2;
      toggle = Math.hypot(x - tx, y - ty) <= TOGGLE_R + 3;
    }
    if (b.expanded && !toggle && y > b.y + SIZES.header) {
      // Inside an open scope but on no child: still report the scope, as a background hit.
      return {box: b, toggle: false, background: true};
    }
    return {box: b, toggle, background: false};
  }
  return null;
}

/** Caches ellipsised labels: measuring text every frame is the slow part of drawing. */
export class LabelFitter {
  constructor(c) {
    this.c = c;
    this.cache = new Map();
  }

  fit(label, font, maxWidth) {
    const key = `${font}|${maxWidth | 0}|${label}`;
    let out = this.cache.get(key);
    if (out !== undefined) return out;
    this.c.font = font;
    out = label;
    if (this.c.measureText(label).width > maxWidth) {
      let lo = 0, hi = label.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.c.measureText(`${label.slice(0, mid)}…`).width <= maxWidth) lo = mid;
        else hi = mid - 1;
      }
      out = `${label.slice(0, lo)}…`;
    }
    if (this.cache.size > 20000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }
}
