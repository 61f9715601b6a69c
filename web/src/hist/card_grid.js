// The frame the three dashboards share, in the shell's look: a settings bar, then collapsible
// sections of cards grouped by tag prefix. Cards are cheap shells until they scroll into view;
// only then is their chart created and its data fetched, so hundreds of tags open quickly.
import {el, icon} from '../lib/dom.js';
import {groupItems} from './groups.js';
import {createLoader} from './loader.js';
import './hist.css';

// spec: {
//   tagsPath, emptyText, className,
//   toolbar(el, env)              → controls for the settings bar (optional)
//   items(index, env)             → [{key, tag, run?, runs?}] in display order
//   header(headEl, item, env)     → fills a card's heading (after the actions)
//   createCard(bodyEl, item, env) → {draw(), reload(), update?(item), destroy()}
//   onRender(items, env)          → optional: after the card list changed (runs, filter, reload)
// }
export function mountCardGrid(root, ctx, spec) {
  const toolbarEl = el('div.settings-bar.hist-toolbar');
  const content = el('div.sections.hist-content');
  const frame = el(`div.hist-root.${spec.className}`, toolbarEl, content);
  root.appendChild(frame);

  const loader = createLoader(ctx.api);
  const cards = new Map(); // key → {el, head, body, item, instance|null}
  let index = null;
  let destroyed = false;
  let tagsRequest = 0;
  const closed = new Set(readClosed());

  const env = {
    ctx,
    loader,
    frame,
    redrawAll: () => eachActive((c) => c.instance.draw()),
    reloadAll: () => eachActive((c) => c.instance.reload()),
  };
  if (spec.toolbar) spec.toolbar(toolbarEl, env);
  toolbarEl.hidden = !toolbarEl.childElementCount;

  const visible = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const card = e.target.histCard;
      visible.unobserve(e.target);
      if (card && !card.instance && !destroyed) card.instance = spec.createCard(card.body, card.item, env);
    }
  }, {rootMargin: '300px 0px'});

  function eachActive(fn) {
    for (const c of cards.values()) if (c.instance) fn(c);
  }

  function readClosed() {
    try {
      const v = ctx.state.get('closed', '');
      const list = v ? JSON.parse(v) : [];
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  function setClosed(section, button, grid, isClosed) {
    section.classList.toggle('closed', isClosed);
    button.setAttribute('aria-expanded', String(!isClosed));
    grid.hidden = isClosed;
  }

  function toggleGroup(name, section, button, grid) {
    if (closed.has(name)) closed.delete(name);
    else closed.add(name);
    setClosed(section, button, grid, closed.has(name));
    ctx.state.set('closed', closed.size ? JSON.stringify([...closed]) : '', '');
  }

  function makeCard(item) {
    const head = el('div.card-header');
    const body = el('div.card-body.hist-card-body');
    const card = {el: el('article.card.hist-card', head, body), head, body, item, instance: null};
    spec.header(head, item, env);
    card.el.histCard = card;
    visible.observe(card.el);
    return card;
  }

  function dropCard(key) {
    const c = cards.get(key);
    if (!c) return;
    visible.unobserve(c.el);
    if (c.instance) c.instance.destroy();
    c.el.remove();
    cards.delete(key);
  }

  function dropAll() {
    for (const key of [...cards.keys()]) dropCard(key);
  }

  function makeSection(group) {
    const button = el('button.section-toggle', {type: 'button'},
        icon('chevron', 18),
        el('span.section-name.hist-section-name', {text: group.name}),
        el('span.section-count', {text: String(group.items.length)}));
    const grid = el('div.card-grid');
    const section = el('section.tag-section', {dataset: {group: group.name}}, el('h2.section-header', button), grid);
    setClosed(section, button, grid, closed.has(group.name));
    button.addEventListener('click', () => toggleGroup(group.name, section, button, grid));
    for (const item of group.items) {
      let card = cards.get(item.key);
      if (card && JSON.stringify(card.item) !== JSON.stringify(item)) {
        // Same card, other runs (PR curves): update in place when the card can.
        if (card.instance && card.instance.update) {
          card.item = item;
          card.instance.update(item);
        } else {
          dropCard(item.key);
          card = null;
        }
      }
      if (!card) {
        card = makeCard(item);
        cards.set(item.key, card);
      }
      grid.appendChild(card.el);
    }
    return section;
  }

  // Rebuild sections from the current tag index, keeping every card whose key survives.
  function render() {
    if (!index) return;
    if (!Object.values(index).some((tags) => Object.keys(tags || {}).length)) {
      dropAll();
      ctx.emptyState(content, spec.emptyText);
      if (spec.onRender) spec.onRender([], env);
      return;
    }
    const items = spec.items(index, env);
    const keep = new Set(items.map((i) => i.key));
    for (const key of [...cards.keys()]) if (!keep.has(key)) dropCard(key);
    if (spec.onRender) spec.onRender(items, env);
    if (!items.length) {
      ctx.emptyState(content, ctx.selectedRuns().length
        ? 'No tags match the tag filter for the selected runs.'
        : 'No runs selected. Tick some runs in the sidebar.');
      return;
    }
    content.replaceChildren(...groupItems(items).map(makeSection));
  }

  async function loadTags() {
    const mine = ++tagsRequest;
    try {
      const data = await ctx.api.json(spec.tagsPath);
      if (destroyed || mine !== tagsRequest) return;
      index = data || {};
      render();
    } catch (error) {
      if (destroyed || mine !== tagsRequest) return;
      dropAll();
      ctx.showError(content, error);
    }
  }

  content.appendChild(el('p.muted', {text: 'Loading…'}));
  loadTags();

  return {
    refresh(reason) {
      const kind = reason && reason.kind;
      if (kind === 'theme' || kind === 'settings') {
        env.redrawAll();
      } else if (kind === 'runs' || kind === 'tagFilter') {
        render();
      } else if (kind === 'change') {
        const change = reason.change || {};
        const touched = new Set([...Object.keys(change.runs || {}), ...(change.removed_runs || [])]);
        loader.invalidate((path) => {
          // Paths without a run (run-wide indexes) may change with any run.
          const runs = new URL(path, 'http://x').searchParams.getAll('run');
          return !runs.length || runs.some((r) => touched.has(r));
        });
        loadTags().then(() => env.reloadAll());
      } else {
        loader.invalidate();
        loadTags().then(() => env.reloadAll());
      }
    },
    destroy() {
      destroyed = true;
      visible.disconnect();
      dropAll();
      frame.remove();
    },
  };
}
