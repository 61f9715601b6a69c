import {test} from 'node:test';
import assert from 'node:assert/strict';
import {layoutHistogram, hitHistogram} from '../../src/hist/ridge.js';
import {parseHistograms, resample} from '../../src/hist/rebin.js';

// Just enough of a 2D context for layout: labels measure 6 px per character.
const g = {font: '', measureText: (s) => ({width: s.length * 6})};
const theme = {font: '11px sans-serif'};

const model = resample(parseHistograms([
  [100, 0, [[-1, 0, 10], [0, 1, 30]]],
  [110, 10, [[-1, 0, 20], [0, 1, 20]]],
  [120, 20, [[-1, 0, 30], [0, 1, 10]]],
]));

test('offset: older steps sit higher, the newest on the bottom edge', () => {
  const l = layoutHistogram(g, 400, 240, model, 'offset', theme);
  assert.ok(l.base(0) < l.base(1) && l.base(1) < l.base(2));
  assert.equal(l.base(2), l.y1);
  assert.ok(l.x1 < 400 - 12, 'room on the right for step labels');
  assert.ok(l.heightOf(model.maxCount) > 0 && l.heightOf(model.maxCount) < l.y1 - l.y0);
});

test('offset: the pointer picks the ridge whose baseline is just below it', () => {
  const l = layoutHistogram(g, 400, 240, model, 'offset', theme);
  const x = (l.x0 + l.x1) / 2;
  assert.equal(hitHistogram(l, model, 'offset', x, l.base(1) - 3).slice, 1);
  assert.equal(hitHistogram(l, model, 'offset', x, l.base(0) - 20).slice, 0);
  assert.equal(hitHistogram(l, model, 'offset', x, l.base(2)).slice, 2);
  assert.equal(hitHistogram(l, model, 'offset', -50, 50), null, 'outside the plot');
});

test('offset baselines follow the chosen time axis', () => {
  // Wall times bunched at the start: the second slice sits near the first.
  const time = {xs: [0, 1, 20], format: String};
  const l = layoutHistogram(g, 400, 240, model, 'offset', theme, time);
  assert.ok(l.base(1) - l.base(0) < (l.base(2) - l.base(1)) / 5);
});

test('overlay: one baseline, the nearest curve under the pointer wins', () => {
  const l = layoutHistogram(g, 400, 240, model, 'overlay', theme);
  assert.equal(l.base(0), l.base(2));
  assert.ok(l.x0 > 12, 'room on the left for count labels');
  const left = l.xs(-0.5);
  const bin = hitHistogram(l, model, 'overlay', left, l.y1).bin;
  const y = (i) => l.base(i) - l.heightOf(model.slices[i].counts[bin]);
  assert.equal(hitHistogram(l, model, 'overlay', left, y(0)).slice, 0);
  assert.equal(hitHistogram(l, model, 'overlay', left, y(2)).slice, 2);
});

test('overlay: the count axis ends on a tick at or above the highest peak', () => {
  const l = layoutHistogram(g, 400, 240, model, 'overlay', theme);
  const top = l.countTicks[l.countTicks.length - 1];
  assert.ok(top >= model.maxCount);
  assert.equal(l.countScale(top), l.y0);
});
