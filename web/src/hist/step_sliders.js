// Per-run step sliders for the PR curves (TensorBoard keeps one per run): each picks which
// step's curve of that run every card draws. Steps come from available_time_entries.
import {el} from '../lib/dom.js';
import {formatStep} from './numbers.js';

export function createStepSliders(parent, {onChange}) {
  const list = el('div.hist-sliders');
  const wrap = el('div.control.hist-step-sliders', el('span.control-label', {text: 'Step'}), list);
  parent.appendChild(wrap);
  const rows = new Map(); // run → {el, input, label, swatch, steps}

  // runs: [{run, color, steps: [sorted numbers]}]; chosen: run → step (undefined = latest).
  function render(runs, chosen) {
    const keep = new Set(runs.map((r) => r.run));
    for (const [run, row] of rows) {
      if (!keep.has(run)) {
        row.el.remove();
        rows.delete(run);
      }
    }
    for (const {run, color, steps} of runs) {
      let row = rows.get(run);
      if (!row) {
        row = makeRow(run);
        rows.set(run, row);
      }
      row.steps = steps;
      row.swatch.style.backgroundColor = color;
      row.input.max = String(Math.max(0, steps.length - 1));
      row.input.disabled = steps.length < 2;
      const want = chosen[run];
      let i = steps.length - 1;
      if (want !== undefined) {
        i = 0;
        for (let k = 0; k < steps.length; k++) if (steps[k] <= want) i = k;
      }
      row.input.value = String(Math.max(0, i));
      row.label.textContent = steps.length ? formatStep(steps[Math.max(0, i)]) : '—';
      list.appendChild(row.el);
    }
    wrap.hidden = runs.length === 0;
  }

  function makeRow(run) {
    const swatch = el('span.swatch');
    const input = el('input', {type: 'range', min: '0', step: '1', 'aria-label': `Step for run ${run}`});
    const label = el('span.hist-slider-step');
    const row = {swatch, input, label, steps: [],
      el: el('label.hist-slider', el('span.hist-slider-run', swatch, el('span', {text: run, title: run})), input, label)};
    input.addEventListener('input', () => {
      const step = row.steps[Number(input.value)];
      label.textContent = formatStep(step);
      // The newest step means "follow the latest", so new data keeps showing up.
      onChange(run, Number(input.value) === row.steps.length - 1 ? undefined : step);
    });
    return row;
  }

  return {render, el: wrap};
}
