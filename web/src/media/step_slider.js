// The step slider of a card: picks one of the logged steps and shows its step and wall time.
import {el} from './dom.js';
import {formatWallTime} from './time.js';

export function createStepSlider(onChange) {
  const input = el('input', {class: 'md-slider', attrs: {type: 'range', min: 0, max: 0, step: 1, value: 0,
    'aria-label': 'step'}});
  const step = el('span', {class: 'md-step'});
  const time = el('span', {class: 'md-time'});
  const element = el('div', {class: 'md-slider-row'}, [input, el('div', {class: 'md-step-info'}, [step, time])]);
  let items = [];

  function show(index) {
    const item = items[index];
    step.textContent = item ? 'Step ' + item.step.toLocaleString('en-US') : '';
    time.textContent = item ? formatWallTime(item.wall_time) : '';
    time.title = item ? 'wall time ' + item.wall_time : '';
    input.setAttribute('aria-valuetext', item ? 'step ' + item.step : '');
  }
  input.addEventListener('input', () => {
    const index = Number(input.value);
    show(index);
    onChange(index);
  });

  return {
    element,
    // Shows `list` with `index` selected; one item leaves the slider disabled but visible so
    // cards line up.
    set(list, index) {
      items = list;
      input.max = String(Math.max(0, list.length - 1));
      input.value = String(Math.max(0, index));
      input.disabled = list.length <= 1;
      show(index);
    },
    index: () => Number(input.value),
    isLast: () => items.length > 0 && Number(input.value) === items.length - 1,
    step: () => items[Number(input.value)]?.step ?? null,
  };
}
