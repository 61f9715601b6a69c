import {test} from 'node:test';
import assert from 'node:assert/strict';
import {canvasPos} from '../../src/charts/canvas_pos.js';

// A stand-in for a uPlot instance: its scales as uPlot keeps them, and its valToPos.
function plot(scales) {
  const bbox = {left: 40, top: 10, width: 500, height: 200};
  return {
    bbox,
    scales,
    valToPos(v, key) {
      const sc = scales[key];
      const val = sc.distr === 3 ? Math.log10(v) : v;
      const pct = (val - sc._min) / (sc._max - sc._min);
      return sc.ori === 0 ? bbox.left + bbox.width * pct : bbox.top + bbox.height * (1 - pct);
    },
  };
}

test('canvasPos maps linear and log scales as uPlot does', () => {
  const u = plot({
    x: {distr: 1, ori: 0, dir: 1, _min: 0, _max: 1000},
    y: {distr: 3, ori: 1, dir: 1, _min: -2, _max: 1},
  });
  const x = canvasPos(u, 'x');
  const y = canvasPos(u, 'y');
  for (const v of [0, 1, 250, 999.5, 1000, -10]) assert.ok(Math.abs(x(v) - u.valToPos(v, 'x', true)) < 1e-9);
  for (const v of [0.01, 0.5, 3, 10]) assert.ok(Math.abs(y(v) - u.valToPos(v, 'y', true)) < 1e-9);
  assert.equal(x(0), 40);
  assert.equal(y(10), 10);  // the top of a log scale up to 10^1
});

test('canvasPos leaves other scales to uPlot', () => {
  let calls = 0;
  const u = plot({x: {distr: 4, ori: 0, dir: 1, _min: 0, _max: 1}, y: {distr: 1, ori: 1, dir: 1, _min: 5, _max: 5}});
  u.valToPos = () => ++calls;
  canvasPos(u, 'x')(0.5);
  canvasPos(u, 'y')(5);  // an empty range: uPlot decides
  assert.equal(calls, 2);
});
