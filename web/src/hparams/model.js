// The hparams data model: the server's experiment and session groups turned into columns
// (one per hparam and metric) and rows (one per session group) that every view shares.

export const STATUSES = ['STATUS_SUCCESS', 'STATUS_FAILURE', 'STATUS_RUNNING', 'STATUS_UNKNOWN'];

export const STATUS_LABELS = {
  STATUS_SUCCESS: 'Success',
  STATUS_FAILURE: 'Failure',
  STATUS_RUNNING: 'Running',
  STATUS_UNKNOWN: 'Unknown',
};

// The protobuf-JSON mapping spells non-finite doubles as strings.
export function toNumber(value) {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return Number(value);
}

export function metricKey(name) {
  return name.group ? name.group + '/' + name.tag : name.tag;
}

export function isMissing(value) {
  return value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value));
}

// The type a column is compared and scaled as. DATA_TYPE_UNSET hparams (no domain in the
// config) take the type of the values actually logged.
function valueType(info, values) {
  if (info.type === 'DATA_TYPE_FLOAT64') return 'number';
  if (info.type === 'DATA_TYPE_BOOL') return 'bool';
  if (info.type === 'DATA_TYPE_STRING') return 'string';
  const present = values.filter((v) => !isMissing(v));
  if (present.length && present.every((v) => typeof v === 'number')) return 'number';
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'bool';
  return 'string';
}

function distinct(values) {
  const seen = new Map();
  for (const v of values) if (!isMissing(v)) seen.set(typeof v + ':' + String(v), v);
  return [...seen.values()];
}

export function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, {numeric: true});
}

function groupStatus(sessions) {
  const statuses = [...new Set(sessions.map((s) => s.status || 'STATUS_UNKNOWN'))];
  return statuses.length === 1 ? statuses[0] : 'mixed';
}

// experiment: the /experiment answer; groups: sessionGroups of /session_groups.
// Returns {columns, rows}. A column: {id, kind: 'hparam'|'metric', name, label, description,
// type: 'number'|'string'|'bool', values (distinct, sorted), discrete, varies, metricName?}.
// A row: {id, name, sessions, statuses, status, values: Map(columnId → value)}.
export function buildModel(experiment, groups) {
  const rows = (groups || []).map((group) => {
    const sessions = group.sessions || [];
    const values = new Map();
    for (const [name, value] of Object.entries(group.hparams || {})) values.set('h:' + name, value);
    for (const mv of group.metricValues || []) values.set('m:' + metricKey(mv.name), toNumber(mv.value));
    return {
      id: group.name,
      name: group.name,
      sessions,
      statuses: [...new Set(sessions.map((s) => s.status || 'STATUS_UNKNOWN'))],
      status: groupStatus(sessions),
      values,
    };
  });

  const columns = [];
  for (const info of experiment.hparamInfos || []) {
    const id = 'h:' + info.name;
    const logged = rows.map((r) => r.values.get(id));
    const type = valueType(info, logged);
    const domain = info.domainDiscrete || [];
    let values = distinct([...domain, ...logged]).sort(compareValues);
    if (type === 'bool') values = values.filter((v) => typeof v === 'boolean');
    const observed = distinct(logged);
    columns.push({
      id,
      kind: 'hparam',
      name: info.name,
      label: info.displayName || info.name,
      description: info.description || '',
      type,
      values,
      // Checkboxes when the config lists the values or there are few of them; numbers
      // without a discrete domain get a range instead.
      discrete: type !== 'number' ? values.length <= 24 || domain.length > 0 : domain.length > 0,
      varies: observed.length > 1,
      interval: info.domainInterval ?
        [toNumber(info.domainInterval.minValue), toNumber(info.domainInterval.maxValue)] : null,
    });
  }
  for (const info of experiment.metricInfos || []) {
    const key = metricKey(info.name);
    const id = 'm:' + key;
    const logged = rows.map((r) => r.values.get(id));
    columns.push({
      id,
      kind: 'metric',
      name: key,
      label: info.displayName || key,
      description: info.description || '',
      type: 'number',
      values: distinct(logged).sort(compareValues),
      discrete: false,
      varies: distinct(logged).length > 1,
      metricName: info.name,
    });
  }
  return {columns, rows};
}

// The columns shown before the user picks: every metric and the hparams that vary across
// groups (a merged logdir can carry dozens of constant ones), else the first few.
export function defaultVisible(columns, limit = 12) {
  const hparams = columns.filter((c) => c.kind === 'hparam');
  let shown = hparams.filter((c) => c.varies).slice(0, limit);
  if (!shown.length) shown = hparams.slice(0, limit);
  return new Set([...shown, ...columns.filter((c) => c.kind === 'metric')].map((c) => c.id));
}

// One line per session group in tables and tooltips: its session run names are what users
// recognise, not the group's hash.
export function rowTitle(row) {
  if (row.sessions.length === 1) return row.sessions[0].name;
  if (!row.sessions.length) return row.name;
  return row.sessions[0].name + ' +' + (row.sessions.length - 1);
}
