import {test} from 'node:test';
import assert from 'node:assert/strict';
import {buildModel, defaultVisible, metricKey, rowTitle, toNumber} from '../../src/hparams/model.js';

const experiment = {
  hparamInfos: [
    {name: 'activation', type: 'DATA_TYPE_UNSET'},
    {name: 'num_units', type: 'DATA_TYPE_FLOAT64', domainDiscrete: [16, 32, 64], displayName: 'Hidden units'},
    {name: 'dropout', type: 'DATA_TYPE_FLOAT64', domainInterval: {minValue: 0.1, maxValue: 0.3}},
    {name: 'optimizer', type: 'DATA_TYPE_STRING', domainDiscrete: ['adam', 'sgd']},
    {name: 'constant', type: 'DATA_TYPE_STRING'},
  ],
  metricInfos: [
    {name: {tag: 'accuracy', group: ''}, displayName: 'Accuracy'},
    {name: {tag: 'epoch_loss', group: 'train'}},
  ],
};

function group(name, hparams, metrics, status = 'STATUS_SUCCESS') {
  return {
    name,
    hparams,
    metricValues: Object.entries(metrics).map(([key, value]) => {
      const [group, tag] = key.includes('/') ? key.split('/') : ['', key];
      return {name: {group, tag}, value};
    }),
    sessions: [{name: 'run-' + name, status}],
  };
}

const groups = [
  group('a', {activation: 'relu', num_units: 16, dropout: 0.1, optimizer: 'adam', constant: 'x'},
      {'accuracy': 0.9, 'train/epoch_loss': 0.2}),
  group('b', {activation: 'tanh', num_units: 32, dropout: 0.3, optimizer: 'sgd', constant: 'x'},
      {'accuracy': 'NaN'}, 'STATUS_FAILURE'),
];

test('columns: one per hparam and metric, with types from the config or the values', () => {
  const {columns} = buildModel(experiment, groups);
  assert.deepEqual(columns.map((c) => c.id),
      ['h:activation', 'h:num_units', 'h:dropout', 'h:optimizer', 'h:constant', 'm:accuracy', 'm:train/epoch_loss']);
  const byId = Object.fromEntries(columns.map((c) => [c.id, c]));
  assert.equal(byId['h:activation'].type, 'string');
  assert.equal(byId['h:activation'].discrete, true);
  assert.deepEqual(byId['h:num_units'].values, [16, 32, 64]);
  assert.equal(byId['h:num_units'].discrete, true);
  assert.equal(byId['h:num_units'].label, 'Hidden units');
  assert.equal(byId['h:dropout'].discrete, false);
  assert.equal(byId['h:constant'].varies, false);
  assert.equal(byId['m:accuracy'].label, 'Accuracy');
  assert.deepEqual(byId['m:train/epoch_loss'].metricName, {tag: 'epoch_loss', group: 'train'});
});

test('rows: values keyed by column, non-finite strings as numbers, status per group', () => {
  const {rows} = buildModel(experiment, groups);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].values.get('m:train/epoch_loss'), 0.2);
  assert.ok(Number.isNaN(rows[1].values.get('m:accuracy')));
  assert.equal(rows[1].status, 'STATUS_FAILURE');
  assert.equal(rowTitle(rows[0]), 'run-a');
});

test('default columns: varying hparams and every metric', () => {
  const {columns} = buildModel(experiment, groups);
  const visible = defaultVisible(columns);
  assert.ok(!visible.has('h:constant'));
  assert.ok(visible.has('h:activation'));
  assert.ok(visible.has('m:train/epoch_loss'));
});

test('helpers', () => {
  assert.equal(toNumber('Infinity'), Infinity);
  assert.equal(toNumber('-Infinity'), -Infinity);
  assert.equal(metricKey({tag: 'loss', group: ''}), 'loss');
  assert.equal(metricKey({tag: 'loss', group: 'val'}), 'val/loss');
});

// A group whose sessions ended differently (one repeat failed): "mixed" as a whole, but each
// session's status still counts for the status filter.
test('rows: a group of sessions with different statuses is mixed', async () => {
  const {emptyFilters, makeRowFilter} = await import('../../src/hparams/filters.js');
  const {sortRows} = await import('../../src/hparams/sort.js');
  const mixed = group('c', {activation: 'relu', num_units: 64, dropout: 0.2, optimizer: 'adam', constant: 'x'},
      {'accuracy': 0.5});
  mixed.sessions = [{name: 'run-c/0', status: 'STATUS_SUCCESS'}, {name: 'run-c/1', status: 'STATUS_FAILURE'}];
  const {rows} = buildModel(experiment, [...groups, mixed]);
  const row = rows[2];
  assert.equal(row.status, 'mixed');
  assert.deepEqual([...row.statuses].sort(), ['STATUS_FAILURE', 'STATUS_SUCCESS']);
  const only = (statuses) => rows.filter(makeRowFilter({...emptyFilters(), statuses})).map((r) => r.id);
  assert.deepEqual(only(['STATUS_FAILURE']), ['b', 'c']);
  assert.deepEqual(only(['STATUS_SUCCESS']), ['a', 'c']);
  assert.deepEqual(only(['STATUS_RUNNING']), []);
  // Sorting by status keeps the mixed group apart from both of its statuses.
  assert.deepEqual(sortRows(rows, {column: 'status', desc: false}).map((r) => r.id), ['c', 'b', 'a']);
});
