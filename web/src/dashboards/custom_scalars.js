// The custom scalars dashboard: the layout written with the logs (categories of charts), each
// chart drawing the scalar series its tag regexes select ("multiline") or a value with a
// lower/upper band ("margin"), for every selected run. Same cards and settings as Scalars.
import {el} from '../lib/dom.js';
import {createSeriesLoader} from '../scalars/series_loader.js';
import {createSettingsBar} from '../scalars/settings_bar.js';
import {createScalarCard} from '../scalars/scalar_card.js';
import {createLazyObserver} from '../scalars/lazy.js';
import {createSection} from '../scalars/section.js';
import {decodeList, encodeList} from '../scalars/tag_groups.js';

const EMPTY_TEXT = 'No custom scalar layout. Write one with writer.add_custom_scalars(layout) ' +
    '(PyTorch) or summary_lib.custom_scalar_pb(layout) (TensorFlow) to group chosen tags ' +
    'into charts.';

// Line styles tell apart the tags of one run in a multiline chart (colour stays the run's).
const DASHES = [undefined, [6, 3], [2, 3], [10, 3, 2, 3], [1, 2]];

// Python's re.match: the pattern must match at the start of the tag. null when invalid.
function startMatcher(pattern) {
  try {
    const re = new RegExp(`^(?:${pattern})`);
    return (tag) => re.test(tag);
  } catch {
    return null;
  }
}

export default {
  plugin: 'custom_scalars',
  mount(root, ctx) {
    const loader = createSeriesLoader(ctx.api);
    const lazy = createLazyObserver();
    const bar = createSettingsBar(ctx.state, onSettings);
    const message = el('div.dashboard-message');
    const sectionsNode = el('div.sections');
    root.append(bar.element, message, sectionsNode);

    let layout = null;
    let tagInfo = {};
    let cards = [];
    let sections = [];
    let destroyed = false;
    // Categories whose open/closed state the user flipped from the layout's default.
    const flipped = new Set(decodeList(ctx.state.get('flipped', '')));

    function multilineSpec(chart) {
      const matchers = (chart.multiline.tag || []).map(startMatcher).filter(Boolean);
      return () => {
        const found = [];
        const tags = new Set();
        for (const run of ctx.selectedRuns()) {
          for (const tag of Object.keys(tagInfo[run] || {}).sort()) {
            if (matchers.some((match) => match(tag))) {
              found.push({run, tag});
              tags.add(tag);
            }
          }
        }
        const tagOrder = [...tags].sort();
        const several = tagOrder.length > 1;
        return found.map(({run, tag}) => ({
          key: `${run}\u0000${tag}`,
          label: several ? `${run} · ${tag}` : run,
          color: ctx.color(run),
          dash: several ? DASHES[tagOrder.indexOf(tag) % DASHES.length] : undefined,
          run,
          tag,
        }));
      };
    }

    function marginSpec(chart) {
      const list = chart.margin.series || [];
      return () => {
        const out = [];
        for (const run of ctx.selectedRuns()) {
          const tags = tagInfo[run] || {};
          list.forEach((entry, k) => {
            if (!tags[entry.value]) return;
            const hasBand = tags[entry.lower] && tags[entry.upper];
            out.push({
              key: `${run}\u0000${entry.value}`,
              label: list.length > 1 ? `${run} · ${entry.value}` : run,
              color: ctx.color(run),
              dash: DASHES[k % DASHES.length],
              run,
              tag: entry.value,
              lower: hasBand ? entry.lower : undefined,
              upper: hasBand ? entry.upper : undefined,
            });
          });
        }
        return out;
      };
    }

    function render() {
      for (const card of cards) card.destroy();
      cards = [];
      const categories = (layout && layout.category) || [];
      if (!categories.length) {
        sections = [];
        sectionsNode.replaceChildren();
        ctx.emptyState(message, EMPTY_TEXT);
        return;
      }
      message.replaceChildren();
      sections = categories.map((category) => {
        const name = category.title || 'Untitled';
        const closed = Boolean(category.closed) !== flipped.has(name);
        const section = createSection(name, {closed, onToggle() {
          if (flipped.has(name)) flipped.delete(name);
          else flipped.add(name);
          ctx.state.set('flipped', encodeList([...flipped]), '');
        }});
        const nodes = (category.chart || []).map((chart) => {
          const spec = chart.margin ? marginSpec(chart) : multilineSpec(chart);
          const card = createScalarCard({title: chart.title || 'Untitled', spec,
            settings: bar.settings, loader, lazy, syncKey: 'custom_scalars', api: ctx.api});
          cards.push(card);
          return card.element;
        });
        section.setCards(nodes);
        return section;
      });
      sectionsNode.replaceChildren(...sections.map((section) => section.element));
      applyFilter();
    }

    // The tag filter matches chart titles (the charts' own names).
    function applyFilter() {
      for (const card of cards) card.setHidden(!ctx.tagMatches(card.title));
      for (const section of sections) {
        const shown = [...section.body.children].filter((node) => !node.hidden).length;
        section.setCount(shown);
        section.element.hidden = shown === 0;
      }
    }

    async function load() {
      try {
        const [nextLayout, nextTags] = await Promise.all([
          ctx.api.json('/data/plugin/custom_scalars/layout'),
          ctx.api.json('/data/plugin/scalars/tags'),
        ]);
        if (destroyed) return;
        const changed = JSON.stringify(nextLayout) !== JSON.stringify(layout);
        layout = nextLayout;
        tagInfo = nextTags;
        if (changed) render();
        else for (const card of cards) card.invalidate();
      } catch (error) {
        if (!destroyed) ctx.showError(message, error);
      }
    }

    function onSettings(settings, key) {
      for (const card of cards) {
        if (key === 'smoothing') card.invalidate();
        else card.applySettings(key);
      }
    }

    load();

    return {
      refresh(reason) {
        switch (reason.kind) {
          case 'runs':
            for (const card of cards) card.syncSpec();
            break;
          case 'tagFilter':
            applyFilter();
            break;
          case 'theme':
            for (const card of cards) card.restyle();
            break;
          default:
            // Live changes and reloads: the layout or the tags may have changed too.
            load();
        }
      },
      destroy() {
        destroyed = true;
        for (const card of cards) card.destroy();
        cards = [];
        lazy.disconnect();
      },
    };
  },
};
