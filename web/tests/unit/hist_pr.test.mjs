import {test} from 'node:test';
import assert from 'node:assert/strict';
import {curvePoints, sortEntries, entryIndexForStep, nearestCurvePoint} from '../../src/hist/pr.js';

const entry = {
  step: 3, wall_time: 1,
  thresholds: [0, 0.5, 1],
  precision: [0.5, 0.8, 'NaN'],
  recall: [1, 0.6, 0],
  true_positives: [10, 6, 0], false_positives: [10, 1, 0],
  true_negatives: [0, 9, 10], false_negatives: [0, 4, 10],
};

test('curvePoints pairs each threshold with its confusion counts, skipping NaN precision', () => {
  const pts = curvePoints(entry);
  assert.equal(pts.length, 2);
  assert.deepEqual(pts[1], {threshold: 0.5, precision: 0.8, recall: 0.6, tp: 6, fp: 1, tn: 9, fn: 4});
  assert.deepEqual(curvePoints({}), []);
});

test('entries sort by step and a step picks the latest entry at or before it', () => {
  const es = sortEntries([{step: 200}, {step: 0}, {step: 100}]);
  assert.deepEqual(es.map((e) => e.step), [0, 100, 200]);
  assert.equal(entryIndexForStep(es, 100), 1);
  assert.equal(entryIndexForStep(es, 150), 1);
  assert.equal(entryIndexForStep(es, -1), 0);
  assert.equal(entryIndexForStep(es, undefined), 2);
  assert.equal(entryIndexForStep([], 5), -1);
});

test('nearestCurvePoint measures in pixels across runs', () => {
  const sx = (r) => r * 100;
  const sy = (p) => 100 - p * 100;
  const curves = [
    {key: 'a', points: curvePoints(entry)},
    {key: 'b', points: [{recall: 0.2, precision: 0.2}]},
  ];
  const hit = nearestCurvePoint(curves, 61, 21, sx, sy);
  assert.equal(hit.key, 'a');
  assert.equal(hit.point.threshold, 0.5);
  assert.equal(nearestCurvePoint(curves, 20, 79, sx, sy).key, 'b');
  assert.equal(nearestCurvePoint(curves, 0, 0, sx, sy, 5), null);
});
