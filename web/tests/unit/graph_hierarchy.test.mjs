// Name scopes, edge aggregation at the lowest common scope, chunking of wide scopes, layout.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseGraphDef} from '../../src/graph/graphdef.js';
import {buildHierarchy, ancestors} from '../../src/graph/hierarchy.js';
import {Layouter} from '../../src/graph/layout.js';

const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

test('mnist_tbx: top level is its name scopes', () => {
  const h = buildHierarchy(parseGraphDef(fixture('graph_mnist_tbx.pbtxt')));
  const labels = h.root.children.map((c) => c.label).sort();
  for (const scope of ['input', 'dense_1', 'dropout', 'dense_2', 'loss', 'metrics', 'train']) {
    assert.ok(labels.includes(scope), scope);
  }
  assert.equal(h.root.opCount, 27);
  assert.ok(h.root.children.every((c) => c.kind === 'group'));
});

test('edges are merged between siblings of the lowest common scope', () => {
  const text = ['a/x', 'a/y', 'b/z', 'b/w', 'c'].map((n) => `node { name: "${n}" op: "Op" }`).join('\n') +
      '\nnode { name: "b/in1" op: "Add" input: "a/x" input: "a/y" input: "^c" }' +
      '\nnode { name: "a/y2" op: "Neg" input: "a/x" }';
  const h = buildHierarchy(parseGraphDef(text));
  const top = h.root.edges.map((e) => `${e.from.key}->${e.to.key}:${e.count}/${e.control}`).sort();
  assert.deepEqual(top, ['a/->b/:2/0', 'c->b/:1/1']);
  const a = h.root.children.find((c) => c.key === 'a/');
  assert.deepEqual(a.edges.map((e) => `${e.from.label}->${e.to.label}`), ['x->y2']);
});

test('an op and a scope with the same name are two items', () => {
  const h = buildHierarchy(parseGraphDef('node { name: "k/input" op: "Const" } node { name: "k" op: "Identity" input: "k/input" }'));
  assert.deepEqual(h.root.children.map((c) => c.key).sort(), ['k', 'k/']);
  assert.equal(h.root.edges.length, 1);
});

test('wide scopes are split so no level has more than the limit', () => {
  const text = Array.from({length: 1000}, (_, i) => `node { name: "w/n${i}" op: "Const" }`).join('\n');
  const h = buildHierarchy(parseGraphDef(text), 30);
  const check = (g) => {
    assert.ok(g.children.length <= 30, `${g.key} has ${g.children.length}`);
    for (const c of g.children) if (c.kind === 'group') check(c);
  };
  check(h.root);
  assert.equal(h.root.children[0].opCount, 1000);
  const deep = h.opItems[999];
  assert.equal(ancestors(deep)[0].key, 'w/');
  assert.ok(ancestors(deep).length >= 3);
  assert.equal(new Set(h.groups.map((g) => g.key)).size, h.groups.length);
});

test('layout: collapsed top level, expanding re-lays out the parent chain only', () => {
  const h = buildHierarchy(parseGraphDef(fixture('graph_tf2_keras_fit.pbtxt')));
  const L = new Layouter(h);
  const s1 = L.scene();
  assert.equal(s1.boxes.length, h.root.children.length);
  const dense = h.root.children.find((c) => c.key === 'dense/');
  L.setExpanded(dense, true);
  const s2 = L.scene();
  assert.equal(s2.boxes.length, h.root.children.length + dense.children.length);
  const outer = s2.boxes.find((b) => b.item === dense);
  for (const b of s2.boxes.filter((b) => b.item.parent === dense)) {
    assert.ok(b.x >= outer.x && b.x + b.width <= outer.x + outer.width + 0.5);
    assert.ok(b.y >= outer.y && b.y + b.height <= outer.y + outer.height + 0.5);
  }
  assert.ok(s2.edges.every((e) => e.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))));
});

test('layout: many unconnected children form a grid, not one endless row', () => {
  const text = Array.from({length: 150}, (_, i) => `node { name: "s/h${i}" op: "HistogramSummary" }`).join('\n');
  const h = buildHierarchy(parseGraphDef(text));
  const L = new Layouter(h);
  L.setExpanded(h.root.children[0], true);
  const s = L.scene();
  assert.equal(s.boxes.length, 151);
  assert.ok(s.width < 3 * s.height, `${s.width}×${s.height}`);
  const inner = s.boxes.filter((b) => b.item.kind === 'op');
  for (let i = 1; i < inner.length; i++) {
    const a = inner[i - 1], b = inner[i];
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    assert.ok(!overlap, `boxes ${i - 1} and ${i} overlap`);
  }
});
