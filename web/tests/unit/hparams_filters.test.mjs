import {test} from 'node:test';
import assert from 'node:assert/strict';
import {emptyFilters, makeRowFilter, parseFilters, serializeFilters, toColParams, toggleValue,
  withColumnFilter} from '../../src/hparams/filters.js';

function row(name, values, statuses = ['STATUS_SUCCESS']) {
  return {id: name, name, statuses, values: new Map(Object.entries(values)), sessions: [{name}]};
}
const rows = [
  row('a', {'h:lr': 0.1, 'h:opt': 'adam', 'm:acc': 0.9}),
  row('b', {'h:lr': 0.01, 'h:opt': 'sgd', 'm:acc': 0.7}, ['STATUS_FAILURE']),
  row('c', {'h:opt': 'adamw', 'm:acc': 0.8}),
];
const names = (filters) => rows.filter(makeRowFilter(filters)).map((r) => r.name);

test('no filter keeps every group', () => {
  assert.deepEqual(names(emptyFilters()), ['a', 'b', 'c']);
});

test('closed interval, missing values pass unless excluded', () => {
  const f = withColumnFilter(emptyFilters(), 'h:lr', {min: 0.05, max: 0.1});
  assert.deepEqual(names(f), ['a', 'c']);
  assert.deepEqual(names({...f, excludeMissing: true}), ['a']);
  assert.deepEqual(names(withColumnFilter(emptyFilters(), 'm:acc', {min: 0.8})), ['a', 'c']);
  assert.deepEqual(names(withColumnFilter(emptyFilters(), 'm:acc', {max: 0.7})), ['b']);
});

test('discrete membership and toggling', () => {
  const column = {id: 'h:opt', values: ['adam', 'adamw', 'sgd']};
  let f = toggleValue(emptyFilters(), column, 'sgd', false);
  assert.deepEqual(f.columns['h:opt'], {values: ['adam', 'adamw']});
  assert.deepEqual(names(f), ['a', 'c']);
  f = toggleValue(f, column, 'sgd', true);
  assert.equal(f.columns['h:opt'], undefined, 'all values ticked is no filter');
});

test('regexp searches anywhere; a broken pattern matches nothing', () => {
  assert.deepEqual(names(withColumnFilter(emptyFilters(), 'h:opt', {regexp: 'dam'})), ['a', 'c']);
  assert.deepEqual(names(withColumnFilter(emptyFilters(), 'h:opt', {regexp: '^adam$'})), ['a']);
  assert.deepEqual(names(withColumnFilter(emptyFilters(), 'h:opt', {regexp: '('})), []);
});

test('status: a group passes when one of its sessions has an allowed status', () => {
  assert.deepEqual(names({...emptyFilters(), statuses: ['STATUS_FAILURE']}), ['b']);
  assert.deepEqual(names({...emptyFilters(), statuses: []}), []);
});

test('round trip through the URL', () => {
  let f = withColumnFilter(emptyFilters(), 'h:lr', {min: 0.05, max: 0.1});
  f = {...f, statuses: ['STATUS_SUCCESS'], excludeMissing: true};
  assert.deepEqual(parseFilters(serializeFilters(f)), f);
  assert.equal(serializeFilters(emptyFilters()), '');
  assert.deepEqual(parseFilters('{not json'), emptyFilters());
});

test('the same filters as session_groups colParams', () => {
  const columns = [
    {id: 'h:lr', kind: 'hparam', name: 'lr'},
    {id: 'h:opt', kind: 'hparam', name: 'opt'},
    {id: 'm:acc', kind: 'metric', name: 'acc', metricName: {tag: 'acc', group: ''}},
  ];
  let f = withColumnFilter(emptyFilters(), 'h:lr', {min: 0.05});
  f = withColumnFilter(f, 'h:opt', {values: ['adam']});
  assert.deepEqual(toColParams(columns, f, {column: 'm:acc', desc: true}), [
    {hparam: 'lr', filterInterval: {minValue: 0.05, maxValue: 'Infinity'}},
    {hparam: 'opt', filterDiscrete: ['adam']},
    {metric: {tag: 'acc', group: ''}, order: 'ORDER_DESC'},
  ]);
});
