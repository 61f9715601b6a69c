// The settings popover: theme (system, light, dark) and what the server is serving.
import {el} from '../lib/dom.js';
import {THEME_CHOICES} from './theme.js';

const THEME_LABELS = {system: 'System', light: 'Light', dark: 'Dark'};

export function openSettings(anchor, {theme, environment}) {
  const existing = document.querySelector('.settings-panel');
  if (existing) {
    existing.remove();
    return;
  }
  const group = el('div.segmented', {role: 'radiogroup', 'aria-label': 'Theme'});
  function renderChoices() {
    group.replaceChildren(...THEME_CHOICES.map((choice) => {
      const button = el('button', {type: 'button', role: 'radio', text: THEME_LABELS[choice],
        dataset: {theme: choice}, onclick: () => {
          theme.setChoice(choice);
          renderChoices();
        }});
      button.setAttribute('aria-checked', String(theme.choice() === choice));
      return button;
    }));
  }
  renderChoices();
  const about = el('dl.about');
  if (environment) {
    about.append(el('dt', {text: 'Log directory'}),
        el('dd', {text: environment.data_location || '–'}));
    if (environment.version) {
      about.append(el('dt', {text: 'TensorBoard API'}), el('dd', {text: environment.version}));
    }
  }
  const panel = el('div.settings-panel', {role: 'dialog', 'aria-label': 'Settings'},
      el('h2', {text: 'Settings'}),
      el('div.setting', el('span.setting-label', {text: 'Theme'}), group),
      about);
  document.body.appendChild(panel);
  const rect = anchor.getBoundingClientRect();
  panel.style.top = `${Math.round(rect.bottom + 6)}px`;
  panel.style.right = `${Math.round(window.innerWidth - rect.right)}px`;

  function close(event) {
    if (event.type === 'keydown' && event.key !== 'Escape') return;
    if (event.type === 'mousedown' && (panel.contains(event.target) || anchor.contains(event.target))) {
      return;
    }
    panel.remove();
    document.removeEventListener('mousedown', close, true);
    document.removeEventListener('keydown', close, true);
  }
  document.addEventListener('mousedown', close, true);
  document.addEventListener('keydown', close, true);
}
