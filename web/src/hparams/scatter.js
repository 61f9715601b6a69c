// The scatter-plot matrix: a row of small plots per shown metric, a column per shown hparam,
// a point per session group; filtered-out groups fade, a click selects.
import {el, svg} from './dom.js';
import {formatTick, formatValue} from './format.js';
import {makeScale} from './scale.js';
import {isMissing, rowTitle} from './model.js';

const H = 128;
const PAD = {left: 40, right: 8, top: 8, bottom: 22};

function cell(W, xCol, yCol, rows, colorOf, onSelect, points) {
  const xs = makeScale(xCol, rows.map((r) => r.values.get(xCol.id)), PAD.left + 6, W - PAD.right - 6);
  const ys = makeScale(yCol, rows.map((r) => r.values.get(yCol.id)), H - PAD.bottom - 6, PAD.top + 6);
  const root = svg('svg', {class: 'hp-cell', attrs: {width: W, height: H}});
  root.appendChild(svg('rect', {class: 'hp-cell-frame', attrs: {x: PAD.left, y: PAD.top,
    width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom}}));
  // As many ticks as fit: about one per 38 px across, four up.
  const pick = (ticks, max) => (ticks.length > max ? ticks.filter((_, i) => i % Math.ceil(ticks.length / max) === 0) : ticks);
  for (const t of pick(xs.ticks, Math.max(2, Math.floor((W - PAD.left - PAD.right) / 38)))) {
    root.appendChild(svg('text', {class: 'hp-tick-label', text: formatTick(t).slice(0, 8),
      attrs: {x: xs.toPx(t), y: H - 8, 'text-anchor': 'middle'}}));
  }
  for (const t of pick(ys.ticks, 4)) {
    root.appendChild(svg('text', {class: 'hp-tick-label', text: formatTick(t).slice(0, 7),
      attrs: {x: PAD.left - 4, y: ys.toPx(t) + 3, 'text-anchor': 'end'}}));
  }
  for (const row of rows) {
    const x = row.values.get(xCol.id);
    const y = row.values.get(yCol.id);
    if (isMissing(x) || isMissing(y)) continue;
    const dot = svg('circle', {class: 'hp-dot', attrs: {cx: xs.toPx(x).toFixed(1), cy: ys.toPx(y).toFixed(1), r: 4,
      'data-group': row.id},
    title: rowTitle(row) + '\n' + xCol.label + ': ' + formatValue(x) + '\n' + yCol.label + ': ' + formatValue(y)});
    dot.style.fill = colorOf(row);
    dot.addEventListener('click', () => onSelect(row.id));
    points.push([row, dot]);
    root.appendChild(dot);
  }
  return root;
}

// Returns {update(filters, passes, selected)} like the parallel view.
export function renderScatter(node, {rows, columns, colorOf, onSelect}) {
  const metrics = columns.filter((c) => c.kind === 'metric');
  const hparams = columns.filter((c) => c.kind === 'hparam');
  if (!metrics.length || !hparams.length) {
    node.replaceChildren(el('p', {class: 'hp-note',
      text: 'The matrix plots metrics against hparams: show at least one of each.'}));
    return {update() {}};
  }
  const points = [];
  // Cells share the width so the usual handful of hparams fits without scrolling.
  const room = (node.clientWidth || 900) - 112 - 24 - 4 * hparams.length;
  const W = Math.max(120, Math.min(200, Math.floor(room / hparams.length)));
  const grid = el('div', {class: 'hp-matrix'});
  grid.style.gridTemplateColumns = '112px repeat(' + hparams.length + ', ' + W + 'px)';
  grid.appendChild(el('div'));
  for (const h of hparams) grid.appendChild(el('div', {class: 'hp-matrix-col', text: h.label, title: h.name}));
  for (const m of metrics) {
    grid.appendChild(el('div', {class: 'hp-matrix-row', text: m.label, title: m.name}));
    for (const h of hparams) grid.appendChild(cell(W, h, m, rows, colorOf, onSelect, points));
  }
  node.replaceChildren(el('div', {class: 'hp-matrix-wrap'}, [grid]));
  return {
    update(filters, passes, selected) {
      for (const [row, dot] of points) {
        dot.classList.toggle('hp-faded', !passes(row));
        dot.classList.toggle('hp-selected', row.id === selected);
      }
    },
  };
}
