// The media dashboards' pure logic (cards per tag and run, the step a slider keeps).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {byStep, cardKeys, nextIndex, runsByTag, sectionsOf} from '../../src/media/runs_by_tag.js';

const imageTags = {
  train: {'samples/0': {samples: 3}, 'b': {samples: 1}},
  eval: {'samples/0': {samples: 1}},
  hidden: {'b': {samples: 1}},
};

test('tags regrouped by tag, runs in sidebar order, filters applied', () => {
  const groups = runsByTag(imageTags, ['eval', 'train'], (tag) => tag !== 'x');
  assert.deepEqual(groups.map((g) => [g.tag, g.entries.map((e) => e.run)]),
      [['b', ['train']], ['samples/0', ['eval', 'train']]]);
  assert.deepEqual(runsByTag(imageTags, ['train'], (tag) => tag === 'b').map((g) => g.tag), ['b']);
  assert.deepEqual(runsByTag({train: ['t1', 't0']}, ['train']).map((g) => g.tag), ['t0', 't1']);
});

test('a card per run and sample', () => {
  const [, samples] = runsByTag(imageTags, ['eval', 'train']);
  const keys = cardKeys(samples, {samples: true});
  assert.deepEqual(keys.map((k) => [k.run, k.sample, k.samples]),
      [['eval', 0, 1], ['train', 0, 3], ['train', 1, 3], ['train', 2, 3]]);
  assert.equal(cardKeys(samples).length, 2);
});

test('sections by tag prefix', () => {
  const groups = runsByTag({r: {'a/1': {}, 'a/2': {}, 'b': {}}}, ['r']);
  assert.deepEqual(sectionsOf(groups).map((s) => [s.name, s.groups.length]), [['a', 2], ['b', 1]]);
});

test('items by step, a repeated step keeps the last', () => {
  const items = byStep([{step: 5, v: 1}, {step: 1}, {step: 5, v: 2}]);
  assert.deepEqual(items.map((i) => i.step), [1, 5]);
  assert.equal(items[1].v, 2);
});

test('the slider follows the newest step or keeps the chosen one', () => {
  const items = [{step: 0}, {step: 10}, {step: 20}];
  assert.equal(nextIndex(items, null, false), 2);
  assert.equal(nextIndex(items, 10, true), 2);
  assert.equal(nextIndex(items, 10, false), 1);
  assert.equal(nextIndex(items, 15, false), 1);
  assert.equal(nextIndex([], 3, false), -1);
});
