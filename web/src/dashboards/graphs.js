// The Graphs tab: a run's GraphDef as a DAG of collapsible name scopes on a canvas, with
// search, a details card, and the run metadata (step stats) recorded for the run.

import '../graph/graph.css';
import {h} from '../graph/dom.js';
import {buildPanels, renderColorKey} from '../graph/panels.js';
import {COLOR_MODES, makePainter} from '../graph/coloring.js';
import {buildHierarchy} from '../graph/hierarchy.js';
import {GraphView} from '../graph/view.js';
import {readTheme} from '../graph/colors.js';
import {renderDetails} from '../graph/details.js';
import {searchIndex} from '../graph/search.js';
import {searchBox} from '../graph/search_box.js';
import {nodeStats} from '../graph/run_metadata.js';
import {fetchInfo, fetchGraph, fetchRunMetadata, runChoices} from '../graph/source.js';

export default {
  plugin: 'graphs',
  usesTagFilter: false, // graphs have no tags to filter
  mount(root, ctx) {
    return new GraphsDashboard(root, ctx);
  },
};

class GraphsDashboard {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.info = {};
    this.model = null; // {text, graph, hierarchy, consumers, entries}
    this.stats = null;
    this.loadToken = 0;
    this.metaToken = 0;
    this.build();
    this.applyTheme();
    this.onResize = () => this.fitHeight();
    window.addEventListener('resize', this.onResize);
    this.fitHeight();
    this.loadInfo({initial: true});
  }

  // The canvas needs a definite height: fill the window below wherever the shell put us.
  fitHeight() {
    const top = this.dash.getBoundingClientRect().top + window.scrollY;
    this.dash.style.height = `${Math.max(420, window.innerHeight - top)}px`;
  }

  build() {
    this.search = searchBox({
      entries: () => (this.model ? this.model.entries : []),
      matches: (items) => {
        this.matchItems = items;
        this.updateMatches();
      },
      pick: (item) => this.reveal(item),
    });
    const ui = buildPanels(this.search.el, {
      run: (v) => this.chooseRun(v),
      graph: (v) => this.chooseGraph(v),
      meta: (v) => this.chooseMeta(v),
      color: (v) => this.chooseColor(v),
      fit: () => this.view.fit(),
      collapseAll: () => this.view.collapseAll(),
      zoom: (f) => this.view.zoomBy(f),
    });
    Object.assign(this, ui);
    this.root.append(this.dash);
    // Tests and the bench reach the canvas's model through the element (no globals).
    this.view = this.dash.graphView = new GraphView(this.canvasHost, {
      select: (item) => this.select(item),
      changed: () => {
        this.updateMatches();
        this.ctx.state.set('open', this.view.expandedKeys().join('|'));
        if (this.selected) this.refreshDetails();
      },
    });
  }

  applyTheme() {
    const dark = this.ctx.theme() === 'dark';
    this.dash.classList.toggle('gr-dark', dark);
    this.theme = readTheme(this.dash, dark);
    this.view.setTheme(this.theme);
    this.updatePainter();
  }

  chooseColor(mode) {
    this.ctx.state.set('color', mode === 'structure' ? '' : mode);
    this.updatePainter();
  }

  // Colours depend on the mode, the graph, the run metadata and the theme: rebuilt when any
  // of them changes. Modes that need run metadata are offered only with it.
  updatePainter() {
    const wanted = String(this.ctx.state.get('color') || 'structure');
    const options = COLOR_MODES.map((m) => ({value: m.value, label: m.label,
      disabled: m.needsStats && !this.stats}));
    const usable = options.find((o) => o.value === wanted && !o.disabled);
    const mode = usable ? wanted : 'structure';
    this.fillSelect(this.colorSel.select, options, mode);
    if (!this.model || !this.theme) {
      renderColorKey(this.colorKey, null);
      return;
    }
    const painter = makePainter(mode, {...this.model, stats: this.stats}, this.theme);
    this.view.setPainter(painter);
    renderColorKey(this.colorKey, painter.key);
  }

  /** refetch: also fetch the shown graph again (it is compared, and redrawn only if new). */
  async loadInfo({initial = false, refetch = false} = {}) {
    let info;
    try {
      info = await fetchInfo(this.ctx);
    } catch (err) {
      if (this.destroyed) return;
      this.clearGraph('error', (el) => this.ctx.showError(el, err));
      return;
    }
    if (this.destroyed) return;
    this.info = info;
    const runs = Object.keys(info).sort(byName);
    if (!runs.length) {
      this.clearGraph('empty', (el) => this.ctx.emptyState(el, 'No graph found. Write one with ' +
          'tf.summary.trace_export, a Keras TensorBoard callback (write_graph=True) or ' +
          'SummaryWriter.add_graph.'));
      this.fillSelect(this.runSel.select, []);
      return;
    }
    const wanted = initial ? this.ctx.state.get('run') : this.run;
    const selected = this.ctx.selectedRuns().find((r) => info[r]);
    const run = info[wanted] ? wanted : selected || runs[0];
    this.fillSelect(this.runSel.select, runs.map((r) => ({value: r, label: r})), run);
    await this.chooseRun(run, {initial, refetch});
  }

  fillSelect(select, options, value) {
    select.replaceChildren(...options.map((o) => h('option', {value: o.value, text: o.label, disabled: o.disabled})));
    if (value !== undefined) select.value = value;
    select.title = select.selectedOptions[0] ? select.selectedOptions[0].textContent : '';
    select.disabled = options.filter((o) => !o.disabled).length < 1;
  }

  async chooseRun(run, {initial = false, refetch = true} = {}) {
    const changed = run !== this.run;
    this.run = run;
    this.ctx.state.set('run', run);
    const {graphs, metadata} = runChoices(this.info[run] || {});
    this.choices = {graphs, metadata};
    const enabled = graphs.filter((g) => !g.disabled);
    const wantGraph = initial ? this.ctx.state.get('graph') : changed ? undefined : this.graphTag;
    const graphTag = enabled.find((g) => g.value === (wantGraph ?? ''))
      ? (wantGraph ?? '') : (enabled[0] ? enabled[0].value : null);
    this.fillSelect(this.graphSel.select, graphs.length ? graphs : [{value: '', label: 'No graph', disabled: true}],
        graphTag ?? '');
    const meta = [{value: '', label: metadata.length ? 'None' : 'None recorded'}, ...metadata];
    const wantMeta = initial ? this.ctx.state.get('meta') : changed ? '' : this.metaTag;
    const metaTag = metadata.find((m) => m.value === wantMeta) ? wantMeta : '';
    this.fillSelect(this.metaSel.select, meta, metaTag);
    this.metaSel.select.disabled = !metadata.length;
    const loads = [];
    if (changed || initial || refetch || graphTag !== this.graphTag || !this.model) {
      loads.push(this.chooseGraph(graphTag, {initial, keep: !changed}));
    }
    if (metaTag !== this.metaTag || changed || initial) loads.push(this.chooseMeta(metaTag));
    await Promise.all(loads);
  }

  async chooseGraph(tag, {initial = false, keep = false} = {}) {
    const token = ++this.loadToken;
    const sameGraph = keep && tag === this.graphTag && this.model;
    this.graphTag = tag;
    this.ctx.state.set('graph', tag ?? '');
    if (tag === null) {
      this.clearGraph('empty', (el) => {
        el.textContent = this.choices.graphs.length
          ? 'This run has only a Keras model description (conceptual graph), which is not drawn here.'
          : 'This run has no graph.';
      });
      return;
    }
    if (!sameGraph) {
      this.showMessage('Loading graph…');
      this.dash.dataset.graphState = 'loading';
    }
    let graph, text;
    try {
      performance.mark('graphs:fetch');
      ({graph, text} = await fetchGraph(this.ctx, this.run, tag));
    } catch (err) {
      if (token !== this.loadToken || this.destroyed) return;
      this.clearGraph('error', (el) => this.ctx.showError(el, err));
      return;
    }
    if (token !== this.loadToken || this.destroyed) return;
    if (sameGraph && this.model.text === text) return; // a reload that changed nothing
    performance.mark('graphs:parsed');
    const hierarchy = buildHierarchy(graph);
    performance.mark('graphs:scoped');
    const consumers = new Map();
    for (const e of graph.edges) {
      if (!consumers.has(e.src)) consumers.set(e.src, []);
      consumers.get(e.src).push(e);
    }
    const openKeys = sameGraph ? this.view.expandedKeys()
      : initial ? String(this.ctx.state.get('open') || '').split('|').filter(Boolean) : [];
    this.model = {text, graph, hierarchy, consumers, entries: searchIndex(hierarchy)};
    performance.mark('graphs:indexed');
    if (!graph.ops.length) {
      this.clearGraph('empty', (el) => {
        el.textContent = tag ? `The op graph of “${tag}” is empty.` : 'This graph is empty.';
      });
      return;
    }
    this.showMessage('');
    this.updatePainter();
    this.view.setGraph(graph, hierarchy, {expanded: openKeys, keepCamera: !!sameGraph});
    this.ctx.state.set('open', this.view.expandedKeys().join('|'));
    this.updateStat();
    const wantNode = sameGraph && this.selected ? this.selected.key : initial ? this.ctx.state.get('node') : null;
    const item = wantNode ? findItem(hierarchy, wantNode) : null;
    this.select(item);
    if (item && initial) this.view.reveal(item);
    this.search.refresh();
    this.dash.dataset.graphState = 'ready';
  }

  /** No graph to draw: say why in the message area (fill(el) writes it). */
  clearGraph(state, fill) {
    this.model = null;
    this.select(null);
    this.view.clear();
    this.updateStat();
    this.updatePainter();
    this.message.replaceChildren();
    fill(this.message);
    this.message.hidden = false;
    this.dash.dataset.graphState = state;
  }

  async chooseMeta(tag) {
    const token = ++this.metaToken;
    this.metaTag = tag;
    this.ctx.state.set('meta', tag);
    this.metaSel.select.value = tag;
    this.stats = null;
    this.stage.classList.toggle('gr-has-meta', !!tag);
    if (!tag) {
      this.metaPanel.hidden = true;
      this.refreshDetails();
      this.updatePainter();
      return;
    }
    this.metaPanel.hidden = false;
    this.metaTitle.textContent = `Run metadata · ${tag}`;
    this.metaText.textContent = 'Loading…';
    try {
      const text = await fetchRunMetadata(this.ctx, this.run, tag);
      if (token !== this.metaToken || this.destroyed) return;
      // A <pre> with megabytes of text makes layout slow; the head is what people read.
      const LIMIT = 200000;
      this.metaText.textContent = text.length > LIMIT
        ? `${text.slice(0, LIMIT)}\n… ${text.length - LIMIT} more characters` : text || '(empty)';
      try {
        this.stats = nodeStats(text);
      } catch {
        this.stats = null; // the raw text is still shown
      }
      this.refreshDetails();
      this.updatePainter();
    } catch (err) {
      if (token !== this.metaToken || this.destroyed) return;
      this.metaText.textContent = `Could not load run metadata: ${err.message}`;
    }
  }

  select(item) {
    this.selected = item || null;
    this.view.select(item ? item.key : null);
    this.ctx.state.set('node', item ? item.key : '');
    this.refreshDetails();
  }

  refreshDetails() {
    renderDetails(this.details, this.model ? this.selected : null, this.model && this.detailsModel());
    this.updateInsets();
  }

  // Centring and fitting aim at the part of the canvas the cards leave free.
  updateInsets() {
    const right = this.details.hidden ? 0 : this.details.offsetWidth + 12;
    const bottom = this.metaPanel.hidden ? 0 : this.metaPanel.offsetHeight + 12;
    this.view.setInsets(right, bottom);
  }

  detailsModel() {
    return {
      graph: this.model.graph,
      hierarchy: this.model.hierarchy,
      consumers: this.model.consumers,
      stats: this.stats,
      isExpanded: (g) => this.view.layouter.isExpanded(g),
      navigate: (item) => this.reveal(item),
      toggle: (g) => this.view.toggle(g),
      close: () => this.select(null),
    };
  }

  reveal(item) {
    this.select(item); // first: the card it opens decides where the centre is
    this.view.reveal(item);
  }

  // Matches inside closed scopes light up the closed scope that holds them.
  updateMatches() {
    const keys = new Set();
    for (const item of this.matchItems || []) {
      let x = item;
      while (x && !this.view.boxOf(x.key)) x = x.parent;
      if (x && x.depth >= 0) keys.add(x.key);
    }
    this.view.setMatches(keys);
  }

  updateStat() {
    if (!this.model) {
      this.stat.textContent = '';
      return;
    }
    const {graph, hierarchy} = this.model;
    const ctrl = graph.edges.filter((e) => e.control).length;
    const scopes = hierarchy.groups.filter((g) => g.depth >= 0 && !g.synthetic).length;
    this.stat.textContent = `${graph.ops.length.toLocaleString()} ops · ${scopes.toLocaleString()} scopes · ` +
        `${graph.edges.length.toLocaleString()} edges (${ctrl.toLocaleString()} control)`;
  }

  showMessage(text) {
    this.message.replaceChildren();
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  refresh(reason) {
    if (this.destroyed) return;
    const kind = reason && reason.kind;
    if (kind === 'theme') this.applyTheme();
    else if (kind === 'reload') this.loadInfo({refetch: true});
    else if (kind === 'change') {
      const change = reason.change || {};
      const runs = change.runs || {};
      const touched = Object.keys(runs).some((r) => r === this.run || !this.info[r]) ||
          (change.removed_runs || []).length > 0;
      // Training keeps writing scalars next to the graph: refetch the (big) graph only when
      // its own tag changed (or the run has a new file: no tags listed); info is small and
      // tells about new run metadata.
      const mine = runs[this.run];
      const graphTag = this.graphTag ? this.graphTag : '__run_graph__';
      const refetch = !!mine && (mine.length === 0 || mine.includes(graphTag));
      if (touched || !this.run) this.loadInfo({refetch});
    }
  }

  destroy() {
    this.destroyed = true;
    window.removeEventListener('resize', this.onResize);
    this.search.destroy();
    this.view.destroy();
    this.root.replaceChildren();
  }
}

function findItem(hierarchy, key) {
  if (key.endsWith('/')) return hierarchy.groups.find((g) => g.key === key) || null;
  return hierarchy.opItems.find((o) => o.key === key) || null;
}

function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
