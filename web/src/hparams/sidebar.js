// The filter panel: per hparam a "show column" box and its filter (value checkboxes, a
// numeric range or a regexp), per metric a range, the statuses, and a reset.
import {el} from './dom.js';
import {formatValue} from './format.js';
import {STATUSES, STATUS_LABELS} from './model.js';
import {emptyFilters, toggleValue, valueAllowed, withColumnFilter} from './filters.js';

// Parses a range bound; '' means unbounded, anything unreadable is null.
export function parseBound(text) {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '-inf' || t === '+inf' || t === 'inf') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function rangeInputs(column, filters, onChange) {
  const current = filters.columns[column.id] || {};
  const input = (which, placeholder) => {
    const node = el('input', {
      class: 'hp-range-input',
      attrs: {type: 'text', inputmode: 'decimal', placeholder, 'aria-label': column.label + ' ' + which,
        'data-bound': which},
    });
    if (isFinite(current[which])) node.value = formatValue(current[which]);
    node.addEventListener('input', () => {
      const value = parseBound(node.value);
      node.classList.toggle('hp-invalid', value === null);
      if (value === null) return;
      const now = onChange.current().columns[column.id] || {};
      const next = {min: now.min, max: now.max, [which]: value};
      onChange(withColumnFilter(onChange.current(), column.id, next));
    });
    return node;
  };
  return el('div', {class: 'hp-range'}, [input('min', '-∞'), el('span', {text: '–'}), input('max', '+∞')]);
}

function valueChecks(column, filters, onChange) {
  return el('div', {class: 'hp-values'}, column.values.map((value) => {
    const box = el('input', {attrs: {type: 'checkbox'}});
    box.checked = valueAllowed(filters, column, value);
    box.addEventListener('change', () => onChange(toggleValue(onChange.current(), column, value, box.checked)));
    return el('label', {class: 'hp-check', title: String(value)}, [box, el('span', {text: formatValue(value)})]);
  }));
}

function regexpInput(column, filters, onChange) {
  const node = el('input', {
    class: 'hp-regexp',
    attrs: {type: 'text', placeholder: 'regex', 'aria-label': column.label + ' regex'},
  });
  node.value = filters.columns[column.id]?.regexp ?? '';
  node.addEventListener('input', () => {
    let valid = true;
    try {
      new RegExp(node.value);
    } catch {
      valid = false;
    }
    node.classList.toggle('hp-invalid', !valid);
    if (valid) onChange(withColumnFilter(onChange.current(), column.id, {regexp: node.value}));
  });
  return node;
}

function columnEntry(column, filters, visible, onChange, onVisible) {
  const shown = visible.has(column.id);
  const box = el('input', {attrs: {type: 'checkbox', 'aria-label': 'show ' + column.label}});
  box.checked = shown;
  box.addEventListener('change', () => onVisible(column.id, box.checked));
  const head = el('label', {class: 'hp-col-head', title: column.description || column.name}, [
    box,
    el('span', {class: 'hp-col-name', text: column.label}),
  ]);
  const entry = el('div', {class: 'hp-col' + (shown ? '' : ' hp-col-hidden'), attrs: {'data-column': column.id}}, [head]);
  if (!shown) return entry;
  if (column.discrete) entry.appendChild(valueChecks(column, filters, onChange));
  else if (column.type === 'number') entry.appendChild(rangeInputs(column, filters, onChange));
  else entry.appendChild(regexpInput(column, filters, onChange));
  return entry;
}

function statusSection(filters, onChange) {
  return el('div', {class: 'hp-statuses'}, STATUSES.map((status) => {
    const box = el('input', {attrs: {type: 'checkbox', 'data-status': status}});
    box.checked = filters.statuses.includes(status);
    box.addEventListener('change', () => {
      const current = onChange.current();
      const statuses = STATUSES.filter((s) => (s === status ? box.checked : current.statuses.includes(s)));
      onChange({...current, statuses});
    });
    return el('label', {class: 'hp-check'}, [box, el('span', {text: STATUS_LABELS[status]})]);
  }));
}

// Draws the panel into `node`. onChange(filters) has .current() returning the live filters,
// so inputs built earlier combine with changes made since.
export function renderSidebar(node, {columns, filters, visible, onChange, onVisible}) {
  const scroll = node.scrollTop;
  node.replaceChildren();
  const section = (title, children) => el('section', {class: 'hp-side-section'}, [
    el('h3', {text: title}), ...children]);
  const hparams = columns.filter((c) => c.kind === 'hparam');
  const metrics = columns.filter((c) => c.kind === 'metric');
  const sorted = [...hparams.filter((c) => visible.has(c.id)), ...hparams.filter((c) => !visible.has(c.id))];
  node.appendChild(section('Hyperparameters',
      sorted.map((c) => columnEntry(c, filters, visible, onChange, onVisible))));
  if (metrics.length) {
    node.appendChild(section('Metrics', metrics.map((c) => columnEntry(c, filters, visible, onChange, onVisible))));
  }
  node.appendChild(section('Status', [statusSection(filters, onChange)]));
  const missing = el('input', {attrs: {type: 'checkbox'}});
  missing.checked = filters.excludeMissing;
  missing.addEventListener('change', () => onChange({...onChange.current(), excludeMissing: missing.checked}));
  node.appendChild(section('Options', [
    el('label', {class: 'hp-check hp-wrap'}, [missing, el('span', {text: 'Hide groups missing a filtered value'})]),
    el('button', {class: 'hp-button', text: 'Reset filters', attrs: {type: 'button'},
      on: {click: () => onChange(emptyFilters(), {rebuild: true})}}),
  ]));
  node.scrollTop = scroll;
}
