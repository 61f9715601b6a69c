import {test} from 'node:test';
import assert from 'node:assert/strict';
import {niceTicks, formatValue, formatCount, toNumber, formatDuration} from '../../src/hist/numbers.js';
import {parseColor, mix} from '../../src/hist/color.js';

test('niceTicks lands on 1-2-5 steps without float drift', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-0.23, 0.27, 5), [-0.2, -0.1, 0, 0.1, 0.2]);
  assert.deepEqual(niceTicks(0, 299, 4), [0, 100, 200]);
  assert.deepEqual(niceTicks(3, 3), [3]);
  assert.deepEqual(niceTicks(NaN, 1), []);
});

test('formatValue is short and readable', () => {
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(-0.0001234), '-1.23e-4');
  assert.equal(formatValue(1234567), '1.23e6');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatCount(12), '12');
  assert.equal(formatCount(12.3456), '12.35');
  assert.equal(formatCount(1234), '1,234');
});

test('toNumber understands the server spelling of non-finite floats', () => {
  assert.ok(Number.isNaN(toNumber('NaN')));
  assert.equal(toNumber('Infinity'), Infinity);
  assert.equal(toNumber('-Infinity'), -Infinity);
  assert.equal(toNumber(2), 2);
});

test('formatDuration', () => {
  assert.equal(formatDuration(42), '42s');
  assert.equal(formatDuration(3900), '1h 5m');
});

test('parseColor reads hex, rgb and hsl', () => {
  assert.deepEqual(parseColor('#ff8000'), {r: 255, g: 128, b: 0});
  assert.deepEqual(parseColor('#fff'), {r: 255, g: 255, b: 255});
  assert.deepEqual(parseColor('rgb(1, 2, 3)'), {r: 1, g: 2, b: 3});
  assert.deepEqual(parseColor('hsl(0, 100%, 50%)'), {r: 255, g: 0, b: 0});
  assert.deepEqual(parseColor('hsl(120 100% 25%)'), {r: 0, g: 128, b: 0});
  assert.equal(parseColor('papayawhip'), null);
  assert.deepEqual(mix({r: 0, g: 0, b: 0}, {r: 100, g: 200, b: 50}, 0.5), {r: 50, g: 100, b: 25});
});
