import {test} from 'node:test';
import assert from 'node:assert/strict';
import {nextSort, sortRows} from '../../src/hparams/sort.js';

function row(name, values, status = 'STATUS_SUCCESS') {
  return {id: name, name, status, values: new Map(Object.entries(values)), sessions: [{name: 'run-' + name}]};
}
const rows = [
  row('b', {'h:lr': 0.01, 'h:opt': 'sgd', 'h:bn': true}),
  row('a', {'h:lr': 0.1, 'h:opt': 'adam', 'h:bn': false}),
  row('d', {'h:opt': 'adam10'}),
  row('c', {'h:lr': NaN, 'h:opt': 'adam2'}, 'STATUS_FAILURE'),
];
const order = (sort) => sortRows(rows, sort).map((r) => r.name);

test('numbers ascending and descending; missing and NaN always last', () => {
  assert.deepEqual(order({column: 'h:lr', desc: false}), ['b', 'a', 'c', 'd']);
  assert.deepEqual(order({column: 'h:lr', desc: true}), ['a', 'b', 'c', 'd']);
});

test('strings in natural order, booleans false first, ties by name', () => {
  assert.deepEqual(order({column: 'h:opt', desc: false}), ['a', 'c', 'd', 'b']);
  assert.deepEqual(order({column: 'h:bn', desc: false}), ['a', 'b', 'c', 'd']);
  assert.deepEqual(order(null), ['a', 'b', 'c', 'd']);
  assert.deepEqual(order({column: 'status', desc: false}), ['c', 'a', 'b', 'd']);
});

test('header clicks cycle ascending, descending, off', () => {
  let sort = nextSort(null, 'x');
  assert.deepEqual(sort, {column: 'x', desc: false});
  sort = nextSort(sort, 'x');
  assert.deepEqual(sort, {column: 'x', desc: true});
  assert.equal(nextSort(sort, 'x'), null);
  assert.deepEqual(nextSort(sort, 'y'), {column: 'y', desc: false});
});
