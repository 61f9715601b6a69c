// Colour modes: structure, device (with a key) and run-metadata heat.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseGraphDef} from '../../src/graph/graphdef.js';
import {buildHierarchy} from '../../src/graph/hierarchy.js';
import {makePainter, shortDevice} from '../../src/graph/coloring.js';
import {nodeStats} from '../../src/graph/run_metadata.js';

const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const graph = parseGraphDef(fixture('graph_mnist_tbx.pbtxt'));
const hierarchy = buildHierarchy(graph);
const light = {dark: false};
const scope = (key) => hierarchy.groups.find((g) => g.key === key);
const op = (name) => hierarchy.opItems[graph.index.get(name)];

test('structure: scopes get colours, ops stay plain', () => {
  const p = makePainter('structure', {graph, hierarchy, stats: null}, light);
  assert.ok(p.paint(scope('dense_1/')).fill.startsWith('hsl('));
  assert.equal(p.paint(op('input/x')), null);
  assert.equal(p.key, null);
});

test('device: every box coloured, key lists devices by op count', () => {
  const p = makePainter('device', {graph, hierarchy, stats: null}, light);
  assert.equal(p.key.kind, 'swatches');
  assert.match(p.key.rows[0].label, /^GPU:0 · \d+ ops$/);
  assert.ok(p.paint(op('input/x')) && p.paint(scope('dense_1/')));
  assert.equal(shortDevice('/job:localhost/replica:0/task:0/device:GPU:0'), 'GPU:0');
  assert.equal(shortDevice(''), 'no device');
  assert.equal(shortDevice('/cpu:0'), 'cpu:0');
});

test('compute: hotter for more time, grey for nothing recorded, structure without stats', () => {
  const stats = nodeStats(fixture('run_metadata_mnist_tbx.txt'));
  const p = makePainter('compute', {graph, hierarchy, stats}, light);
  assert.equal(p.key.kind, 'scale');
  const lightness = (c) => Number(/(\d+)%\)$/.exec(c.fill)[1]);
  const times = hierarchy.opItems.filter((o) => stats.has(o.key)).map((o) => [stats.get(o.key).micros, o]);
  times.sort((a, b) => a[0] - b[0]);
  assert.ok(lightness(p.paint(times[0][1])) > lightness(p.paint(times[times.length - 1][1])));
  const fallback = makePainter('compute', {graph, hierarchy, stats: null}, light);
  assert.equal(fallback.key, null);
});
