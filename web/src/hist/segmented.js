// A labelled radio group of buttons for a view setting, in the shell's settings-bar style.
import {el} from '../lib/dom.js';

export function createSegmented(parent, {label, options, value, onChange}) {
  const group = el('div.segmented', {role: 'radiogroup', 'aria-label': label});
  const buttons = options.map((opt) => el('button', {
    type: 'button',
    role: 'radio',
    text: opt.label,
    title: opt.title || '',
    dataset: {value: opt.value},
    onclick: () => {
      if (opt.value === value) return;
      set(opt.value);
      onChange(opt.value);
    },
  }));
  group.append(...buttons);
  function set(v) {
    value = v;
    for (const b of buttons) b.setAttribute('aria-checked', String(b.dataset.value === v));
  }
  set(value);
  const control = el('div.control', el('span.control-label', {text: label}), group);
  parent.appendChild(control);
  return {el: control, set, get: () => value};
}
