// The table view: one row per session group that passes the filters, a column per shown
// hparam and metric, sortable by clicking a header.
import {el} from './dom.js';
import {formatTime, formatValue} from './format.js';
import {STATUS_LABELS, rowTitle} from './model.js';

function statusBadge(status) {
  const label = STATUS_LABELS[status] || 'Mixed';
  return el('span', {class: 'hp-status hp-status-' + label.toLowerCase(), text: label});
}

// Long run paths lose their middle, not their last part: "third_party/tf2_h…/run-7".
function nameCell(title, swatch) {
  const slash = title.lastIndexOf('/', title.length - 2);
  const prefix = slash > 0 ? title.slice(0, slash + 1) : '';
  return el('div', {class: 'hp-name-inner'}, [swatch,
    el('span', {class: 'hp-name-prefix', text: prefix}), el('span', {class: 'hp-name-leaf', text: title.slice(prefix.length)})]);
}

function header(id, label, title, sort, onSort, numeric) {
  const active = sort && sort.column === id;
  const arrow = active ? (sort.desc ? ' ▼' : ' ▲') : '';
  const th = el('th', {
    class: (numeric ? 'hp-num' : '') + (active ? ' hp-sorted' : ''),
    title,
    attrs: {'aria-sort': active ? (sort.desc ? 'descending' : 'ascending') : 'none', 'data-column': id, tabindex: 0},
  }, [el('span', {text: label}), el('span', {class: 'hp-arrow', text: arrow})]);
  th.addEventListener('click', () => onSort(id));
  th.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSort(id);
    }
  });
  return th;
}

// rows: already filtered and sorted. colorOf(row) → the row's colour-by colour.
export function renderTable(node, {rows, columns, sort, selected, colorOf, onSort, onSelect}) {
  const head = el('tr', {}, [
    header('name', 'Trial', 'Session run (the group name is in each row\'s tooltip)', sort, onSort, false),
    header('status', 'Status', 'Session status', sort, onSort, false),
    ...columns.map((c) => header(c.id, c.label, (c.kind === 'metric' ? 'metric ' : 'hparam ') + c.name +
      (c.description ? '\n' + c.description : ''), sort, onSort, c.type === 'number')),
  ]);
  const body = el('tbody', {}, rows.map((row) => {
    const swatch = el('span', {class: 'hp-swatch'});
    swatch.style.background = colorOf(row);
    const session = row.sessions[0];
    const tr = el('tr', {
      class: row.id === selected ? 'hp-selected' : '',
      title: 'group ' + row.name + (session?.startTimeSecs ? '\nstarted ' + formatTime(session.startTimeSecs) : ''),
      attrs: {'data-group': row.id, tabindex: 0},
    }, [
      el('td', {class: 'hp-name'}, [nameCell(rowTitle(row), swatch)]),
      el('td', {}, [statusBadge(row.status)]),
      ...columns.map((c) => {
        const v = row.values.get(c.id);
        return el('td', {class: c.type === 'number' ? 'hp-num' : '', text: formatValue(v)});
      }),
    ]);
    tr.addEventListener('click', () => onSelect(row.id));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onSelect(row.id);
    });
    return tr;
  }));
  const table = el('table', {class: 'hp-table'}, [el('thead', {}, [head]), body]);
  node.replaceChildren(el('div', {class: 'hp-table-wrap'}, [table]));
  if (!rows.length) node.appendChild(el('p', {class: 'hp-note', text: 'No session group matches the filters.'}));
}
