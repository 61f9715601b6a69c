// One histogram card: fetches a (run, tag) series, resamples it to a shared grid and draws it
// offset or overlaid, with a hover readout of step, value range and count.
import {createChartCanvas, pointerPos} from './canvas.js';
import {createTooltip} from './tooltip.js';
import {chartTheme} from './theme.js';
import {resolveColor} from './color.js';
import {parseHistograms, resample, binCenter} from './rebin.js';
import {drawHistogram, hitHistogram} from './ridge.js';
import {formatValue, formatCount, formatStep, formatWallTime} from './numbers.js';
import {query} from './loader.js';
import {timeAxis} from './time_axis.js';

// settings(): {mode: 'offset'|'overlay', time: 'step'|'relative'|'wall'}
export function createHistogramCard(body, item, env, settings) {
  const {ctx, loader} = env;
  const chartBox = document.createElement('div');
  chartBox.className = 'hist-chart';
  body.appendChild(chartBox);
  let model = null;
  let layout = null;
  let hover = null;
  let failed = false;
  let generation = 0;
  const chart = createChartCanvas(chartBox, paint);
  const tip = createTooltip();
  chart.canvas.setAttribute('role', 'img');
  chart.canvas.setAttribute('aria-label', `Histogram of ${item.tag} for run ${item.run}`);

  function paint(g, w, h) {
    layout = null;
    if (!model) return;
    const theme = chartTheme(chartBox);
    const runRgb = resolveColor(ctx.color(item.run));
    const {mode, time} = settings();
    const axis = timeAxis(time, model.slices.map((s) => s.step), model.slices.map((s) => s.wallTime));
    layout = drawHistogram(g, w, h, {model, mode, runRgb, theme, hover, time: axis});
  }

  function showHover(e) {
    if (!layout || !model) return;
    const {x, y} = pointerPos(chart.canvas, e);
    const hit = hitHistogram(layout, model, settings().mode, x, y);
    if (!hit) return hideHover();
    hover = hit;
    chart.redraw();
    const s = model.slices[hit.slice];
    const lo = model.min + hit.bin * model.binWidth;
    tip.show(e.clientX, e.clientY, `Step ${formatStep(s.step)}`, [
      ['value', `${formatValue(binCenter(model, hit.bin))}`],
      ['bin', `[${formatValue(lo)}, ${formatValue(lo + model.binWidth)})`],
      ['count', formatCount(s.counts[hit.bin])],
      ['time', formatWallTime(s.wallTime)],
    ]);
  }

  function hideHover() {
    if (hover) {
      hover = null;
      chart.redraw();
    }
    tip.hide();
  }

  chart.canvas.addEventListener('pointermove', showHover);
  chart.canvas.addEventListener('pointerleave', hideHover);

  async function load() {
    const mine = ++generation;
    try {
      const data = await loader.get(query('/data/plugin/histograms/histograms', {run: item.run, tag: item.tag}));
      if (mine !== generation) return;
      const parsed = parseHistograms(data);
      if (failed) {
        failed = false;
        body.replaceChildren(chartBox);
      }
      if (!parsed.length) {
        model = null;
        body.replaceChildren();
        ctx.emptyState(body, 'No histogram data for this run and tag yet.');
        failed = true;
        return;
      }
      model = resample(parsed);
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
