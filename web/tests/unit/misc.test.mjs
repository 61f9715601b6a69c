import {test} from 'node:test';
import assert from 'node:assert/strict';
import {dataRange, quantile, visibleValues} from '../../src/lib/chart_range.js';
import {groupTags, decodeList, encodeList, formatZooms, parseZooms} from '../../src/scalars/tag_groups.js';
import {groupRuns, logdirNames} from '../../src/shell/run_groups.js';
import {mergeChanges} from '../../src/shell/event_stream.js';
import {stepWindow} from '../../src/scalars/x_axis.js';
import {compileFilter} from '../../src/lib/regex.js';
import {formatStep, formatValue, formatDuration} from '../../src/lib/format.js';

test('tag groups by prefix, naturally sorted', () => {
  assert.deepEqual(groupTags(['loss/b', 'acc', 'loss/a10', 'loss/a2', 'eval/x']), [
    {name: 'acc', tags: ['acc']},
    {name: 'eval', tags: ['eval/x']},
    {name: 'loss', tags: ['loss/a2', 'loss/a10', 'loss/b']},
  ]);
});

test('list encoding survives commas', () => {
  const items = ['a,b', 'c', 'ü/%'];
  assert.deepEqual(decodeList(encodeList(items)), items);
  assert.deepEqual(decodeList(''), []);
});

test('logdir spec names', () => {
  assert.deepEqual(logdirNames('/tmp/logs'), []);
  assert.deepEqual(logdirNames('a:/x,b:/y/z'), ['a', 'b']);
  assert.deepEqual(logdirNames('gs://bucket/x'), []);
  assert.deepEqual(logdirNames('C:\\logs'), []);
  assert.deepEqual(groupRuns(['a/r1', 'b', 'b/r2', 'c'], ['a', 'b']), [
    {name: 'a', runs: ['a/r1']}, {name: 'b', runs: ['b', 'b/r2']}, {name: '', runs: ['c']}]);
});

test('ranges and outliers', () => {
  assert.deepEqual(dataRange([[1, 5, NaN, 3]]), [1, 5]);
  assert.deepEqual(dataRange([[-1, 10, 100]], {log: true}), [10, 100]);
  const values = Array.from({length: 101}, (_, i) => i);
  values.push(1e9);
  const [lo, hi] = dataRange([values], {outliers: false});
  assert.ok(lo >= 4 && lo <= 6 && hi < 200, `${lo} ${hi}`);
  assert.equal(quantile(Float64Array.from([0, 10]), 0.5), 5);
  assert.deepEqual(visibleValues([{x: [1, 2, 3], y: [10, 20, 30]}], [2, 3]), [20, 30]);
  const [a, b] = dataRange([[2, 2]], {pad: true});
  assert.ok(a < 2 && b > 2);
});

test('change events merge', () => {
  const merged = mergeChanges(
      {generation: 1, runs: {a: ['x']}, removed_runs: ['b']},
      {generation: 2, runs: {a: ['y'], b: []}, removed_runs: ['c']});
  assert.deepEqual(merged, {generation: 2, runs: {a: ['x', 'y'], b: []}, removed_runs: ['c']});
});

test('zoom window to steps', () => {
  const loaded = {step: [0, 10, 20, 30, 40], wall: [100, 110, 120, 130, 140]};
  assert.deepEqual(stepWindow([loaded], 'step', [], [5.5, 25.2]), [5, 26]);
  assert.deepEqual(stepWindow([loaded], 'relative', [100], [15, 25]), [10, 30]);
  assert.equal(stepWindow([loaded], 'wall', [], [500, 600]), null);
});

test('filters fall back to text while the regex is broken', () => {
  const filter = compileFilter('loss(');
  assert.equal(filter.valid, false);
  assert.ok(filter.test('LOSS(x'));
  assert.ok(compileFilter('^eval').test('eval/loss'));
  assert.ok(!compileFilter('^eval').test('train/eval'));
});

test('formatting', () => {
  assert.equal(formatStep(1500), '1500');
  assert.equal(formatStep(15000), '15k');
  assert.equal(formatStep(3000), '3k');
  assert.equal(formatStep(2000000), '2M');
  assert.equal(formatStep(42), '42');
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatDuration(200), '3 m 20 s');
});

test('zoomed charts round-trip through the URL list, whatever the tag', () => {
  const zooms = new Map([['loss', [10, 250.5]], ['a~b,c/ü', [-3e-7, 1e12]]]);
  const text = encodeList(formatZooms(zooms));
  assert.deepEqual([...parseZooms(decodeList(text))], [...zooms]);
  // Broken or empty ranges are dropped, not guessed.
  assert.deepEqual([...parseZooms(['5~1~loss', 'x~2~loss', 'nope', '1~2~'])], [['', [1, 2]]]);
});
