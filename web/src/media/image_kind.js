// Images: each step's picture scaled to the card, or at its actual size (a toggle per card and
// one for all cards, kept in the URL).
import {el} from './dom.js';
import {query} from './query.js';

export function imageKind(ctx) {
  let actualAll = ctx.state.get('actual', false) === true;
  const cardsActual = new Set();
  const isActual = (card) => actualAll !== cardsActual.has(card);

  function apply(card) {
    card.element.classList.toggle('md-actual', isActual(card));
    const button = card.element.querySelector('.md-size-toggle');
    if (button) {
      button.textContent = isActual(card) ? 'Fit' : '1:1';
      button.title = isActual(card) ? 'Scale the image to the card' : 'Show the image at its actual size';
      button.setAttribute('aria-pressed', String(isActual(card)));
    }
  }
  const known = new Set();

  return {
    plugin: 'images',
    tagsPath: '/data/plugin/images/tags',
    samples: true,
    emptyText: 'No images logged. Write some with tf.summary.image(...) or ' +
      'SummaryWriter.add_image(...) / add_images(...).',
    fetchItems: ({run, tag, sample}) => ctx.api.json(query('/data/plugin/images/images', {run, tag, sample})),
    renderItem(body, item, spec, card) {
      const img = el('img', {class: 'md-image', attrs: {
        src: ctx.api.url('/data/plugin/images/individualImage?' + item.query),
        alt: spec.tag + ' at step ' + item.step, decoding: 'async'}});
      // A click on the picture toggles its actual size, like the card's 1:1 button.
      img.addEventListener('click', () => card.element.querySelector('.md-size-toggle')?.click());
      img.addEventListener('load', () => {
        const size = card.element.querySelector('.md-dims');
        if (size) size.textContent = img.naturalWidth + '×' + img.naturalHeight;
        // Small images are scaled up crisp, not blurred.
        img.classList.toggle('md-pixelated', img.naturalWidth < 160);
      });
      body.replaceChildren(el('div', {class: 'md-content md-image-frame'}, [img]),
          el('div', {class: 'md-meta'}, [el('span', {class: 'md-dims'})]));
    },
    actions(card) {
      known.add(card);
      const button = el('button', {class: 'md-icon-button md-size-toggle', attrs: {type: 'button'}});
      button.addEventListener('click', () => {
        if (cardsActual.has(card)) cardsActual.delete(card);
        else cardsActual.add(card);
        apply(card);
      });
      queueMicrotask(() => apply(card));
      return [button];
    },
    toolbar() {
      const box = el('input', {attrs: {type: 'checkbox'}});
      box.checked = actualAll;
      box.addEventListener('change', () => {
        actualAll = box.checked;
        cardsActual.clear();
        ctx.state.set('actual', actualAll, false);
        for (const card of known) if (card.element.isConnected) apply(card);
      });
      return el('label', {class: 'md-check'}, [box, el('span', {text: 'Show actual image size'})]);
    },
  };
}
