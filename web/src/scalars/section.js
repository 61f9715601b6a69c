// A collapsible section of chart cards with a header showing its name and card count.
import {el, icon} from '../lib/dom.js';

export function createSection(name, {closed = false, onToggle} = {}) {
  const count = el('span.section-count');
  const toggle = el('button.section-toggle', {type: 'button'},
      icon('chevron', 18), el('span.section-name', {text: name}), count);
  const body = el('div.card-grid');
  const element = el('section.tag-section', {dataset: {group: name}},
      el('h2.section-header', toggle), body);
  let isClosed = closed;

  function apply() {
    element.classList.toggle('closed', isClosed);
    toggle.setAttribute('aria-expanded', String(!isClosed));
    body.hidden = isClosed;
  }
  toggle.addEventListener('click', () => {
    isClosed = !isClosed;
    apply();
    if (onToggle) onToggle(isClosed);
  });
  apply();

  return {
    element,
    body,
    setCount(n) {
      count.textContent = String(n);
    },
    // Puts `nodes` in the section, touching the DOM only when the order changed (moving
    // nodes makes IntersectionObservers fire again for nothing).
    setCards(nodes) {
      const current = [...body.children];
      if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
        body.replaceChildren(...nodes);
      }
    },
  };
}
