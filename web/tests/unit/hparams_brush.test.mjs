import {test} from 'node:test';
import assert from 'node:assert/strict';
import {makeScale, niceTicks} from '../../src/hparams/scale.js';
import {brushFilterFor, brushToFilter, filterToBrush} from '../../src/hparams/brush.js';
import {linePath} from '../../src/hparams/parallel.js';

const num = {type: 'number'};
const near = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, a + ' ≈ ' + b);

test('linear scale maps the smallest value to the bottom and inverts', () => {
  const s = makeScale(num, [0, 5, 10], 100, 0);
  assert.equal(s.kind, 'linear');
  assert.equal(s.toPx(0), 100);
  assert.equal(s.toPx(10), 0);
  near(s.invert(25), 7.5);
});

test('values spanning orders of magnitude get a log scale', () => {
  const s = makeScale(num, [1e-4, 1e-3, 1e-1], 100, 0);
  assert.equal(s.kind, 'log');
  near(s.toPx(1e-3), 100 - 100 / 3);
  near(s.invert(50), Math.pow(10, -2.5));
  assert.deepEqual(s.ticks, [1e-4, 1e-3, 1e-2, 1e-1]);
});

test('a single value is padded so it sits mid-axis', () => {
  const s = makeScale(num, [3, 3], 100, 0);
  near(s.toPx(3), 50);
});

test('categories are evenly spaced points', () => {
  const s = makeScale({type: 'string'}, ['sgd', 'adam', 'rmsprop', 'adam'], 100, 0);
  assert.equal(s.kind, 'point');
  assert.deepEqual(s.domain, ['adam', 'rmsprop', 'sgd']);
  assert.equal(s.toPx('adam'), 100);
  assert.equal(s.toPx('rmsprop'), 50);
  assert.equal(s.toPx('sgd'), 0);
});

test('a brush on a numeric axis is an interval in data units, in either drag direction', () => {
  const s = makeScale(num, [0, 10], 100, 0);
  assert.deepEqual(brushToFilter(s, 20, 60), {min: 4, max: 8});
  assert.deepEqual(brushToFilter(s, 60, 20), {min: 4, max: 8});
});

test('a brush on a category axis selects the points inside it', () => {
  const s = makeScale({type: 'string'}, ['a', 'b', 'c'], 100, 0);
  assert.deepEqual(brushToFilter(s, 40, 110), {values: ['a', 'b']});
  assert.deepEqual(brushToFilter(s, 10, 40), {values: []});
});

test('a brush on a discrete numeric hparam becomes the values inside it', () => {
  const column = {type: 'number', discrete: true, values: [16, 32, 64]};
  const s = makeScale(column, [16, 32, 64], 480, 0);
  assert.deepEqual(brushFilterFor(column, s, 0, 330), {values: [32, 64]});
});

test('filters draw back as brushes', () => {
  const s = makeScale(num, [0, 10], 100, 0);
  assert.deepEqual(filterToBrush(s, {min: 4, max: 8}), [20, 60]);
  assert.deepEqual(filterToBrush(s, {min: 4}), [0, 60]);
  assert.equal(filterToBrush(s, null), null);
  assert.equal(filterToBrush(s, {}), null);
  const c = makeScale({type: 'string'}, ['a', 'b', 'c'], 100, 0);
  assert.deepEqual(filterToBrush(c, {values: ['b']}, 5), [45, 55]);
});

test('nice ticks', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(16, 128, 5), [25, 50, 75, 100, 125]);
  assert.deepEqual(niceTicks(2, 2), [2]);
});

test('lines step over missing values', () => {
  const axes = ['a', 'b', 'c'].map((id, i) => ({
    column: {id}, x: i * 10, scale: {toPx: (v) => v},
  }));
  const row = (values) => ({values: new Map(Object.entries(values))});
  assert.equal(linePath(row({a: 1, b: 2, c: 3}), axes), 'M0.0,1.0L10.0,2.0L20.0,3.0');
  assert.equal(linePath(row({a: 1, c: 3}), axes), 'M0.0,1.0L20.0,3.0');
  assert.equal(linePath(row({b: 2}), axes), 'M10.0,2.0L10.0,2.0');
  assert.equal(linePath(row({}), axes), '');
});
