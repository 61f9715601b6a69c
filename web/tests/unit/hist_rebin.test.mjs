import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseHistograms, commonRange, rebin, resample, binAt, binCenter} from '../../src/hist/rebin.js';

const sum = (a) => a.reduce((s, x) => s + x, 0);

test('rebin keeps the total count and spreads a bucket by overlap', () => {
  const c = rebin([[0, 10, 10]], 0, 10, 5);
  assert.deepEqual([...c], [2, 2, 2, 2, 2]);
  const d = rebin([[0, 1, 4], [1, 4, 6]], 0, 4, 2);
  assert.ok(Math.abs(d[0] - 6) < 1e-12); // 4 + 6 * 1/3
  assert.ok(Math.abs(d[1] - 4) < 1e-12);
});

test('rebin puts a zero-width bucket whole into its bin, the max edge into the last bin', () => {
  const c = rebin([[2.5, 2.5, 7], [4, 4, 1]], 0, 4, 4);
  assert.deepEqual([...c], [0, 0, 7, 1]);
});

test('rebin ignores parts outside the grid and empty buckets', () => {
  const c = rebin([[-2, 2, 4], [0, 1, 0]], 0, 2, 2);
  assert.deepEqual([...c], [1, 1]);
});

test('commonRange spans all steps and widens a constant', () => {
  const hs = parseHistograms([[1, 0, [[0, 1, 1]]], [2, 1, [[-3, 0.5, 2], [0.5, 5, 1]]]]);
  assert.deepEqual(commonRange(hs), {min: -3, max: 5});
  const flat = parseHistograms([[1, 0, [[2, 2, 5]]]]);
  assert.deepEqual(commonRange(flat), {min: 1.8, max: 2.2});
  assert.deepEqual(commonRange([]), {min: 0, max: 1});
});

test('parseHistograms sorts by step and drops non-finite buckets', () => {
  const hs = parseHistograms([[2, 5, [[0, 1, 3]]], [1, 1, [['-Infinity', 0, 1], [0, 1, 'NaN'], [0, 1, 2]]]]);
  assert.deepEqual(hs.map((h) => h.step), [1, 5]);
  assert.deepEqual(hs[0].buckets, [[0, 1, 2]]);
});

test('resample gives every step the same 30-bin grid and conserves counts', () => {
  const data = [
    [10, 0, [[-1, 0, 50], [0, 1, 50]]],
    [11, 1, [[-0.5, 0.2, 30], [0.2, 2, 70]]],
  ];
  const g = resample(parseHistograms(data));
  assert.equal(g.bins, 30);
  assert.equal(g.min, -1);
  assert.equal(g.max, 2);
  for (const s of g.slices) {
    assert.equal(s.counts.length, 30);
    assert.ok(Math.abs(sum([...s.counts]) - 100) < 1e-9);
  }
  assert.ok(g.maxCount > 0);
  assert.equal(binAt(g, -1), 0);
  assert.equal(binAt(g, 2), 29);
  assert.equal(binAt(g, 3), -1);
  assert.ok(Math.abs(binCenter(g, 0) - (-0.95)) < 1e-12);
});
