import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatHash, isSelected, parseHash, readValue, selectionFor} from '../../src/shell/url_state.js';

test('empty hash', () => {
  const state = parseHash('');
  assert.equal(state.tab, '');
  assert.deepEqual(state.selection, {mode: 'all', runs: []});
  assert.equal(formatHash(state), '');
});

test('round trip of every part', () => {
  const state = {
    tab: 'scalars',
    runFilter: 'train|eval',
    tagFilter: 'loss/.*',
    selection: {mode: 'only', runs: ['a/b', 'run with spaces ünï 日本', 'x&y=z', 'c,d#e']},
    values: {'scalars.smoothing': '0.8', 'scalars.x': 'wall', 'hparams.sort': 'a b'},
  };
  const hash = formatHash(state);
  assert.match(hash, /^#scalars&/);
  assert.deepEqual(parseHash(hash), state);
});

test('hide list and none', () => {
  const hide = {tab: 'images', runFilter: '', tagFilter: '',
    selection: {mode: 'except', runs: ['.']}, values: {}};
  assert.deepEqual(parseHash(formatHash(hide)), hide);
  const none = {tab: 'images', runFilter: '', tagFilter: '',
    selection: {mode: 'only', runs: []}, values: {}};
  assert.equal(formatHash(none), '#images&run=');
  assert.deepEqual(parseHash(formatHash(none)), none);
});

test('selection picks the shorter form', () => {
  const runs = ['a', 'b', 'c', 'd'];
  assert.deepEqual(selectionFor(runs, new Set(runs)), {mode: 'all', runs: []});
  assert.deepEqual(selectionFor(runs, new Set(['a', 'b', 'c'])), {mode: 'except', runs: ['d']});
  assert.deepEqual(selectionFor(runs, new Set(['b'])), {mode: 'only', runs: ['b']});
  assert.deepEqual(selectionFor(runs, new Set()), {mode: 'only', runs: []});
});

test('isSelected', () => {
  assert.ok(isSelected({mode: 'all', runs: []}, 'new'));
  assert.ok(isSelected({mode: 'except', runs: ['a']}, 'new'));
  assert.ok(!isSelected({mode: 'except', runs: ['a']}, 'a'));
  assert.ok(!isSelected({mode: 'only', runs: ['a']}, 'new'));
});

test('typed values', () => {
  assert.equal(readValue('0.6'), 0.6);
  assert.equal(readValue('true'), true);
  assert.equal(readValue('wall'), 'wall');
  assert.equal(readValue('1', 'x'), '1');
  assert.equal(readValue('nope', 0.6), 0.6);
  assert.equal(readValue(undefined, false), false);
  assert.equal(readValue('false', true), false);
});

test('hand-written and TensorBoard-style hashes', () => {
  const state = parseHash('#scalars&tagFilter=loss&run=train');
  assert.equal(state.tab, 'scalars');
  assert.equal(state.tagFilter, 'loss');
  assert.deepEqual(state.selection, {mode: 'only', runs: ['train']});
  assert.equal(parseHash('#%E6%97%A5').tab, '日');
  assert.equal(parseHash('#x&bad=%E0%A4%A').values.bad, '%E0%A4%A');
});
