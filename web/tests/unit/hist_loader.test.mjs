import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createLoader, query} from '../../src/hist/loader.js';

// An api whose requests resolve when the test says so.
function fakeApi() {
  const pending = [];
  return {
    pending,
    calls: [],
    json(path) {
      this.calls.push(path);
      return new Promise((resolve, reject) => pending.push({path, resolve, reject}));
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('the loader shares one request per path and caps requests in flight', async () => {
  const api = fakeApi();
  const loader = createLoader(api);
  const a1 = loader.get('/a');
  const a2 = loader.get('/a');
  assert.equal(a1, a2);
  for (const p of ['/b', '/c', '/d', '/e', '/f']) loader.get(p);
  assert.equal(api.calls.length, 4, 'four at a time');
  api.pending.shift().resolve({ok: 1});
  assert.deepEqual(await a1, {ok: 1});
  await tick();
  assert.equal(api.calls.length, 5, 'the next starts when one finishes');
});

test('failures are not cached, and invalidate drops matching paths', async () => {
  const api = fakeApi();
  const loader = createLoader(api);
  const p = loader.get('/x');
  api.pending.shift().reject(new Error('boom'));
  await assert.rejects(p, /boom/);
  await tick();
  loader.get('/x');
  assert.equal(api.calls.length, 2, 'a failed path is fetched again');
  api.pending.shift().resolve(1);
  await tick();
  loader.get('/x');
  assert.equal(api.calls.length, 2, 'a good one is cached');
  loader.invalidate((path) => path === '/x');
  loader.get('/x');
  assert.equal(api.calls.length, 3);
});

test('query escapes run and tag names and repeats lists', () => {
  assert.equal(query('/p', {run: 'a b&c', tag: 'x/y'}), '/p?run=a+b%26c&tag=x%2Fy');
  assert.equal(query('/p', {run: ['a', 'b']}), '/p?run=a&run=b');
});
