// One PR-curve card per tag: each selected run's curve at its chosen step, with a readout of
// threshold, precision, recall and the confusion counts at the point nearest the pointer.
import {createChartCanvas, pointerPos} from './canvas.js';
import {createTooltip} from './tooltip.js';
import {chartTheme} from './theme.js';
import {resolveColor, rgba} from './color.js';
import {curvePoints, sortEntries, entryIndexForStep, nearestCurvePoint} from './pr.js';
import {drawPr} from './pr_chart.js';
import {formatStep, formatCount} from './numbers.js';
import {query} from './loader.js';

const HOVER_RADIUS = 48;
const fixed = (v) => (Number.isFinite(v) ? v.toFixed(4) : String(v));

export function createPrCard(body, item, env, getStep) {
  const {ctx, loader} = env;
  const chartBox = document.createElement('div');
  chartBox.className = 'hist-chart';
  const legend = document.createElement('div');
  legend.className = 'hist-legend';
  body.append(chartBox, legend);
  let runs = item.runs;
  let series = new Map(); // run → sorted entries
  let curves = [];
  let layout = null;
  let hover = null;
  let generation = 0;
  const chart = createChartCanvas(chartBox, paint);
  const tip = createTooltip();
  chart.canvas.setAttribute('role', 'img');
  chart.canvas.setAttribute('aria-label', `PR curves of ${item.tag}`);

  // The curve of each run at the step its slider picks.
  function buildCurves() {
    curves = [];
    for (const run of runs) {
      const entries = series.get(run);
      if (!entries || !entries.length) continue;
      const i = entryIndexForStep(entries, getStep(run));
      curves.push({key: run, rgb: resolveColor(ctx.color(run)), entry: entries[i], points: curvePoints(entries[i])});
    }
    legend.replaceChildren(...curves.map((c) => {
      const el = document.createElement('span');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = rgba(c.rgb);
      el.append(sw, document.createTextNode(`${c.key} · step ${formatStep(c.entry.step)}`));
      return el;
    }));
  }

  function paint(g, w, h) {
    layout = drawPr(g, w, h, {curves, theme: chartTheme(chartBox), hover: hover && hover.points, strongKey: hover && hover.key});
  }

  function onMove(e) {
    if (!layout) return;
    const {x, y} = pointerPos(chart.canvas, e);
    const best = nearestCurvePoint(curves, x, y, layout.xs, layout.ys, HOVER_RADIUS);
    if (!best) return onLeave();
    // Every run's point nearest the pointer, so runs can be compared at one place on the chart.
    const points = {};
    for (const c of curves) {
      const hit = nearestCurvePoint([c], x, y, layout.xs, layout.ys);
      if (hit) points[c.key] = hit.point;
    }
    hover = {key: best.key, points};
    chart.redraw();
    const ordered = [...curves].sort((a, b) => (b.key === best.key) - (a.key === best.key));
    const rows = ordered.filter((c) => points[c.key]).map((c) => {
      const p = points[c.key];
      return {
        color: rgba(c.rgb),
        nearest: c.key === best.key,
        cells: [c.key, formatStep(c.entry.step), fixed(p.threshold), fixed(p.precision), fixed(p.recall),
          formatCount(p.tp), formatCount(p.fp), formatCount(p.tn), formatCount(p.fn)],
      };
    });
    tip.showTable(e.clientX, e.clientY, null, ['Run', 'Step', 'Threshold', 'Precision', 'Recall', 'TP', 'FP', 'TN', 'FN'], rows);
  }

  function onLeave() {
    if (hover) {
      hover = null;
      chart.redraw();
    }
    tip.hide();
  }

  chart.canvas.addEventListener('pointermove', onMove);
  chart.canvas.addEventListener('pointerleave', onLeave);

  let errorEl = null;
  async function load() {
    const mine = ++generation;
    const results = await Promise.allSettled(runs.map((run) =>
      loader.get(query('/data/plugin/pr_curves/pr_curves', {run, tag: item.tag})).then((d) => [run, sortEntries(d[run])])));
    if (mine !== generation) return;
    series = new Map(results.filter((r) => r.status === 'fulfilled').map((r) => r.value));
    const failures = results.filter((r) => r.status === 'rejected');
    if (errorEl) errorEl.remove();
    errorEl = null;
    if (failures.length) {
      errorEl = document.createElement('div');
      body.appendChild(errorEl);
      ctx.showError(errorEl, failures[0].reason);
    }
    buildCurves();
    chart.redraw();
  }
  load();

  return {
    draw() {
      buildCurves();
      chart.redraw();
    },
    reload: load,
    update(next) {
      runs = next.runs;
      load();
    },
    destroy() {
      generation++;
      chart.destroy();
      tip.destroy();
      body.replaceChildren();
    },
  };
}
