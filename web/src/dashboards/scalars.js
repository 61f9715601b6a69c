// The scalars dashboard: one chart per tag, in collapsible sections by tag prefix, every
// selected run overlaid in its colour. Data comes from the batch route, downsampled and
// smoothed on the server; cards load lazily as they scroll into view.
import {el} from '../lib/dom.js';
import {createSeriesLoader} from '../scalars/series_loader.js';
import {createSettingsBar} from '../scalars/settings_bar.js';
import {createScalarCard} from '../scalars/scalar_card.js';
import {createLazyObserver} from '../scalars/lazy.js';
import {createSection} from '../scalars/section.js';
import {decodeList, encodeList, formatZooms, groupTags, parseZooms} from '../scalars/tag_groups.js';

const EMPTY_TEXT = 'No scalar data for the selected runs. Log some with ' +
    'writer.add_scalar("loss", value, step) (PyTorch) or tf.summary.scalar("loss", value, ' +
    'step=step) (TensorFlow); charts appear here as they are written.';

// "<p>Training <strong>loss</strong></p>" -> "Training loss", for a title attribute. The
// parser is inert: nothing in it runs or loads.
function plainText(html) {
  if (!html) return '';
  return new DOMParser().parseFromString(html, 'text/html').body.textContent.trim();
}

export default {
  plugin: 'scalars',
  mount(root, ctx) {
    const loader = createSeriesLoader(ctx.api);
    const lazy = createLazyObserver();
    const bar = createSettingsBar(ctx.state, onSettings);
    const sectionsNode = el('div.sections');
    const message = el('div.dashboard-message');
    root.append(bar.element, message, sectionsNode);

    let tagInfo = {};  // run -> {tag -> {displayName, description}}
    const cards = new Map();  // tag -> card
    const sections = new Map();  // group name -> {element, body, count}
    let closed = new Set(decodeList(ctx.state.get('closed', '')));
    // Enlarged and zoomed charts, kept in the URL: wide=<tags>, zoom=<x0~x1~tag, ...>.
    const wideTags = new Set(decodeList(ctx.state.get('wide', '')));
    const zooms = parseZooms(decodeList(ctx.state.get('zoom', '')));
    function saveView(tag, view) {
      if (view.wide) wideTags.add(tag);
      else wideTags.delete(tag);
      if (view.zoom) zooms.set(tag, view.zoom);
      else zooms.delete(tag);
      ctx.state.set('wide', encodeList([...wideTags]), '');
      ctx.state.set('zoom', encodeList(formatZooms(zooms)), '');
    }
    let destroyed = false;

    function runsByTag() {
      const byTag = new Map();
      for (const run of ctx.selectedRuns()) {
        for (const tag of Object.keys(tagInfo[run] || {})) {
          if (!byTag.has(tag)) byTag.set(tag, []);
          byTag.get(tag).push(run);
        }
      }
      return byTag;
    }

    function descriptionOf(tag) {
      for (const run of Object.keys(tagInfo)) {
        const info = tagInfo[run][tag];
        if (info && info.description) return plainText(info.description);
      }
      return '';
    }

    function specFor(tag) {
      const tagRuns = new Set(Object.keys(tagInfo).filter((run) => tagInfo[run][tag]));
      return () => ctx.selectedRuns().filter((run) => tagRuns.has(run))
          .map((run) => ({key: run, label: run, color: ctx.color(run), run, tag}));
    }

    function section(name) {
      let entry = sections.get(name);
      if (entry) return entry;
      entry = createSection(name, {closed: closed.has(name), onToggle(isClosed) {
        if (isClosed) closed.add(name);
        else closed.delete(name);
        ctx.state.set('closed', encodeList([...closed]), '');
      }});
      sections.set(name, entry);
      return entry;
    }

    // Makes cards and sections match the tags of the selected runs, in order; then shows
    // those passing the tag filter.
    function layout() {
      const byTag = runsByTag();
      const groups = groupTags([...byTag.keys()]);
      const wanted = new Set(byTag.keys());
      for (const [tag, card] of cards) {
        if (!wanted.has(tag)) {
          card.destroy();
          cards.delete(tag);
        }
      }
      const order = [];
      for (const group of groups) {
        const entry = section(group.name);
        order.push(entry.element);
        const children = group.tags.map((tag) => {
          let card = cards.get(tag);
          if (!card) {
            card = createScalarCard({title: tag, description: descriptionOf(tag),
              spec: specFor(tag), settings: bar.settings, loader, lazy, syncKey: 'scalars',
              api: ctx.api, view: {wide: wideTags.has(tag), zoom: zooms.get(tag) || null},
              onView: (view) => saveView(tag, view)});
            cards.set(tag, card);
          }
          return card.element;
        });
        entry.setCards(children);
      }
      for (const [name, entry] of sections) {
        if (!groups.some((group) => group.name === name)) {
          entry.element.remove();
          sections.delete(name);
        }
      }
      const current = [...sectionsNode.children];
      if (current.length !== order.length || current.some((node, i) => node !== order[i])) {
        sectionsNode.replaceChildren(...order);
      }
      applyFilter();
    }

    function applyFilter() {
      let shown = 0;
      for (const entry of sections.values()) {
        let inSection = 0;
        for (const node of entry.body.children) {
          const tag = node.dataset.tag;
          const match = ctx.tagMatches(tag);
          cards.get(tag).setHidden(!match);
          if (match) inSection++;
        }
        entry.element.hidden = inSection === 0;
        entry.setCount(inSection);
        shown += inSection;
      }
      if (!cards.size) {
        ctx.emptyState(message, EMPTY_TEXT);
        message.hidden = false;
      } else if (!shown) {
        message.replaceChildren(el('div.empty-state.compact',
            el('p', {text: `No tag matches the tag filter (${cards.size} tags hidden).`})));
        message.hidden = false;
      } else {
        message.replaceChildren();
        message.hidden = true;
      }
    }

    async function loadTags() {
      try {
        tagInfo = await ctx.api.json('/data/plugin/scalars/tags');
      } catch (error) {
        if (destroyed) return;
        ctx.showError(message, error);
        message.hidden = false;
        return;
      }
      if (destroyed) return;
      const first = cards.size === 0;
      layout();
      if (first) lazy.reportVisibleNow();
    }

    function invalidateAll() {
      for (const card of cards.values()) card.invalidate();
    }

    function onSettings(settings, key) {
      if (key === 'smoothing') {
        invalidateAll();
        return;
      }
      for (const card of cards.values()) card.applySettings(key);
    }

    // A live change: new runs or tags change the layout; changed series refetch only their
    // cards (each keeps its zoom).
    async function onChange(change) {
      const selected = new Set(ctx.selectedRuns());
      const unknown = Object.entries(change.runs).some(([run, tags]) =>
        !tagInfo[run] || tags.some((tag) => !tagInfo[run][tag]));
      if (unknown || change.removed_runs.length) await loadTags();
      const touched = new Set();
      for (const [run, tags] of Object.entries(change.runs)) {
        if (!selected.has(run)) continue;
        for (const tag of tags) touched.add(tag);
      }
      for (const tag of touched) {
        const card = cards.get(tag);
        if (card) card.invalidate();
      }
    }

    loadTags();

    return {
      refresh(reason) {
        switch (reason.kind) {
          case 'runs':
            layout();
            for (const card of cards.values()) card.syncSpec();
            break;
          case 'tagFilter':
            applyFilter();
            break;
          case 'theme':
            for (const card of cards.values()) card.restyle();
            break;
          case 'change':
            onChange(reason.change);
            break;
          default:
            loadTags().then(invalidateAll);
        }
      },
      destroy() {
        destroyed = true;
        for (const card of cards.values()) card.destroy();
        cards.clear();
        lazy.disconnect();
      },
    };
  },
};

