// The hparams dashboard: loads the experiment and its session groups, keeps the filter, sort,
// selection and view state (mirrored into the URL), and drives the sidebar and views.
import {el} from './dom.js';
import {buildModel, defaultVisible} from './model.js';
import {makeRowFilter, withColumnFilter} from './filters.js';
import {VIEWS, readState, writeState} from './url_state.js';
import {nextSort, sortRows} from './sort.js';
import {colorFor} from './color.js';
import {fetchExperiment, fetchSessionGroups} from './api.js';
import {renderSidebar} from './sidebar.js';
import {renderTable} from './table.js';
import {renderParallel} from './parallel.js';
import {renderScatter} from './scatter.js';
import {detailsPlaceholder, renderDetails} from './curves.js';

export function createHparamsApp(root, ctx) {
  const s = {...readState(ctx), model: null, destroyed: false};
  let viewHandle = {update() {}};
  let details = null;
  let loadSeq = 0;

  root.classList.add('hp-root');
  root.classList.toggle('hp-dark', ctx.theme() === 'dark');
  const side = el('aside', {class: 'hp-side', attrs: {'aria-label': 'hparams filters'}});
  const tabs = el('div', {class: 'hp-tabs', attrs: {role: 'tablist'}});
  const count = el('span', {class: 'hp-count', attrs: {role: 'status'}});
  const colorSelect = el('select', {class: 'hp-select', attrs: {'aria-label': 'colour by'}});
  const toolbar = el('div', {class: 'hp-toolbar'}, [tabs, el('span', {class: 'hp-spacer'}), count,
    el('label', {class: 'hp-color-by'}, [el('span', {text: 'Colour by'}), colorSelect])]);
  const viewNode = el('div', {class: 'hp-view'});
  const detailNode = el('section', {class: 'hp-detail', attrs: {'aria-label': 'selected session group'}});
  const main = el('div', {class: 'hp-main'}, [toolbar, viewNode, detailNode]);
  const layout = el('div', {class: 'hp-layout'}, [side, main]);

  const save = () => writeState(ctx, s);

  const visibleColumns = () => s.model.columns.filter((c) => s.visible.has(c.id));
  const colorColumn = () => s.model.columns.find((c) => c.id === s.colorBy) || null;

  function onFilters(filters, {rebuild = false} = {}) {
    s.filters = filters;
    save();
    if (rebuild) drawSidebar();
    refreshData();
  }
  onFilters.current = () => s.filters;

  function drawSidebar() {
    renderSidebar(side, {
      columns: s.model.columns, filters: s.filters, visible: s.visible, onChange: onFilters,
      onVisible(id, on) {
        if (on) s.visible.add(id);
        else s.visible.delete(id);
        ctx.state.set('cols', JSON.stringify([...s.visible]), '');
        drawSidebar();
        drawView();
      },
    });
  }

  function drawTabs() {
    tabs.replaceChildren(...VIEWS.map(([id, label]) => el('button', {
      class: 'hp-tab' + (s.view === id ? ' hp-tab-active' : ''), text: label,
      attrs: {type: 'button', role: 'tab', 'aria-selected': String(s.view === id), 'data-view': id},
      on: {click: () => {
        s.view = id;
        save();
        drawTabs();
        drawView();
      }},
    })));
  }

  function drawColorSelect() {
    const metrics = s.model.columns.filter((c) => c.kind === 'metric');
    if (!s.colorBy || !s.model.columns.some((c) => c.id === s.colorBy)) s.colorBy = metrics[0]?.id || null;
    colorSelect.replaceChildren(el('option', {text: 'none', attrs: {value: ''}}),
        ...s.model.columns.map((c) => el('option', {text: c.label, attrs: {value: c.id}})));
    colorSelect.value = s.colorBy || '';
  }
  colorSelect.addEventListener('change', () => {
    s.colorBy = colorSelect.value || null;
    save();
    drawView();
  });

  const common = () => {
    const colorOf = colorFor(colorColumn(), s.model.rows);
    return {colorOf, columns: visibleColumns()};
  };

  // Rebuilds the current view; filters and selection are applied by refreshData().
  function drawView() {
    const {colorOf, columns} = common();
    const handlers = {
      onSelect: select,
      onSort(id) {
        s.sort = nextSort(s.sort, id);
        save();
        refreshData();
      },
      onBrush(column, filter, {final}) {
        s.filters = withColumnFilter(s.filters, column.id, filter);
        if (final) {
          save();
          drawSidebar();
        }
        refreshData();
      },
      onColorBy(id) {
        s.colorBy = id;
        colorSelect.value = id;
        save();
        drawView();
      },
    };
    if (s.view === 'parallel') {
      viewHandle = renderParallel(viewNode, {rows: s.model.rows, columns, filters: s.filters, colorOf, ...handlers});
    } else if (s.view === 'scatter') {
      viewHandle = renderScatter(viewNode, {rows: s.model.rows, columns, colorOf, ...handlers});
    } else {
      viewHandle = {table: true, update() {}};
    }
    refreshData();
  }

  // Applies filters, sort and selection to whatever view is showing.
  function refreshData() {
    const filterPasses = makeRowFilter(s.filters);
    // Unticking a session's run in the sidebar hides its group too.
    const runs = new Set(ctx.selectedRuns());
    const runVisible = (row) => !row.sessions.length || row.sessions.some((session) => runs.has(session.name));
    const passes = (row) => runVisible(row) && filterPasses(row);
    const shown = s.model.rows.filter(passes);
    const hiddenByRuns = s.model.rows.filter((row) => !runVisible(row)).length;
    count.textContent = shown.length + ' of ' + s.model.rows.length + ' session groups' +
      (hiddenByRuns ? ' (' + hiddenByRuns + ' hidden by the run selection)' : '');
    if (viewHandle.table) {
      const {colorOf, columns} = common();
      renderTable(viewNode, {rows: sortRows(shown, s.sort), columns, sort: s.sort, selected: s.selected,
        colorOf, onSelect: select, onSort(id) {
          s.sort = nextSort(s.sort, id);
          save();
          refreshData();
        }});
    } else {
      viewHandle.update(s.filters, passes, s.selected);
    }
  }

  function select(id) {
    s.selected = s.selected === id ? null : id;
    save();
    refreshData();
    drawDetails();
  }

  function drawDetails() {
    details?.destroy();
    details = null;
    const row = s.model.rows.find((r) => r.id === s.selected);
    if (!row) {
      detailsPlaceholder(detailNode);
      return;
    }
    details = renderDetails(detailNode, ctx, row, s.model.columns.filter((c) => c.kind === 'metric'));
  }

  async function load() {
    const seq = ++loadSeq;
    let experiment;
    let groups;
    try {
      [experiment, groups] = await Promise.all([fetchExperiment(ctx), fetchSessionGroups(ctx)]);
    } catch (error) {
      if (seq !== loadSeq || s.destroyed) return;
      root.replaceChildren();
      ctx.showError(root, error);
      return;
    }
    if (seq !== loadSeq || s.destroyed) return;
    // Live runs report changes often; redraw (and disturb a half-typed filter) only when the
    // hparams answer itself changed.
    const snapshot = JSON.stringify([experiment, groups]);
    if (snapshot === s.snapshot && layout.isConnected) return;
    s.snapshot = snapshot;
    const model = buildModel(experiment, groups.sessionGroups || []);
    if (!model.rows.length && !model.columns.length) {
      root.replaceChildren();
      ctx.emptyState(root, 'No hyperparameter data. Log hparams with tensorboard.plugins.hparams.api ' +
        '(hp.hparams(...)) or tensorboardX / PyTorch SummaryWriter.add_hparams().');
      return;
    }
    const first = !s.model;
    s.model = model;
    if (!s.visible) s.visible = defaultVisible(model.columns);
    if (first || !layout.isConnected) root.replaceChildren(layout);
    drawSidebar();
    drawTabs();
    drawColorSelect();
    drawView();
    drawDetails();
  }

  // The parallel and scatter views are laid out for their width: redraw it when the width changes.
  let lastWidth = 0;
  const resize = new ResizeObserver(() => {
    const width = viewNode.clientWidth;
    if (width === lastWidth) return;
    lastWidth = width;
    if (s.model && (s.view === 'parallel' || s.view === 'scatter')) drawView();
  });
  resize.observe(viewNode);

  root.replaceChildren(el('p', {class: 'hp-note hp-loading', text: 'Loading session groups…'}));
  load();
  return {
    refresh(reason) {
      const kind = reason?.kind;
      if (kind === 'reload' || kind === 'change') load();
      else if (kind === 'runs' && s.model) refreshData();
      else if (kind === 'theme') {
        root.classList.toggle('hp-dark', ctx.theme() === 'dark');
        if (!s.model) return;
        drawView();
        drawDetails();
      }
    },
    destroy() {
      s.destroyed = true;
      resize.disconnect();
      details?.destroy();
      root.classList.remove('hp-root', 'hp-dark');
    },
  };
}
