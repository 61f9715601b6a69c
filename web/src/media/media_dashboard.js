// What the images, audio and text tabs share: the tags route regrouped into a section per tag
// with a card per run (and sample), cards fetched when they scroll into view, and refreshes
// that keep each card's chosen step.
import {el} from './dom.js';
import {cardKeys, runsByTag, sectionsOf} from './runs_by_tag.js';
import {createCard} from './card.js';

// kind: {plugin, tagsPath, samples: bool, emptyText, fetchItems, renderItem, actions?,
// toolbar?(root) → element}
export function createMediaDashboard(root, ctx, kind) {
  const cards = new Map();
  const open = new Map();
  let tags = null;
  let seq = 0;
  let destroyed = false;
  root.classList.add('md-root', 'md-kind-' + kind.plugin);
  root.classList.toggle('md-dark', ctx.theme() === 'dark');
  const toolbar = kind.toolbar ? kind.toolbar(root) : null;
  const sections = el('div', {class: 'md-sections'});
  const count = el('span', {class: 'md-count', attrs: {role: 'status'}});
  const bar = el('div', {class: 'md-toolbar'}, [count, el('span', {class: 'md-spacer'}), toolbar]);

  // Cards load their data when they come near the viewport.
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const card = [...cards.values()].find((c) => c.element === entry.target);
      observer.unobserve(entry.target);
      if (card && !card.isLoaded()) card.load();
    }
  }, {rootMargin: '300px 0px'});

  function render() {
    const groups = runsByTag(tags || {}, ctx.selectedRuns(), (tag) => ctx.tagMatches(tag));
    if (!groups.length) {
      const anyData = Object.keys(tags || {}).length > 0;
      root.replaceChildren();
      ctx.emptyState(root, anyData ? 'No ' + kind.plugin + ' data for the selected runs and tag filter.' :
        kind.emptyText);
      return;
    }
    const keep = new Set();
    const nodes = sectionsOf(groups).map((section) => {
      const specs = section.groups.flatMap((group) => cardKeys(group, {samples: kind.samples}));
      const grid = el('div', {class: 'md-grid'});
      for (const spec of specs) {
        keep.add(spec.key);
        let card = cards.get(spec.key);
        if (!card) {
          card = createCard(spec, kind, ctx);
          cards.set(spec.key, card);
          observer.observe(card.element);
        }
        grid.appendChild(card.element);
      }
      const details = el('details', {class: 'md-section', attrs: {'data-section': section.name}}, [
        el('summary', {class: 'md-section-head'}, [
          el('span', {class: 'md-section-title', text: section.name}),
          el('span', {class: 'md-section-count', text: specs.length === 1 ? '1 card' : specs.length + ' cards'}),
        ]),
        grid,
      ]);
      details.open = open.get(section.name) ?? true;
      details.addEventListener('toggle', () => open.set(section.name, details.open));
      return details;
    });
    for (const [key, card] of cards) {
      if (keep.has(key)) continue;
      observer.unobserve(card.element);
      cards.delete(key);
    }
    const total = groups.reduce((n, g) => n + g.entries.length, 0);
    count.textContent = groups.length + (groups.length === 1 ? ' tag' : ' tags') + ' in ' + total +
      (total === 1 ? ' run·tag pair' : ' run·tag pairs');
    sections.replaceChildren(...nodes);
    if (!sections.isConnected) root.replaceChildren(bar, sections);
  }

  async function loadTags({reloadCards = false} = {}) {
    const mine = ++seq;
    try {
      const answer = await ctx.api.json(kind.tagsPath);
      if (mine !== seq || destroyed) return;
      tags = answer;
    } catch (error) {
      if (mine !== seq || destroyed) return;
      root.replaceChildren();
      ctx.showError(root, error);
      return;
    }
    render();
    if (reloadCards) {
      for (const card of cards.values()) if (card.isLoaded() && reloadCards(card)) card.load();
    }
  }

  root.replaceChildren(el('p', {class: 'md-note', text: 'Loading ' + kind.plugin + '…'}));
  loadTags();
  return {
    refresh(reason) {
      const kindOf = reason?.kind;
      if (kindOf === 'runs' || kindOf === 'tagFilter' || kindOf === 'settings') {
        if (tags) render();
      } else if (kindOf === 'reload') {
        loadTags({reloadCards: () => true});
      } else if (kindOf === 'change') {
        const changed = reason.change?.runs || {};
        const removed = new Set(reason.change?.removed_runs || []);
        loadTags({reloadCards: (card) => card.spec.run in changed || removed.has(card.spec.run)});
      } else if (kindOf === 'theme') {
        root.classList.toggle('md-dark', ctx.theme() === 'dark');
      }
    },
    destroy() {
      destroyed = true;
      observer.disconnect();
      cards.clear();
      root.classList.remove('md-root', 'md-dark', 'md-kind-' + kind.plugin);
    },
  };
}
