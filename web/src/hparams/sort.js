// Row order: by one column, missing values always last, ties broken by the session run name
// (what the table shows, in natural order: run-2 before run-10) so the order is stable.
import {compareValues, isMissing} from './model.js';

export function sortRows(rows, sort) {
  const label = (r) => r.sessions[0]?.name ?? r.name;
  const byName = (a, b) => label(a).localeCompare(label(b), undefined, {numeric: true}) ||
    a.name.localeCompare(b.name);
  if (!sort || !sort.column) return [...rows].sort(byName);
  const sign = sort.desc ? -1 : 1;
  const get = sort.column === 'status' ? (r) => r.status :
    sort.column === 'name' ? label :
      (r) => r.values.get(sort.column);
  return [...rows].sort((a, b) => {
    const va = get(a);
    const vb = get(b);
    const ma = isMissing(va);
    const mb = isMissing(vb);
    if (ma || mb) return ma === mb ? byName(a, b) : ma ? 1 : -1;
    return sign * compareValues(va, vb) || byName(a, b);
  });
}

// Header clicks cycle ascending → descending → unsorted.
export function nextSort(sort, column) {
  if (!sort || sort.column !== column) return {column, desc: false};
  if (!sort.desc) return {column, desc: true};
  return null;
}
