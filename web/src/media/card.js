// One media card: a tag's data for one run (and sample), with a step slider over the logged
// steps and a body the dashboard fills for the chosen step.
import {el} from './dom.js';
import {createStepSlider} from './step_slider.js';
import {byStep, nextIndex} from './runs_by_tag.js';

// spec: {run, tag, sample, samples}; kind: {fetchItems(spec) → Promise<items>,
// renderItem(body, item, spec, card), actions?(card) → [elements]}.
export function createCard(spec, kind, ctx) {
  let items = [];
  let loaded = false;
  let loading = null;
  const body = el('div', {class: 'md-body'}, [el('div', {class: 'md-loading', text: 'Loading…'})]);
  const slider = createStepSlider((index) => draw(index));
  const dot = el('span', {class: 'md-dot'});
  dot.style.background = ctx.color(spec.run);
  const title = spec.samples > 1 ? spec.tag + ' · sample ' + (spec.sample + 1) + '/' + spec.samples : spec.tag;
  const head = el('div', {class: 'md-card-head'}, [
    el('div', {class: 'md-card-titles'}, [
      el('div', {class: 'md-card-title', text: title, title}),
      el('div', {class: 'md-card-run', title: spec.run}, [dot, el('span', {text: spec.run})]),
    ]),
    el('div', {class: 'md-card-actions'}),
  ]);
  const element = el('article', {class: 'md-card', attrs: {'data-run': spec.run, 'data-tag': spec.tag,
    'data-sample': spec.sample}}, [head, slider.element, body]);
  const card = {spec, element, body, load, isLoaded: () => loaded, current: () => items[slider.index()]};
  for (const action of kind.actions?.(card) || []) head.lastChild.appendChild(action);

  function draw(index) {
    const item = items[index];
    if (item) kind.renderItem(body, item, spec, card);
  }

  // Fetches the card's items; again on refresh, keeping the chosen step.
  function load() {
    if (loading) return loading;
    const previous = slider.step();
    const wasLast = !loaded || slider.isLast();
    loading = kind.fetchItems(spec).then((list) => {
      items = byStep(list);
      loaded = true;
      if (!items.length) {
        slider.set([], 0);
        body.replaceChildren(el('div', {class: 'md-note', text: 'No data for this run.'}));
        return;
      }
      const index = nextIndex(items, previous, wasLast);
      slider.set(items, index);
      // Redraw only for another step, so a refresh does not restart a playing clip.
      if (items[index].step !== previous || !body.querySelector('.md-content')) draw(index);
    }, (error) => {
      body.replaceChildren(el('div', {class: 'md-error', text: error.message || String(error)}));
    }).finally(() => {
      loading = null;
    });
    return loading;
  }
  return card;
}
