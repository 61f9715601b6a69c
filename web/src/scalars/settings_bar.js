// The scalar chart settings above the charts: smoothing, horizontal axis, log scales and
// outlier-robust y ranges. Values live in the dashboard's URL state.
import {el, debounce} from '../lib/dom.js';
import {X_AXES} from './x_axis.js';

export const DEFAULTS = {smoothing: 0.6, x: 'step', logX: false, logY: false, outliers: false};

export function readSettings(state) {
  const x = state.get('x', DEFAULTS.x);
  const smoothing = state.get('smoothing', DEFAULTS.smoothing);
  return {
    smoothing: Math.min(0.999, Math.max(0, Number.isFinite(smoothing) ? smoothing : 0.6)),
    x: X_AXES.some((axis) => axis.id === x) ? x : DEFAULTS.x,
    logX: state.get('logX', DEFAULTS.logX),
    logY: state.get('logY', DEFAULTS.logY),
    outliers: state.get('outliers', DEFAULTS.outliers),
  };
}

// onChange(settings, changedKey)
export function createSettingsBar(state, onChange) {
  let settings = readSettings(state);

  function set(key, value) {
    settings = {...settings, [key]: value};
    state.set(key, value, DEFAULTS[key]);
    onChange(settings, key);
  }

  const slider = el('input.smoothing-slider', {type: 'range', min: '0', max: '0.99', step: '0.01',
    'aria-label': 'Smoothing'});
  const number = el('input.smoothing-number', {type: 'number', min: '0', max: '0.999',
    step: '0.01', 'aria-label': 'Smoothing weight'});
  slider.value = String(settings.smoothing);
  number.value = String(settings.smoothing);
  // While the slider is dragged, the refetch waits until it rests for 120 ms; a committed value
  // (the box's change, the slider let go or moved by keys) applies at once: the debounce alone
  // was 120 ms of the smoothing redraw (bench/web/page_bench.mjs).
  function commitNow(value) {
    commitSmoothing.cancel();
    if (value !== settings.smoothing) set('smoothing', value);
  }
  const commitSmoothing = debounce(commitNow, 120);
  slider.addEventListener('input', () => {
    number.value = slider.value;
    commitSmoothing(Number(slider.value));
  });
  slider.addEventListener('change', () => commitNow(Number(slider.value)));
  number.addEventListener('change', () => {
    const value = Math.min(0.999, Math.max(0, Number(number.value) || 0));
    number.value = String(value);
    slider.value = String(value);
    commitNow(value);
  });

  const axisGroup = el('div.segmented', {role: 'radiogroup', 'aria-label': 'Horizontal axis'});
  function renderAxes() {
    axisGroup.replaceChildren(...X_AXES.map((axis) => {
      const button = el('button', {type: 'button', role: 'radio', text: axis.label,
        title: axis.title || '', dataset: {x: axis.id},
        onclick: () => {
          if (settings.x === axis.id) return;
          set('x', axis.id);
          renderAxes();
        }});
      button.setAttribute('aria-checked', String(settings.x === axis.id));
      return button;
    }));
  }
  renderAxes();

  function toggle(key, label, title) {
    const box = el('input', {type: 'checkbox', checked: settings[key]});
    box.addEventListener('change', () => set(key, box.checked));
    return el('label.check', {title, dataset: {setting: key}}, box, el('span', {text: label}));
  }

  const element = el('div.settings-bar',
      el('div.control', el('span.control-label', {text: 'Smoothing'}), slider, number),
      el('div.control', el('span.control-label', {text: 'X axis'}), axisGroup),
      el('div.control', el('span.control-label', {text: 'Log'}),
          toggle('logX', 'X', 'Logarithmic horizontal axis'),
          toggle('logY', 'Y', 'Logarithmic vertical axis')),
      el('div.control', toggle('outliers', 'Ignore outliers',
          'Fit the y axis to the 5th–95th percentile of the values')));

  return {element, settings: () => settings};
}
