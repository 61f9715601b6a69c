// The search field: type to list matching ops and scopes; arrows and Enter (or a click)
// reveal one. Every match is reported so the canvas can highlight them.

import {h} from './dom.js';
import {search} from './search.js';

const SHOWN = 50;

/**
 * @param hooks {entries(): entry[], matches(items: Item[]), pick(item)}
 * @returns {el, clear(), destroy()}
 */
export function searchBox(hooks) {
  const input = h('input', {class: 'gr-input', type: 'search', placeholder: 'Search nodes…',
    'aria-label': 'Search nodes', spellcheck: 'false', autocomplete: 'off'});
  const list = h('ul', {class: 'gr-results', role: 'listbox'});
  const count = h('div', {class: 'gr-result-count', 'aria-live': 'polite'});
  list.hidden = true;
  let current = [];
  let active = -1;
  let timer = 0;
  let stale = false; // typed since the list was last computed

  const update = () => {
    stale = false;
    const {results, total} = search(hooks.entries(), input.value, Infinity);
    current = results.slice(0, SHOWN);
    hooks.matches(results.map((e) => e.item));
    active = current.length ? 0 : -1;
    list.replaceChildren(...current.map((e, i) => h('li', {role: 'option',
      class: i === active ? 'gr-result gr-active' : 'gr-result', title: e.name,
      onmousedown: (ev) => {
        ev.preventDefault();
        choose(i);
      }}, [
      h('span', {class: 'gr-result-name', text: e.name}),
      h('span', {class: 'gr-result-kind', text: e.item.kind === 'op' ? 'op' : 'scope'}),
    ])));
    list.hidden = !current.length || document.activeElement !== input;
    count.textContent = input.value.trim()
      ? (total ? `${total} match${total === 1 ? '' : 'es'}${total > SHOWN ? `, first ${SHOWN} listed` : ''}` : 'no match')
      : '';
  };
  const setActive = (i) => {
    const items = list.children;
    if (items[active]) items[active].classList.remove('gr-active');
    active = i;
    if (items[active]) {
      items[active].classList.add('gr-active');
      items[active].scrollIntoView({block: 'nearest'});
    }
  };
  const choose = (i) => {
    const e = current[i];
    if (!e) return;
    list.hidden = true;
    hooks.pick(e.item);
  };
  input.addEventListener('input', () => {
    stale = true;
    clearTimeout(timer);
    timer = setTimeout(update, 80); // a 10k-node search per keystroke is cheap, but not free
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') setActive(Math.min(active + 1, current.length - 1));
    else if (e.key === 'ArrowUp') setActive(Math.max(active - 1, 0));
    else if (e.key === 'Enter') {
      clearTimeout(timer);
      if (stale || !current.length) update();
      choose(Math.max(active, 0));
    } else if (e.key === 'Escape') list.hidden = true;
    else return;
    e.preventDefault();
  });
  input.addEventListener('focus', () => {
    list.hidden = !current.length;
  });
  input.addEventListener('blur', () => {
    list.hidden = true;
  });
  const el = h('div', {class: 'gr-search'}, [input, list, count]);
  return {
    el,
    input,
    clear() {
      input.value = '';
      current = [];
      list.replaceChildren();
      list.hidden = true;
      count.textContent = '';
      hooks.matches([]);
    },
    refresh: update,
    destroy() {
      clearTimeout(timer);
    },
  };
}
