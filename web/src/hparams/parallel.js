// The parallel-coordinates view: an SVG axis per shown hparam and metric, a line per session
// group; dragging along an axis brushes a filter, a click on a line selects its group.
import {el, svg} from './dom.js';
import {formatTick, formatValue} from './format.js';
import {makeScale} from './scale.js';
import {MIN_BRUSH_PX, brushFilterFor, filterToBrush} from './brush.js';
import {isMissing, rowTitle} from './model.js';

const HEIGHT = 400;
const TOP = 58;
const BOTTOM = 24;
const SIDE = 64;

function truncate(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

// Returns the path data through the axes where the row has a value; a missing value is
// stepped over, so groups from writers that log fewer hparams still read as lines.
export function linePath(row, axes) {
  const points = [];
  for (const axis of axes) {
    const v = row.values.get(axis.column.id);
    if (!isMissing(v)) points.push(axis.x.toFixed(1) + ',' + axis.scale.toPx(v).toFixed(1));
  }
  if (points.length === 1) points.push(points[0]);
  return points.length ? 'M' + points.join('L') : '';
}

// Draws into `node`; returns {update(filters, passes, selected)} for changes that keep the
// layout (brushing, selection), so a drag is never interrupted by a rebuild.
export function renderParallel(node, {rows, columns, filters, colorOf, onBrush, onSelect, onColorBy}) {
  const width = Math.max(480, node.clientWidth || 900);
  const tooltip = el('div', {class: 'hp-tooltip', attrs: {hidden: true}});
  const root = svg('svg', {class: 'hp-parallel', attrs: {width, height: HEIGHT, role: 'img',
    'aria-label': 'parallel coordinates of ' + rows.length + ' session groups'}});
  node.replaceChildren(el('div', {class: 'hp-parallel-wrap'}, [root, tooltip]));
  if (!columns.length) {
    node.appendChild(el('p', {class: 'hp-note', text: 'Tick hparams or metrics in the panel to add axes.'}));
    return {update() {}};
  }
  const span = columns.length > 1 ? (width - 2 * SIDE) / (columns.length - 1) : 0;
  const axes = columns.map((column, i) => ({
    column,
    x: columns.length > 1 ? SIDE + i * span : width / 2,
    scale: makeScale(column, rows.map((r) => r.values.get(column.id)), HEIGHT - BOTTOM, TOP),
  }));

  const lines = svg('g', {class: 'hp-lines'});
  // Thin lines are hard to point at: a wide transparent twin above each one takes the mouse.
  const hits = svg('g', {class: 'hp-hits'});
  const paths = new Map();
  for (const row of rows) {
    const d = linePath(row, axes);
    const path = svg('path', {class: 'hp-line', attrs: {d, 'data-group': row.id}});
    path.style.stroke = colorOf(row);
    const hit = svg('path', {class: 'hp-hit', attrs: {d}});
    hit.addEventListener('pointerenter', (e) => showTip(row, e));
    hit.addEventListener('pointermove', (e) => moveTip(e));
    hit.addEventListener('pointerleave', () => hideTip(path));
    hit.addEventListener('click', () => onSelect(row.id));
    paths.set(row.id, path);
    lines.appendChild(path);
    hits.appendChild(hit);
  }
  root.append(lines, hits);

  function showTip(row, e) {
    paths.get(row.id).classList.add('hp-hover');
    tooltip.replaceChildren(el('strong', {text: rowTitle(row)}), ...columns.map((c) =>
      el('div', {}, [el('span', {class: 'hp-tip-key', text: c.label + ': '}),
        el('span', {text: formatValue(row.values.get(c.id))})])));
    tooltip.hidden = false;
    moveTip(e);
  }
  function moveTip(e) {
    const box = node.getBoundingClientRect();
    const x = e.clientX - box.left + 14;
    tooltip.style.left = Math.min(x, box.width - 220) + 'px';
    tooltip.style.top = (e.clientY - box.top + 10) + 'px';
  }
  function hideTip(path) {
    path.classList.remove('hp-hover');
    tooltip.hidden = true;
  }

  const brushes = new Map();
  for (const axis of axes) {
    const {column, scale} = axis;
    const g = svg('g', {class: 'hp-axis', attrs: {transform: 'translate(' + axis.x.toFixed(1) + ',0)',
      'data-column': column.id}});
    g.appendChild(svg('line', {class: 'hp-axis-line', attrs: {x1: 0, x2: 0, y1: TOP, y2: HEIGHT - BOTTOM}}));
    for (const tick of scale.ticks) {
      const y = scale.toPx(tick);
      g.appendChild(svg('line', {class: 'hp-tick', attrs: {x1: -4, x2: 0, y1: y, y2: y}}));
      g.appendChild(svg('text', {class: 'hp-tick-label', text: truncate(formatTick(tick), 12),
        attrs: {x: -7, y: y + 3.5, 'text-anchor': 'end'}}));
    }
    // Crowded titles alternate between two lines so each gets twice the room.
    const crowded = span > 0 && span < 110;
    const room = crowded ? 2 * span : span || width;
    const title = svg('text', {class: 'hp-axis-title', text: truncate(column.label, Math.max(8, Math.floor(room / 7.5))),
      title: column.label + ' (click to colour by it)',
      attrs: {x: 0, y: TOP - 14 - (crowded && axes.indexOf(axis) % 2 ? 16 : 0), 'text-anchor': 'middle'}});
    title.addEventListener('click', () => onColorBy(column.id));
    g.appendChild(title);
    const brush = svg('rect', {class: 'hp-brush', attrs: {x: -9, width: 18, y: 0, height: 0, visibility: 'hidden'}});
    const overlay = svg('rect', {class: 'hp-brush-overlay', attrs: {x: -14, width: 28, y: TOP - 6,
      height: HEIGHT - BOTTOM - TOP + 12}});
    g.append(brush, overlay);
    brushes.set(column.id, {brush, scale});
    attachBrush(overlay, axis, brush);
    root.appendChild(g);
  }

  function drawBrush(brush, span) {
    if (!span) {
      brush.setAttribute('visibility', 'hidden');
      return;
    }
    brush.setAttribute('visibility', 'visible');
    brush.setAttribute('y', span[0].toFixed(1));
    brush.setAttribute('height', Math.max(2, span[1] - span[0]).toFixed(1));
  }

  function attachBrush(overlay, axis, brush) {
    let y0 = null;
    const localY = (e) => e.clientY - root.getBoundingClientRect().top;
    const clamp = (y) => Math.min(HEIGHT - BOTTOM, Math.max(TOP, y));
    overlay.addEventListener('pointerdown', (e) => {
      y0 = clamp(localY(e));
      overlay.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    overlay.addEventListener('pointermove', (e) => {
      if (y0 === null) return;
      const y1 = clamp(localY(e));
      if (Math.abs(y1 - y0) < MIN_BRUSH_PX) return;
      drawBrush(brush, [Math.min(y0, y1), Math.max(y0, y1)]);
      onBrush(axis.column, brushFilterFor(axis.column, axis.scale, y0, y1), {final: false});
    });
    const end = (e) => {
      if (y0 === null) return;
      const y1 = clamp(localY(e));
      const filter = Math.abs(y1 - y0) < MIN_BRUSH_PX ? null : brushFilterFor(axis.column, axis.scale, y0, y1);
      y0 = null;
      onBrush(axis.column, filter, {final: true});
    };
    overlay.addEventListener('pointerup', end);
    overlay.addEventListener('pointercancel', end);
  }

  function update(nextFilters, passes, selected) {
    for (const row of rows) {
      const path = paths.get(row.id);
      path.classList.toggle('hp-faded', !passes(row));
      path.classList.toggle('hp-selected', row.id === selected);
    }
    // The selected line is drawn last so it sits on top.
    if (selected && paths.has(selected)) lines.appendChild(paths.get(selected));
    for (const [id, {brush, scale}] of brushes) drawBrush(brush, filterToBrush(scale, nextFilters.columns[id]));
  }
  return {update};
}
