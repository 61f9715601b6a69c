// The shell: loads what the server has (environment, plugins, runs), lays out header, run
// sidebar and the active dashboard, keeps the URL in step, and turns the event stream into
// refreshes. Dashboards see it only through the `ctx` object of dashboards/README.md.
import {createApi} from '../lib/api.js';
import {colorFor} from '../lib/colors.js';
import {compileFilter} from '../lib/regex.js';
import {el, debounce} from '../lib/dom.js';
import {createHeader, tabLabel} from './header.js';
import {createRunSidebar} from './run_sidebar.js';
import {createTagFilter} from './tag_filter.js';
import {createTheme} from './theme.js';
import {createUrlState, isSelected, selectionFor} from './url_state.js';
import {connectEvents, mergeChanges} from './event_stream.js';
import {openSettings} from './settings_panel.js';
import {logdirNames} from './run_groups.js';
import {renderEmpty, renderError, renderWelcome} from './messages.js';

// Plugins with data but no tab of their own: Time Series repeats Scalars here.
const HIDDEN_PLUGINS = new Set(['timeseries']);

export function startApp(dashboards) {
  const modules = new Map(dashboards.map((module) => [module.plugin, module]));
  const api = createApi();
  const urlState = createUrlState();
  const theme = createTheme();

  let environment = null;
  let listing = {};
  let runs = [];
  let tabs = [];
  let active = null;  // {plugin, instance, root}
  let pendingChange = null;

  const header = createHeader({
    onTab: (plugin) => selectTab(plugin, {push: true}),
    onReload: () => reload(),
    onSettings: (anchor) => openSettings(anchor, {theme, environment}),
  });
  const sidebar = createRunSidebar({
    color: colorFor,
    onSelection(selected) {
      urlState.update({selection: selectionFor(runs, selected)});
      refreshActive({kind: 'runs'});
    },
    onFilter(text) {
      urlState.update({runFilter: text});
      refreshActive({kind: 'runs'});
    },
  });
  const tagFilter = createTagFilter({
    onChange(text) {
      urlState.update({tagFilter: text});
      refreshActive({kind: 'tagFilter'});
    },
  });
  const dashboardHost = el('div.dashboard-host');
  const content = el('main.content', el('div.toolbar-row', tagFilter.element), dashboardHost);
  const body = el('div.app-body', sidebar.element, content);
  document.body.replaceChildren(header.element, body);

  function applyUrlState() {
    const state = urlState.get();
    sidebar.setFilter(state.runFilter);
    tagFilter.set(state.tagFilter);
    sidebar.setSelection(runs.filter((run) => isSelected(state.selection, run)));
  }

  function selectedRuns() {
    const state = urlState.get();
    const filter = compileFilter(state.runFilter);
    return runs.filter((run) => isSelected(state.selection, run) && filter.test(run));
  }

  function makeContext(plugin) {
    return {
      api: {json: api.json, url: api.url, text: api.text, arrayBuffer: api.arrayBuffer},
      selectedRuns,
      allRuns: () => [...runs],
      color: colorFor,
      tagMatches: (tag) => tagFilter.matches(tag),
      state: {
        get: (key, fallback) => urlState.getValue(`${plugin}.${key}`, fallback),
        set: (key, value, fallback) => urlState.setValue(`${plugin}.${key}`, value, fallback),
      },
      theme: () => theme.current(),
      showError: (root, error) => renderError(root, error),
      emptyState: (root, text) => renderEmpty(root, text),
    };
  }

  function unmount() {
    if (!active) return;
    try {
      if (active.instance) active.instance.destroy();
    } catch (error) {
      console.warn('dashboard destroy failed', error);
    }
    active = null;
  }

  function mount(plugin) {
    unmount();
    const root = el('div.dashboard', {dataset: {plugin}});
    dashboardHost.replaceChildren(root);
    const module = modules.get(plugin);
    content.classList.toggle('no-tag-filter', module.usesTagFilter === false);
    active = {plugin, root, instance: null};
    try {
      active.instance = module.mount(root, makeContext(plugin));
    } catch (error) {
      console.warn(`dashboard ${plugin} failed to mount`, error);
      renderError(root, error);
    }
  }

  function refreshActive(reason) {
    if (!active || !active.instance) return;
    try {
      active.instance.refresh(reason);
    } catch (error) {
      console.warn(`dashboard ${active.plugin} failed to refresh`, error);
      renderError(active.root, error);
    }
  }

  function computeTabs() {
    return Object.entries(listing)
        .filter(([plugin, info]) => info && info.enabled && modules.has(plugin) &&
            !HIDDEN_PLUGINS.has(plugin))
        .map(([plugin, info]) => ({plugin, label: tabLabel(plugin, info.tab_name)}));
  }

  // Shows the right thing for the current data: the welcome page without runs, a note
  // without active dashboards, else the chosen (or first) tab.
  function render({push = false, remount = false} = {}) {
    tabs = computeTabs();
    const wanted = urlState.get().tab;
    const plugin = tabs.some((tab) => tab.plugin === wanted) ? wanted :
        tabs.length ? tabs[0].plugin : null;
    header.setTabs(tabs, plugin);
    document.body.classList.toggle('no-runs', !runs.length);
    if (!runs.length) {
      unmount();
      renderWelcome(dashboardHost, environment && environment.data_location);
      return;
    }
    if (!plugin) {
      unmount();
      renderEmpty(dashboardHost, 'The runs hold no data any dashboard can show yet. ' +
          'Scalars, histograms, images, audio, text, graphs, PR curves and hparams appear here ' +
          'as soon as they are written.');
      return;
    }
    if (plugin !== wanted && wanted) {
      // A link to a tab without data (yet): keep it in the URL, show the first tab meanwhile.
    } else if (plugin !== wanted) {
      urlState.update({tab: plugin}, {push});
    }
    if (remount || !active || active.plugin !== plugin) mount(plugin);
  }

  function selectTab(plugin, {push}) {
    if (active && active.plugin === plugin) return;
    urlState.update({tab: plugin}, {push});
    header.setActive(plugin);
    render();
  }

  async function load() {
    const [env, plugins, runList] = await Promise.all([
      api.json('/data/environment'),
      api.json('/data/plugins_listing'),
      api.json('/data/runs'),
    ]);
    environment = env;
    listing = plugins;
    setRuns(runList);
    document.title = env.window_title || 'tracker';
    header.setTitle(env.window_title || '');
  }

  function setRuns(runList) {
    const before = new Set(runs);
    runs = runList;
    sidebar.setRuns(runs, logdirNames(environment && environment.data_location));
    const state = urlState.get();
    // Runs that left are dropped from an explicit selection, so the link stays tidy.
    if (state.selection.mode !== 'all') {
      const present = new Set(runs);
      const kept = state.selection.runs.filter((run) => present.has(run) || !before.has(run));
      if (kept.length !== state.selection.runs.length) {
        urlState.update({selection: {...state.selection, runs: kept}});
      }
    }
    sidebar.setSelection(runs.filter((run) => isSelected(urlState.get().selection, run)));
  }

  async function reload() {
    header.setReloading(true);
    try {
      await load();
      render();
      refreshActive({kind: 'reload'});
    } catch (error) {
      unmount();
      renderError(dashboardHost, error);
    } finally {
      setTimeout(() => header.setReloading(false), 300);
    }
  }

  // Event-stream changes: coalesced, then runs and tabs are refetched when their set may
  // have changed, and the dashboard is told exactly what changed.
  const applyChange = debounce(async () => {
    const change = pendingChange;
    pendingChange = null;
    if (!change) return;
    const known = new Set(runs);
    const runsChanged = change.removed_runs.length > 0 ||
        Object.keys(change.runs).some((run) => !known.has(run));
    try {
      const [plugins, runList] = await Promise.all([
        api.json('/data/plugins_listing'),
        runsChanged || !runs.length ? api.json('/data/runs') : Promise.resolve(runs),
      ]);
      listing = plugins;
      if (runList !== runs) setRuns(runList);
      const hadDashboard = Boolean(active);
      render();
      if (hadDashboard && active) refreshActive({kind: 'change', change});
    } catch (error) {
      console.warn('refresh after a change failed', error);
    }
  }, 250);

  theme.onChange(() => refreshActive({kind: 'theme'}));
  urlState.onExternalChange(() => {
    applyUrlState();
    render({remount: true});
  });

  applyUrlState();
  load().then(() => {
    applyUrlState();
    render();
  }, (error) => {
    renderError(dashboardHost, error);
  });
  let liveStatus = 'connecting';
  connectEvents(api.url('/data/tracker/events'), {
    onStatus(status) {
      // Back after losing the server (a restart, a laptop waking up): catch up on what was
      // missed instead of waiting for the next change.
      if (status === 'live' && liveStatus === 'offline') reload();
      liveStatus = status;
      header.setLive(status);
    },
    onChange(change) {
      header.pulse();
      pendingChange = mergeChanges(pendingChange, change);
      applyChange();
    },
  });
}
