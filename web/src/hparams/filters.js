// Filters over session groups, with the semantics of the server's session_groups colParams:
// a closed interval, membership in a set of values, or a regexp searched anywhere; a group
// without the value passes unless excludeMissing; a status filter keeps a group when any of
// its sessions has an allowed status.
import {STATUSES, isMissing} from './model.js';

// filters: {columns: {columnId: {min, max} | {values: [...]} | {regexp}}, statuses: [...],
// excludeMissing: bool}
export function emptyFilters() {
  return {columns: {}, statuses: [...STATUSES], excludeMissing: false};
}

function valueKey(v) {
  return typeof v + ':' + String(v);
}

export function isActive(filter) {
  if (!filter) return false;
  if (filter.values) return true;
  if (filter.regexp !== undefined) return filter.regexp !== '';
  return isFinite(filter.min) || isFinite(filter.max);
}

// A compiled test for one column's filter; invalid regexps match nothing rather than throw,
// so a half-typed pattern never breaks the page.
export function compileFilter(filter) {
  if (!isActive(filter)) return null;
  if (filter.values) {
    const allowed = new Set(filter.values.map(valueKey));
    return (v) => allowed.has(valueKey(v));
  }
  if (filter.regexp !== undefined) {
    let re;
    try {
      re = new RegExp(filter.regexp);
    } catch {
      return () => false;
    }
    return (v) => re.test(String(v));
  }
  const min = isFinite(filter.min) ? filter.min : -Infinity;
  const max = isFinite(filter.max) ? filter.max : Infinity;
  return (v) => typeof v === 'number' && v >= min && v <= max;
}

// Returns a predicate row → bool for all active filters.
export function makeRowFilter(filters) {
  const tests = [];
  for (const [id, filter] of Object.entries(filters.columns || {})) {
    const test = compileFilter(filter);
    if (test) tests.push([id, test]);
  }
  const statuses = new Set(filters.statuses || STATUSES);
  const excludeMissing = Boolean(filters.excludeMissing);
  return (row) => {
    if (!row.statuses.some((s) => statuses.has(s))) return false;
    for (const [id, test] of tests) {
      const v = row.values.get(id);
      if (isMissing(v)) {
        if (excludeMissing) return false;
        continue;
      }
      if (!test(v)) return false;
    }
    return true;
  };
}

// Returns filters with one column's filter replaced (null removes it); never mutates.
export function withColumnFilter(filters, id, filter) {
  const columns = {...filters.columns};
  if (isActive(filter)) columns[id] = filter;
  else delete columns[id];
  return {...filters, columns};
}

// Toggles one value of a discrete filter. All values ticked is the same as no filter.
export function toggleValue(filters, column, value, on) {
  const current = filters.columns[column.id]?.values ?? column.values;
  const keys = new Set(current.map(valueKey));
  if (on) keys.add(valueKey(value));
  else keys.delete(valueKey(value));
  const values = column.values.filter((v) => keys.has(valueKey(v)));
  return withColumnFilter(filters, column.id, values.length === column.values.length ? null : {values});
}

export function valueAllowed(filters, column, value) {
  const f = filters.columns[column.id];
  return !f?.values || f.values.some((v) => valueKey(v) === valueKey(value));
}

// Protobuf-JSON spells an unbounded double as a string; JSON.stringify would write null.
function bound(value, infinite) {
  return isFinite(value) ? value : infinite;
}

// The same filters as a ListSessionGroupsRequest's colParams, for the server or a download
// link to reproduce the table.
export function toColParams(columns, filters, sort) {
  return columns.map((column) => {
    const param = column.kind === 'hparam' ? {hparam: column.name} : {metric: column.metricName};
    const filter = filters.columns[column.id];
    if (isActive(filter)) {
      if (filter.values) param.filterDiscrete = filter.values;
      else if (filter.regexp !== undefined) param.filterRegexp = filter.regexp;
      else param.filterInterval = {minValue: bound(filter.min, '-Infinity'), maxValue: bound(filter.max, 'Infinity')};
    }
    if (sort && sort.column === column.id) param.order = sort.desc ? 'ORDER_DESC' : 'ORDER_ASC';
    if (filters.excludeMissing) param.excludeMissingValues = true;
    return param;
  });
}

// Filters survive in the URL as compact JSON; anything unreadable falls back to none.
export function serializeFilters(filters) {
  const defaults = emptyFilters();
  const out = {};
  if (Object.keys(filters.columns).length) out.c = filters.columns;
  if (filters.statuses.length !== defaults.statuses.length) out.s = filters.statuses;
  if (filters.excludeMissing) out.x = 1;
  return Object.keys(out).length ? JSON.stringify(out) : '';
}

export function parseFilters(text) {
  const filters = emptyFilters();
  if (!text) return filters;
  try {
    const data = JSON.parse(text);
    if (data.c && typeof data.c === 'object') filters.columns = data.c;
    if (Array.isArray(data.s)) filters.statuses = data.s.filter((s) => STATUSES.includes(s));
    filters.excludeMissing = Boolean(data.x);
  } catch {
    // A hand-edited link: start unfiltered.
  }
  return filters;
}
