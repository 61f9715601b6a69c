// One distributions card: the nine percentiles of a (run, tag) over time as shaded bands, with
// a readout of every percentile at the hovered step.
import {createChartCanvas, pointerPos} from './canvas.js';
import {createTooltip} from './tooltip.js';
import {chartTheme} from './theme.js';
import {resolveColor, rgba} from './color.js';
import {toColumns, nearestIndex, BASIS_POINTS, percentLabel} from './bands.js';
import {drawBands} from './band_chart.js';
import {timeAxis} from './time_axis.js';
import {formatValue, formatStep, formatWallTime} from './numbers.js';
import {query} from './loader.js';

export function createDistributionCard(body, item, env, getAxis) {
  const {ctx, loader} = env;
  const chartBox = document.createElement('div');
  chartBox.className = 'hist-chart';
  body.appendChild(chartBox);
  let cols = null;
  let layout = null;
  let axis = null;
  let hover = -1;
  let failed = false;
  let generation = 0;
  const chart = createChartCanvas(chartBox, paint);
  const tip = createTooltip();
  chart.canvas.setAttribute('role', 'img');
  chart.canvas.setAttribute('aria-label', `Distribution of ${item.tag} for run ${item.run}`);

  function paint(g, w, h) {
    layout = null;
    if (!cols) return;
    axis = timeAxis(getAxis(), cols.steps, cols.wallTimes);
    const runRgb = resolveColor(ctx.color(item.run));
    layout = drawBands(g, w, h, {cols, axis, runRgb, theme: chartTheme(chartBox), hover});
  }

  function onMove(e) {
    if (!layout || !axis) return;
    const {x, y} = pointerPos(chart.canvas, e);
    if (x < layout.x0 - 8 || x > layout.x1 + 8 || y < layout.y0 - 4 || y > layout.y1 + 4) return onLeave();
    const i = nearestIndex(axis.xs, layout.xScale.invert(x));
    if (i !== hover) {
      hover = i;
      chart.redraw();
    }
    const runRgb = resolveColor(ctx.color(item.run));
    // Highest percentile first, so the list reads top to bottom like the chart.
    const rows = BASIS_POINTS.map((bp, k) => [percentLabel(bp), formatValue(cols.values[k][i]),
      k === 4 ? rgba(runRgb) : rgba(runRgb, 0.5)]).reverse();
    rows.push(['time', formatWallTime(cols.wallTimes[i])]);
    tip.show(e.clientX, e.clientY, `Step ${formatStep(cols.steps[i])}`, rows);
  }

  function onLeave() {
    if (hover !== -1) {
      hover = -1;
      chart.redraw();
    }
    tip.hide();
  }

  chart.canvas.addEventListener('pointermove', onMove);
  chart.canvas.addEventListener('pointerleave', onLeave);

  async function load() {
    const mine = ++generation;
    try {
      const data = await loader.get(query('/data/plugin/distributions/distributions', {run: item.run, tag: item.tag}));
      if (mine !== generation) return;
      const parsed = toColumns(data);
      if (failed) {
        failed = false;
        body.replaceChildren(chartBox);
      }
      if (!parsed.steps.length) {
        cols = null;
        failed = true;
        body.replaceChildren();
        ctx.emptyState(body, 'No distribution data for this run and tag yet.');
        return;
      }
      cols = parsed;
      chart.redraw();
    } catch (error) {
      if (mine !== generation) return;
      failed = true;
      body.replaceChildren();
      ctx.showError(body, error);
    }
  }
  load();

  return {
    draw: () => chart.redraw(),
    reload: load,
    destroy() {
      generation++;
      chart.destroy();
      tip.destroy();
      chartBox.remove();
    },
  };
}
