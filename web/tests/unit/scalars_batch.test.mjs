import {test} from 'node:test';
import assert from 'node:assert/strict';
import {completeWithHeld, decodeBatch} from '../../src/scalars/batch_format.js';
import {createSeriesLoader} from '../../src/scalars/series_loader.js';

// The server's binary answer (src/plugins/scalars_plugin.h), built the way the server builds it.
// series: [{run, tag, error} | {run, tag, stamp, wall?, step?, value?, smoothed?}]
function encodeBatch(series) {
  const index = series.map((s) => s.error ? {run: s.run, tag: s.tag, error: s.error} :
    {run: s.run, tag: s.tag, stamp: s.stamp, n: s.n ?? (s.value || s.smoothed).length,
      raw: Boolean(s.value), smoothed: Boolean(s.smoothed)});
  let header = JSON.stringify({series: index});
  let bytes = new TextEncoder().encode(header);
  while ((4 + bytes.length) % 8) {
    header += ' ';
    bytes = new TextEncoder().encode(header);
  }
  const columns = [];
  for (const s of series) {
    if (s.error) continue;
    if (s.value) columns.push(s.wall, s.step, s.value);
    if (s.smoothed) columns.push(s.smoothed);
  }
  const doubles = columns.reduce((n, c) => n + c.length, 0);
  const buffer = new ArrayBuffer(4 + bytes.length + 8 * doubles);
  const view = new DataView(buffer);
  view.setUint32(0, bytes.length, true);
  new Uint8Array(buffer, 4, bytes.length).set(bytes);
  let offset = 4 + bytes.length;
  for (const column of columns) {
    for (const x of column) {
      view.setFloat64(offset, x, true);
      offset += 8;
    }
  }
  return buffer;
}

test('binary batch answers decode to columns, NaN and infinities included', () => {
  const buffer = encodeBatch([
    {run: 'train', tag: 'loss', stamp: 'a1', wall: [10.5, 11], step: [0, 2 ** 40],
      value: [NaN, -Infinity], smoothed: [1, Infinity]},
    {run: 'nope', tag: 'loss', error: "No scalar data for run='nope', tag='loss'"},
    {run: 'eval', tag: 'ü/acc', stamp: 'b2', smoothed: [0.25, 0.5, 0.75]},
    {run: 'eval', tag: 'raw', stamp: 'c3', wall: [1], step: [7], value: [3]},
  ]);
  const [a, b, c, d] = decodeBatch(buffer);
  assert.deepEqual([...a.wall], [10.5, 11]);
  assert.deepEqual([...a.step], [0, 2 ** 40]);
  assert.ok(Number.isNaN(a.value[0]) && a.value[1] === -Infinity);
  assert.deepEqual([...a.smoothed], [1, Infinity]);
  assert.equal(a.stamp, 'a1');
  assert.ok(a.value instanceof Float64Array);
  assert.deepEqual(b, {run: 'nope', tag: 'loss', error: "No scalar data for run='nope', tag='loss'"});
  assert.equal(c.tag, 'ü/acc');
  assert.equal(c.value, null);
  assert.deepEqual([...c.smoothed], [0.25, 0.5, 0.75]);
  assert.equal(d.smoothed, null);
  assert.deepEqual([...d.value], [3]);
  assert.throws(() => decodeBatch(buffer.slice(0, buffer.byteLength - 8)), /cut short/);
});

test('answers without raw points are completed from what is held, or marked stale', () => {
  const held = {stamp: 's', wall: [1, 2], step: [0, 1], value: [5, 6]};
  const entries = [
    {run: 'a', tag: 't', stamp: 's', n: 2, wall: null, step: null, value: null, smoothed: [5, 5.5]},
    {run: 'b', tag: 't', stamp: 's', n: 2, wall: null, step: null, value: null, smoothed: [1, 1]},
    {run: 'c', tag: 't', stamp: 'new', n: 1, wall: [3], step: [9], value: [4], smoothed: [4]},
    {run: 'd', tag: 't', error: 'gone'},
    {run: 'e', tag: 't', stamp: 's', n: 3, wall: null, step: null, value: null, smoothed: [1, 2, 3]},
  ];
  const {results, stale} = completeWithHeld(entries, [held, null, held, held, held]);
  assert.equal(results[0].value, held.value);
  assert.deepEqual(results[0].smoothed, [5, 5.5]);
  assert.equal(results[2], entries[2]);  // fresh points win over what is held
  assert.equal(results[3].error, 'gone');
  // Nothing held for b; e's length does not match what is held.
  assert.deepEqual(stale, [1, 4]);
  assert.equal(results[1], null);
});

// A fake ctx.api answering the batch route from a table of series, the way the server does.
function fakeApi(table, {delay = 0} = {}) {
  const calls = [];
  let active = 0;
  let maxActive = 0;
  return {
    calls,
    maxActive: () => maxActive,
    async arrayBuffer(path, {body}) {
      assert.equal(path, '/data/plugin/scalars/batch');
      assert.equal(body.format, 'binary');
      calls.push(structuredClone(body));
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, delay));
      active--;
      return encodeBatch(body.series.map(({run, tag, stamp}) => {
        const s = table[`${run}/${tag}`];
        if (!s) return {run, tag, error: 'unknown'};
        const smoothed = body.smoothing ? s.value.map((v) => v * body.smoothing) : null;
        if (stamp === s.stamp) return {run, tag, stamp: s.stamp, n: s.value.length, smoothed};
        return {run, tag, stamp: s.stamp, wall: s.wall, step: s.step, value: s.value,
          ...(smoothed ? {smoothed} : {})};
      }));
    },
  };
}

const table = {
  'a/loss': {stamp: 'sa', wall: [1, 2, 3], step: [0, 1, 2], value: [3, 2, 1]},
  'b/loss': {stamp: 'sb', wall: [1, 2], step: [0, 1], value: [8, 9]},
};

test('the loader batches one tick, sends back stamps it holds, and completes from them', async () => {
  const api = fakeApi(table);
  const load = createSeriesLoader(api);
  const [first, other] = await Promise.all([
    load({series: [{run: 'a', tag: 'loss'}], points: 100, smoothing: 0.5}),
    load({series: [{run: 'b', tag: 'loss'}, {run: 'x', tag: 'loss'}], points: 100, smoothing: 0.5}),
  ]);
  assert.equal(api.calls.length, 1);  // same window and smoothing: one POST
  assert.deepEqual(api.calls[0].series.map((s) => s.run), ['a', 'b', 'x']);
  assert.deepEqual([...first[0].smoothed], [1.5, 1, 0.5]);
  assert.equal(other[1].error, 'unknown');

  // A smoothing change: the stamps go back, the answer has no points, the held ones are kept.
  const [again] = await load({series: [{run: 'a', tag: 'loss'}], points: 100, smoothing: 0.9,
    held: first});
  assert.deepEqual(api.calls[1].series, [{run: 'a', tag: 'loss', stamp: 'sa'}]);
  assert.equal(again.value, first[0].value);
  assert.equal(again.step, first[0].step);
  assert.deepEqual([...again.smoothed].map((v) => Math.round(v * 10) / 10), [2.7, 1.8, 0.9]);
  // Smoothing off: nothing but the stamp comes back, and the held points are drawn as they are.
  const [plain] = await load({series: [{run: 'a', tag: 'loss'}], points: 100, held: [again]});
  assert.equal(api.calls.length, 3);
  assert.equal(plain.value, first[0].value);
  assert.equal(plain.smoothed, null);
});

test('the loader falls back to a full fetch when the held columns do not fit', async () => {
  const api = fakeApi(table);
  const load = createSeriesLoader(api);
  // Held with the server's stamp but the wrong length (a client bug or a lost update).
  const held = [{run: 'a', tag: 'loss', stamp: 'sa', wall: [1], step: [0], value: [3]}];
  const [result] = await load({series: [{run: 'a', tag: 'loss'}], points: 100, smoothing: 0.5, held});
  assert.equal(api.calls.length, 2);
  assert.deepEqual(api.calls[1].series, [{run: 'a', tag: 'loss'}]);
  assert.deepEqual([...result.value], [3, 2, 1]);
  assert.deepEqual([...result.smoothed], [1.5, 1, 0.5]);
  // A stale stamp: the server itself answers in full, in one round trip.
  const [fresh] = await load({series: [{run: 'b', tag: 'loss'}], points: 100, held: [
    {run: 'b', tag: 'loss', stamp: 'old', wall: [1], step: [0], value: [1]}]});
  assert.equal(api.calls.length, 3);
  assert.deepEqual([...fresh.value], [8, 9]);
  assert.equal(fresh.stamp, 'sb');
});

test('the loader splits large batches, keeps at most two POSTs out, sends smoothing changes as one', async () => {
  const big = {};
  const series = [];
  for (let r = 0; r < 50; r++) {
    for (const tag of ['t0', 't1', 't2', 't3']) {
      big[`r${r}/${tag}`] = {stamp: 'x', wall: [0], step: [0], value: [r]};
    }
  }
  const api = fakeApi(big, {delay: 5});
  const load = createSeriesLoader(api);
  const charts = ['t0', 't1', 't2', 't3'].map((tag) => {
    const list = [];
    for (let r = 0; r < 50; r++) list.push({run: `r${r}`, tag});
    series.push(list);
    return load({series: list, points: 500});
  });
  const results = await Promise.all(charts);
  assert.equal(api.calls.length, 4);  // 200 series: one POST per chart (64 at most each)
  assert.equal(api.maxActive(), 2);
  assert.deepEqual(api.calls.map((c) => c.series[0].tag), ['t0', 't1', 't2', 't3']);  // in order
  results.forEach((list, k) => {
    assert.equal(list.length, 50);
    assert.deepEqual(list.map((s) => s.run), series[k].map((s) => s.run));
  });

  // A smoothing change of the four charts, every series held: one POST for all of them.
  const again = await Promise.all(['t0', 't1', 't2', 't3'].map((tag, k) =>
    load({series: series[k], points: 500, smoothing: 0.5, held: results[k]})));
  assert.equal(api.calls.length, 5);
  assert.equal(api.calls[4].series.length, 200);
  assert.ok(api.calls[4].series.every((s) => s.stamp === 'x'));
  again.forEach((list, k) => {
    assert.deepEqual(list.map((s) => s.run), series[k].map((s) => s.run));
    assert.deepEqual(list.map((s) => s.value), results[k].map((s) => s.value));  // the held columns
    assert.deepEqual(list.map((s) => s.smoothed[0]), results[k].map((s) => s.value[0] * 0.5));
  });
});
