import {test} from 'node:test';
import assert from 'node:assert/strict';
import {toColumns, valueRange, nearestIndex, BANDS, MEDIAN, BASIS_POINTS, percentLabel} from '../../src/hist/bands.js';

const row = (wall, step, vals) => [wall, step, BASIS_POINTS.map((bp, i) => [bp, vals[i]])];

test('toColumns sorts by step and splits the nine basis points into columns', () => {
  const cols = toColumns([
    row(2, 20, [-4, -3, -2, -1, 0, 1, 2, 3, 4]),
    row(1, 10, [-8, -6, -4, -2, 0, 2, 4, 6, 8]),
  ]);
  assert.deepEqual(cols.steps, [10, 20]);
  assert.deepEqual(cols.wallTimes, [1, 2]);
  assert.equal(cols.values.length, 9);
  assert.deepEqual(cols.values[0], [-8, -4]);
  assert.deepEqual(cols.values[MEDIAN], [0, 0]);
  assert.deepEqual(valueRange(cols), {min: -8, max: 8});
});

test('bands are symmetric pairs around the median, outer first', () => {
  for (const [lo, hi] of BANDS) assert.equal(lo + hi, 8);
  assert.deepEqual(BANDS[0], [0, 8]);
  assert.equal(percentLabel(0), 'min');
  assert.equal(percentLabel(668), '6.68%');
  assert.equal(percentLabel(5000), 'median');
});

test('steps with non-finite percentiles are dropped; strings are parsed', () => {
  const cols = toColumns([
    row(1, 1, ['NaN', 0, 0, 0, 0, 0, 0, 0, 0]),
    row(1, 2, ['-1', 0, 0, 0, 0, 0, 0, 0, '1']),
  ]);
  assert.deepEqual(cols.steps, [2]);
  assert.deepEqual(valueRange(cols), {min: -1, max: 1});
});

test('a constant distribution still gets a range', () => {
  const cols = toColumns([row(1, 1, [3, 3, 3, 3, 3, 3, 3, 3, 3])]);
  const r = valueRange(cols);
  assert.ok(r.min < 3 && r.max > 3);
});

test('nearestIndex finds the closest x', () => {
  const xs = [0, 10, 20, 40];
  assert.equal(nearestIndex(xs, -5), 0);
  assert.equal(nearestIndex(xs, 14), 1);
  assert.equal(nearestIndex(xs, 16), 2);
  assert.equal(nearestIndex(xs, 100), 3);
  assert.equal(nearestIndex([], 1), -1);
});

import {tagGroup, groupItems} from '../../src/hist/groups.js';

test('tags group by their first path component', () => {
  assert.equal(tagGroup('dense/kernel_0'), 'dense');
  assert.equal(tagGroup('loss'), 'loss');
  assert.equal(tagGroup('/odd'), '/odd');
  const groups = groupItems(['l9/b', 'l9/w', 'l10/w', 'x'].map((tag) => ({tag})));
  assert.deepEqual(groups.map((g) => [g.name, g.items.length]), [['l9', 2], ['l10', 1], ['x', 1]]);
});

import {compareTags} from '../../src/hist/groups.js';

test('tags of one group stay together when sorted', () => {
  const tags = ['conv2d_1/bias', 'conv2d/kernel', 'conv2d/bias', 'conv2d_10/x', 'conv2d_2/x'];
  assert.deepEqual(tags.sort(compareTags), ['conv2d/bias', 'conv2d/kernel', 'conv2d_1/bias', 'conv2d_2/x', 'conv2d_10/x']);
});
