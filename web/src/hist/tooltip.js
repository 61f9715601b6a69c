// The hover readout, in the shell's chart-tooltip style: one floating element shared by every
// histogram, distribution and PR chart (only the chart under the pointer shows it), placed
// beside the pointer and kept inside the window.
import {el} from '../lib/dom.js';

let shared = null;

function element() {
  if (shared && shared.isConnected) return shared;
  shared = el('div.chart-tooltip.hist-tooltip', {role: 'tooltip', hidden: true});
  document.body.appendChild(shared);
  return shared;
}

function swatchCell(color) {
  const dot = el('span.swatch');
  dot.style.backgroundColor = color;
  return el('td.swatch-cell', dot);
}

// rows: [[label, value, colour?], ...]
function pairTable(rows) {
  return el('table', rows.map(([label, value, color]) => el('tr',
      color ? swatchCell(color) : el('td.swatch-cell'),
      el('td.label', {text: label}),
      el('td.num', {text: value}))));
}

// headers: [str] for the columns after the swatch; rows: [{color, cells: [str], nearest}].
function columnTable(headers, rows) {
  return el('table',
      el('tr', el('th'), headers.map((h, i) => el(i ? 'th.num' : 'th', {text: h}))),
      rows.map((row) => el(row.nearest ? 'tr.nearest' : 'tr', swatchCell(row.color),
          row.cells.map((text, i) => el(i ? 'td.num' : 'td.label', {text})))));
}

function place(node, clientX, clientY) {
  node.hidden = false;
  const w = node.offsetWidth;
  const h = node.offsetHeight;
  let x = clientX + 16;
  if (x + w > window.innerWidth - 8) x = clientX - w - 16;
  let y = clientY - h / 2;
  y = Math.max(8, Math.min(y, window.innerHeight - h - 8));
  node.style.left = `${Math.max(8, x)}px`;
  node.style.top = `${y}px`;
}

export function createTooltip() {
  let mine = false;
  return {
    // Label/value pairs under a title, beside the pointer at (clientX, clientY).
    show(clientX, clientY, title, rows) {
      const node = element();
      node.replaceChildren(el('div.tooltip-title', {text: title}), pairTable(rows));
      place(node, clientX, clientY);
      mine = true;
    },
    // A table with a header row, one row per series.
    showTable(clientX, clientY, title, headers, rows) {
      const node = element();
      node.replaceChildren(...(title ? [el('div.tooltip-title', {text: title})] : []), columnTable(headers, rows));
      place(node, clientX, clientY);
      mine = true;
    },
    hide() {
      if (mine && shared) shared.hidden = true;
      mine = false;
    },
    destroy() {
      this.hide();
    },
  };
}
