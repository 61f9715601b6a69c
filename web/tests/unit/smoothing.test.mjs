import {test} from 'node:test';
import assert from 'node:assert/strict';
import {smooth} from '../../src/lib/smoothing.js';

// TensorBoard's definition, written out step by step for a short series.
function reference(values, w) {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - w ** n);
  });
}

test('debiased EMA matches TensorBoard', () => {
  const values = [1, 3, 2, 5, 4, 6];
  const got = smooth(values, 0.6);
  const want = reference(values, 0.6);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `${i}: ${v} vs ${want[i]}`));
});

test('the first value is kept (debiasing)', () => {
  assert.equal(smooth([5, 7], 0.9)[0], 5);
});

test('weight 0 returns the values', () => {
  assert.deepEqual(smooth([1, 2, 3], 0), [1, 2, 3]);
});

test('weight 1 keeps the average at zero debiased by 1', () => {
  // TensorBoard: with weight 1 the debias weight is 1 and last stays 0.
  assert.deepEqual(smooth([1, 2, 3], 1), [0, 0, 0]);
});

test('a constant series comes back unchanged', () => {
  const values = [0.1, 0.1, 0.1, 0.1];
  assert.deepEqual(smooth(values, 0.99), values);
});

test('non-finite values pass through and are skipped', () => {
  const got = smooth([1, NaN, 3, Infinity, -Infinity, 5], 0.5);
  assert.ok(Number.isNaN(got[1]));
  assert.equal(got[3], Infinity);
  assert.equal(got[4], -Infinity);
  const want = reference([1, 3, 5], 0.5);
  assert.ok(Math.abs(got[0] - want[0]) < 1e-12);
  assert.ok(Math.abs(got[2] - want[1]) < 1e-12);
  assert.ok(Math.abs(got[5] - want[2]) < 1e-12);
});

test('an all-NaN series stays NaN', () => {
  assert.ok(smooth([NaN, NaN], 0.6).every(Number.isNaN));
});

test('empty series', () => {
  assert.deepEqual(smooth([], 0.6), []);
});
