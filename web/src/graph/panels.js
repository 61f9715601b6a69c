// The Graphs tab's frame: the controls column, and the stage where the canvas sits under
// the zoom buttons, the message line, the details card and the run-metadata drawer.

import {h} from './dom.js';

/**
 * @param searchEl the search box element
 * @param on {run(v), graph(v), meta(v), color(v), fit(), collapseAll(), zoom(factor)}
 * @returns the elements the dashboard updates
 */
export function buildPanels(searchEl, on) {
  const select = (label, onchange) => {
    const el = h('select', {class: 'gr-select', onchange: () => {
      el.title = el.selectedOptions[0] ? el.selectedOptions[0].textContent : ''; // long run names
      onchange(el.value);
    }});
    return {select: el, el: h('label', {class: 'gr-field'}, [h('span', {text: label}), el])};
  };
  const btn = (text, title, onclick) => h('button', {class: 'gr-btn', type: 'button', text, title,
    'aria-label': title, onclick});
  const runSel = select('Run', on.run);
  const graphSel = select('Graph', on.graph);
  const metaSel = select('Run metadata', on.meta);
  const colorSel = select('Colour by', on.color);
  const colorKey = h('div', {class: 'gr-color-key'});
  const stat = h('div', {class: 'gr-stat'});
  const side = h('aside', {class: 'gr-side'}, [
    runSel.el, graphSel.el, metaSel.el,
    h('div', {class: 'gr-field'}, [h('span', {text: 'Find'}), searchEl]),
    h('div', {class: 'gr-buttons'}, [
      btn('Fit to screen', 'Show the whole graph (0)', on.fit),
      btn('Collapse all', 'Close every scope', on.collapseAll),
    ]),
    colorSel.el,
    colorKey,
    stat,
    legend(),
  ]);

  const canvasHost = h('div', {class: 'gr-canvas-host'});
  const message = h('div', {class: 'gr-message', role: 'status'});
  const details = h('aside', {class: 'gr-details', 'aria-label': 'Node details'});
  details.hidden = true;
  const metaText = h('pre', {class: 'gr-meta-text'});
  const metaTitle = h('span', {class: 'gr-meta-title'});
  const metaPanel = h('section', {class: 'gr-meta', 'aria-label': 'Run metadata'}, [
    h('div', {class: 'gr-meta-head'}, [
      metaTitle,
      h('button', {class: 'gr-icon-btn', type: 'button', text: '×', title: 'Hide run metadata',
        'aria-label': 'Hide run metadata', onclick: () => on.meta('')}),
    ]),
    metaText,
  ]);
  metaPanel.hidden = true;
  const zoom = h('div', {class: 'gr-zoom'}, [
    btn('+', 'Zoom in (+)', () => on.zoom(1.25)),
    btn('−', 'Zoom out (−)', () => on.zoom(0.8)),
    btn('⤢', 'Fit to screen (0)', on.fit),
  ]);
  const stage = h('div', {class: 'gr-stage'}, [canvasHost, zoom, message, details, metaPanel]);
  const dash = h('div', {class: 'gr-dash'}, [side, stage]);
  return {dash, stage, runSel, graphSel, metaSel, colorSel, colorKey, stat, canvasHost, message, details, metaPanel,
    metaText, metaTitle};
}

function legend() {
  const row = (cls, text) => h('li', {}, [h('span', {class: `gr-swatch ${cls}`}), h('span', {text})]);
  return h('div', {class: 'gr-legend'}, [
    h('h4', {text: 'Legend'}),
    h('ul', {}, [
      row('gr-sw-scope', 'Name scope (double-click to open)'),
      row('gr-sw-op', 'Operation'),
      row('gr-sw-const', 'Constant'),
      row('gr-sw-data', 'Data flow (width = tensor count)'),
      row('gr-sw-ctrl', 'Control dependency'),
    ]),
    h('p', {class: 'gr-hint', text: 'Scroll to zoom, drag to pan, click a node for details. ' +
        'Keys on the canvas: + − 0, arrows, Enter opens the selected scope.'}),
  ]);
}

/** Explains the current colouring under the "Colour by" choice. */
export function renderColorKey(el, key) {
  el.replaceChildren();
  el.hidden = !key;
  if (!key) return;
  if (key.kind === 'swatches') {
    const shown = key.rows.slice(0, 8);
    el.append(h('ul', {}, shown.map((r) => {
      const sw = h('span', {class: 'gr-swatch gr-sw-key'});
      sw.style.background = r.color;
      return h('li', {}, [sw, h('span', {text: r.label, title: r.label})]);
    })));
    if (key.rows.length > shown.length) el.append(h('div', {class: 'gr-hint', text: `${key.rows.length - shown.length} more`}));
    return;
  }
  const bar = h('div', {class: 'gr-scale-bar'});
  bar.style.background = `linear-gradient(to right, ${key.low}, ${key.high})`;
  const none = h('span', {class: 'gr-swatch gr-sw-key'});
  none.style.background = key.none;
  el.append(bar, h('div', {class: 'gr-scale-ends'}, [h('span', {text: key.min}), h('span', {text: key.max})]),
      h('div', {class: 'gr-scale-none'}, [none, h('span', {text: 'not recorded'})]));
}
