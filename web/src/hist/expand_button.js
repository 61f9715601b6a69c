// The card's enlarge button, as on the scalar cards.
import {el, icon} from '../lib/dom.js';

// The card takes the full row and grows taller (hist.css); the chart redraws on resize.
export function expandButton() {
  const button = el('button.icon-button.small.hist-expand', {type: 'button', title: 'Enlarge',
    'aria-label': 'Enlarge chart', 'aria-pressed': 'false'}, icon('expand', 16));
  button.addEventListener('click', () => {
    const card = button.closest('.card');
    const wide = card.classList.toggle('wide');
    button.setAttribute('aria-pressed', String(wide));
    button.replaceChildren(icon(wide ? 'collapse' : 'expand', 16));
    button.title = wide ? 'Shrink' : 'Enlarge';
    if (wide) card.scrollIntoView({block: 'nearest', behavior: 'smooth'});
  });
  return el('div.card-actions', button);
}
