// The details card for the selected op or scope: what it is, where it runs, its attributes,
// its inputs and outputs (each a link that reveals that node) and, with run metadata,
// its measured time and memory.

import {h} from './dom.js';
import {formatAttr} from './attr_format.js';
import {TOO_LARGE_KEY} from './graphdef.js';
import {formatMicros, formatBytes} from './run_metadata.js';

const MAX_LINKS = 200;

/**
 * @param model {graph, hierarchy, consumers: Map<opIndex, Edge[]>, stats: Map|null,
 *               isExpanded(group), navigate(item), toggle(group), close()}
 */
export function renderDetails(el, item, model) {
  el.replaceChildren();
  if (!item) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const head = h('div', {class: 'gr-details-head'}, [
    h('div', {class: 'gr-details-titles'}, [
      h('div', {class: 'gr-details-title', text: item.label}),
      h('div', {class: 'gr-details-kind', text: kindLine(item, model)}),
    ]),
    h('button', {class: 'gr-icon-btn', type: 'button', title: 'Close', 'aria-label': 'Close details',
      text: '×', onclick: () => model.close()}),
  ]);
  el.append(head);
  if (item.kind === 'op') opDetails(el, item, model);
  else groupDetails(el, item, model);
}

// What it is and where it sits: "MatMul in dense_1", "name scope at the top level".
function kindLine(item, model) {
  const what = item.kind === 'op' ? model.graph.ops[item.index].op
    : item.synthetic ? 'part of a wide scope' : 'name scope';
  const parent = item.parent;
  const where = !parent || parent.depth < 0 ? 'at the top level'
    : `in ${parent.synthetic ? parent.label : parent.path}`;
  return `${what} ${where}`;
}

function opDetails(el, item, model) {
  const {graph} = model;
  const op = graph.ops[item.index];
  const rows = [['Name', op.name], ['Operation', op.op], ['Device', op.device || '—']];
  const stat = model.stats && model.stats.get(op.name);
  if (stat) {
    rows.push(['Compute time', formatMicros(stat.micros)]);
    if (stat.bytes) rows.push(['Memory', formatBytes(stat.bytes)]);
  }
  el.append(table(rows));

  if (op.outputShapes && op.outputShapes.length) {
    el.append(section('Output shapes', table(op.outputShapes.map((s, i) => [`:${i}`, s]))));
  }

  const attrs = op.attrs.filter((a) => a.key !== '_output_shapes' && a.key !== TOO_LARGE_KEY);
  const attrRows = attrs.map((a) => [a.key, formatAttr(a.value)]);
  for (const key of op.tooLarge) attrRows.push([key, '(too large to show)']);
  if (attrRows.length) el.append(section(`Attributes (${attrRows.length})`, table(attrRows)));

  const inputs = op.inputs.map((inp) => {
    const src = graph.index.get(inp.name);
    const shape = src !== undefined && !inp.control ? shapeOf(graph.ops[src], inp.port) : '';
    return link(model, src, inp.name + (inp.port ? `:${inp.port}` : ''), shape, inp.control);
  });
  el.append(section(`Inputs (${inputs.length})`, list(inputs)));

  const outs = (model.consumers.get(item.index) || []).map((e) =>
    link(model, e.dst, graph.ops[e.dst].name, e.control ? '' : shapeOf(op, e.port), e.control,
        e.port ? `from :${e.port}` : ''));
  el.append(section(`Outputs (${outs.length})`, list(outs)));
}

function groupDetails(el, group, model) {
  const subgroups = group.children.filter((c) => c.kind === 'group').length;
  const rows = [['Scope', group.synthetic ? group.label : group.path], ['Ops inside', String(group.opCount)],
    ['Direct children', `${group.children.length}${subgroups ? ` (${subgroups} scopes)` : ''}`]];
  el.append(table(rows));
  const open = model.isExpanded(group);
  el.append(h('div', {class: 'gr-details-actions'}, [
    h('button', {class: 'gr-btn', type: 'button', text: open ? 'Close scope' : 'Open scope',
      onclick: () => model.toggle(group)}),
  ]));
  const types = [...group.types.entries()].sort((a, b) => b[1] - a[1]);
  const shown = types.slice(0, 12).map(([t, n]) => [t, String(n)]);
  if (types.length > 12) shown.push([`${types.length - 12} more types`, '']);
  el.append(section('Operations', table(shown)));

  const siblings = group.parent ? group.parent.edges : [];
  const ins = siblings.filter((e) => e.to === group);
  const outs = siblings.filter((e) => e.from === group);
  const row = (other, e) => {
    const target = other.kind === 'op' ? other.index : other;
    return link(model, target, other.kind === 'op' ? other.key : (other.synthetic ? other.label : other.path),
        e.count > 1 ? `${e.count} tensors` : '', e.control === e.count);
  };
  el.append(section(`Inputs (${ins.length})`, list(ins.map((e) => row(e.from, e)))));
  el.append(section(`Outputs (${outs.length})`, list(outs.map((e) => row(e.to, e)))));
}

function shapeOf(op, port) {
  return op.outputShapes && op.outputShapes[port] !== undefined ? op.outputShapes[port] : '';
}

// target: an op index, a group item, or undefined for a name not in the graph.
function link(model, target, name, note, control, extra = '') {
  const li = h('li', {class: 'gr-link-row'});
  if (target === undefined) {
    li.append(h('span', {class: 'gr-missing', text: name, title: 'not in this graph'}));
  } else {
    const item = typeof target === 'number' ? model.hierarchy.opItems[target] : target;
    li.append(h('button', {class: 'gr-link', type: 'button', text: name, title: name,
      onclick: () => model.navigate(item)}));
  }
  const tags = [];
  if (control) tags.push(h('span', {class: 'gr-badge', text: 'control'}));
  if (extra) tags.push(h('span', {class: 'gr-note', text: extra}));
  if (note) tags.push(h('span', {class: 'gr-note', text: note}));
  if (tags.length) li.append(h('span', {class: 'gr-link-tags'}, tags));
  return li;
}

function list(items) {
  if (!items.length) return h('div', {class: 'gr-empty-line', text: 'none'});
  const ul = h('ul', {class: 'gr-links'}, items.slice(0, MAX_LINKS));
  if (items.length > MAX_LINKS) ul.append(h('li', {class: 'gr-note', text: `… ${items.length - MAX_LINKS} more`}));
  return ul;
}

function section(title, body) {
  return h('section', {class: 'gr-section'}, [h('h4', {text: title}), body]);
}

function table(rows) {
  return h('table', {class: 'gr-kv'}, [h('tbody', {}, rows.map(([k, v]) =>
    h('tr', {}, [h('th', {text: k, title: k}), h('td', {text: v})])))]);
}
