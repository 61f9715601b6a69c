// Node search ranking and the camera's zoom/fit arithmetic.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseGraphDef} from '../../src/graph/graphdef.js';
import {buildHierarchy} from '../../src/graph/hierarchy.js';
import {searchIndex, search} from '../../src/graph/search.js';
import {Camera} from '../../src/graph/camera.js';
import {edgeText} from '../../src/graph/edge_text.js';
import {nodeStats, formatMicros, formatBytes} from '../../src/graph/run_metadata.js';

const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const h = buildHierarchy(parseGraphDef(fixture('graph_mnist_tbx.pbtxt')));
const entries = searchIndex(h);

test('search ranks whole names and shallow paths first, case-insensitively', () => {
  const {results, total} = search(entries, 'DENSE_1');
  assert.equal(results[0].name, 'dense_1');
  assert.equal(results[0].item.kind, 'group');
  assert.ok(total > 3);
  assert.ok(results.every((e) => e.name.toLowerCase().includes('dense_1')));
  assert.deepEqual(search(entries, '   ').results, []);
  assert.equal(search(entries, 'no-such-node').total, 0);
});

test('search prefers a match on the last segment', () => {
  const {results} = search(entries, 'matmul');
  assert.ok(results.length >= 2);
  assert.ok(results.slice(0, 2).every((e) => e.name.endsWith('/MatMul')), results.map((e) => e.name).join());
});

test('search limits the list but counts everything', () => {
  const {results, total} = search(entries, '/', 3);
  assert.equal(results.length, 3);
  assert.ok(total > 3);
});

test('camera zooms around a fixed point and fits a rectangle', () => {
  const cam = new Camera();
  cam.panBy(100, 50);
  const before = cam.toWorld(300, 200);
  cam.zoomAt(2, 300, 200);
  const after = cam.toWorld(300, 200);
  assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
  cam.fit({x: 0, y: 0, width: 1000, height: 500}, 548, 548, 24);
  assert.equal(cam.k, 0.5);
  const tl = cam.toScreen(0, 0), br = cam.toScreen(1000, 500);
  assert.ok(Math.abs(tl.x - 24) < 1e-9 && Math.abs(br.x - 524) < 1e-9);
  assert.ok(Math.abs((tl.y + br.y) / 2 - 274) < 1e-9, 'centred vertically');
  cam.fit({x: 0, y: 0, width: 10, height: 10}, 1000, 1000);
  assert.equal(cam.k, 1.25, 'small graphs are not blown up');
  const v = cam.viewport(1000, 1000);
  assert.ok(v.x < 0 && v.width === 800);
});

test('edge text: a shape for one tensor, a count for a bundle, nothing for control', () => {
  const k = parseGraphDef(fixture('graph_tf2_keras_fit.pbtxt'));
  const bundle = buildHierarchy(k).root.edges.find((e) => e.count > 1);
  assert.equal(edgeText(bundle, (i) => k.ops[i]), `${bundle.count} tensors`);
  const g = parseGraphDef(fixture('graph_mnist_tbx.pbtxt'));
  const hh = buildHierarchy(g);
  const opAt = (i) => g.ops[i];
  const one = hh.root.edges.find((e) => e.from.key === 'input/' && e.to.key === 'dense_1/');
  assert.equal(edgeText(one, opAt), '[?,784]');
  const ctrl = hh.root.edges.find((e) => e.control === e.count);
  assert.equal(edgeText(ctrl, opAt), '');
});

test('run metadata: per-node time and memory', () => {
  const stats = nodeStats(fixture('run_metadata_mnist_tbx.txt'));
  const x = stats.get('input/x');
  assert.ok(x.micros > 0 && x.bytes > 0);
  assert.equal(formatMicros(69), '69 µs');
  assert.equal(formatMicros(1500), '1.50 ms');
  assert.equal(formatBytes(830284), '810.8 KiB');
  assert.equal(formatBytes(12), '12 B');
});
