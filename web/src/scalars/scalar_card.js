// One chart card: a title, actions (reset zoom, download, enlarge) and a line chart of scalar
// series. It fetches only once it comes near the viewport, refetches the zoomed step range at
// full detail, and keeps the zoom when live updates arrive.
import {createLineChart} from '../charts/line_chart.js';
import {el, icon} from '../lib/dom.js';
import {createDownloadMenu} from './download_menu.js';
import {stepWindow, xValues} from './x_axis.js';

const HEIGHT = 230;
const WIDE_HEIGHT = 440;

// spec(): [{key, label, color, run, tag, dash?, lower?, upper?}] — what to draw now.
// settings(): {smoothing, x, logX, logY, outliers}
// options: {title, description, loader, lazy, syncKey, api, downloads, view, onView}
//   view: {wide, zoom: [x0, x1] | null} to start with (from the URL); onView(view) is called
//   whenever the card is enlarged or shrunk, zoomed or reset.
export function createScalarCard({title, description, spec, settings, loader, lazy, syncKey,
  api, downloads = true, view = null, onView = null}) {
  let chart = null;
  let visible = false;
  let dirty = true;
  let wide = false;
  let token = 0;
  let loaded = [];  // per spec entry: {entry, value: columns, lower?, upper?} of the last load
  // Every series of the last load by run and tag, handed back to the loader, which sends the
  // stamps: if the window is unchanged (a smoothing change), the server sends only smoothing.
  let held = new Map();
  let starts = new Map();  // key -> first wall time, from an unzoomed load
  let zoomSteps = null;
  let zoomRange = null;  // the chart's zoom in x units, as the URL keeps it
  let pendingZoom = view && view.zoom ? view.zoom : null;  // applied after the first load
  const notifyView = () => onView && onView({wide, zoom: zoomRange});

  const titleNode = el('h3.card-title', {text: title});
  if (description) titleNode.title = description;
  const status = el('div.card-status', {role: 'status'});
  const body = el('div.card-body', status);
  body.style.height = `${HEIGHT}px`;
  const resetZoom = el('button.icon-button.small.reset-zoom', {type: 'button', hidden: true,
    title: 'Reset zoom (or double-click the chart)', 'aria-label': 'Reset zoom',
    onclick: () => chart && chart.resetZoom()}, icon('zoomReset', 16));
  const enlarge = el('button.icon-button.small', {type: 'button', title: 'Enlarge',
    'aria-label': 'Enlarge chart', onclick: () => setWide(!wide)}, icon('expand', 16));
  const actions = el('div.card-actions', resetZoom);
  if (downloads) {
    actions.append(createDownloadMenu({
      title,
      api,
      series: () => spec().map((entry) => ({run: entry.run, tag: entry.tag, label: entry.label})),
      loadFull: (list) => loader({series: list}),
    }));
  }
  actions.append(enlarge);
  const element = el('article.card', {dataset: {tag: title}},
      el('header.card-header', titleNode, el('span.card-busy', {'aria-hidden': 'true'}), actions), body);
  // The card's size and its enlarge button, as `wide` says.
  function showWide() {
    element.classList.toggle('wide', wide);
    enlarge.replaceChildren(icon(wide ? 'collapse' : 'expand', 16));
    enlarge.title = wide ? 'Shrink' : 'Enlarge';
    body.style.height = `${wide ? WIDE_HEIGHT : HEIGHT}px`;
  }
  if (view && view.wide) {
    wide = true;
    showWide();
  }

  function setWide(next) {
    wide = next;
    showWide();
    if (chart) chart.setOptions({height: wide ? WIDE_HEIGHT : HEIGHT});
    // A wider chart deserves more points.
    invalidate();
    if (wide) element.scrollIntoView({block: 'nearest', behavior: 'smooth'});
    notifyView();
  }

  function setStatus(text, kind = '') {
    status.textContent = text;
    status.dataset.kind = kind;
    status.hidden = !text;
  }

  function ensureChart() {
    if (chart) return;
    const s = settings();
    chart = createLineChart(body, {
      height: wide ? WIDE_HEIGHT : HEIGHT, xType: s.x, logX: s.logX, logY: s.logY,
      ignoreOutliers: s.outliers, syncKey, onZoom,
    });
  }

  function onZoom(range) {
    resetZoom.hidden = !range;
    zoomRange = range ? [...range] : null;
    notifyView();
    if (!range) {
      zoomSteps = null;
    } else {
      const s = settings();
      zoomSteps = stepWindow(loaded.map((l) => l.value), s.x,
          loaded.map((l) => starts.get(l.entry.key)), range);
    }
    load();
  }

  // The body's width as last laid out: reading clientWidth when a setting changes would lay
  // out the page before the refetch goes out, not while the server works.
  let bodyWidth = 0;
  const resizeObserver = new ResizeObserver(() => {
    bodyWidth = body.clientWidth;  // laid out already when observers run
  });
  resizeObserver.observe(body);

  function points() {
    const width = bodyWidth || body.clientWidth || 500;
    return Math.max(200, Math.round(width * Math.min(2, window.devicePixelRatio || 1)));
  }

  // Series for the chart from the last load, in the current x-axis kind.
  function assemble() {
    const s = settings();
    return loaded.map(({entry, value, lower, upper}) => {
      const x = xValues(value, s.x, starts.get(entry.key));
      const series = {key: entry.key, label: entry.label, color: entry.color, dash: entry.dash, x,
        y: value.value, smoothed: value.smoothed, step: value.step, wall: value.wall};
      if (lower && upper) {
        series.band = {lower: alignByStep(value.step, lower), upper: alignByStep(value.step, upper)};
      }
      return series;
    });
  }

  let loadedKeys = null;

  async function load() {
    dirty = false;
    const entries = spec();
    loadedKeys = entries.map((entry) => entry.key).join('\u0001');
    const mine = ++token;
    if (!entries.length) {
      loaded = [];
      if (chart) chart.setData([]);
      setStatus('No selected run has this tag.', 'empty');
      return;
    }
    const s = settings();
    const requests = [];
    for (const entry of entries) {
      requests.push({run: entry.run, tag: entry.tag});
      if (entry.lower && entry.upper) {
        requests.push({run: entry.run, tag: entry.lower}, {run: entry.run, tag: entry.upper});
      }
    }
    if (!chart) setStatus('Loading…', 'loading');
    element.classList.add('loading');
    const heldKey = ({run, tag}) => `${run}\u0000${tag}`;
    let results;
    try {
      results = await loader({series: requests, points: points(), smoothing: s.smoothing,
        stepMin: zoomSteps ? zoomSteps[0] : null, stepMax: zoomSteps ? zoomSteps[1] : null,
        held: requests.map((r) => held.get(heldKey(r)) || null)});
    } catch (error) {
      if (mine !== token) return;
      element.classList.remove('loading');
      setStatus(error.message, 'error');
      return;
    }
    if (mine !== token) return;
    element.classList.remove('loading');
    held = new Map();
    requests.forEach((r, i) => {
      if (!results[i].error) held.set(heldKey(r), results[i]);
    });
    const next = [];
    const errors = [];
    let k = 0;
    for (const entry of entries) {
      const value = results[k++];
      let lower = null;
      let upper = null;
      if (entry.lower && entry.upper) {
        lower = results[k++];
        upper = results[k++];
        if (lower.error || upper.error) lower = upper = null;
      }
      if (value.error) {
        errors.push(value.error);
        continue;
      }
      if (!zoomSteps && value.wall.length) starts.set(entry.key, value.wall[0]);
      next.push({entry, value, lower, upper});
    }
    loaded = next;
    ensureChart();
    chart.setData(assemble());
    if (pendingZoom && loaded.length) {
      // A zoom from the URL: set on the full view, then refetched at detail like a drag.
      const range = pendingZoom;
      pendingZoom = null;
      chart.setZoom(range);
      onZoom(range);
    }
    if (!loaded.length) setStatus(errors[0] || 'No data.', errors.length ? 'error' : 'empty');
    else if (loaded.every((l) => l.value.step.length === 0)) setStatus('No points in this range.', 'empty');
    else setStatus('');
  }

  function invalidate() {
    dirty = true;
    if (visible) load();
  }

  lazy.observe(element, (isVisible) => {
    visible = isVisible;
    if (visible && dirty) load();
  });

  return {
    element,
    title,
    // The data changed (live update, runs, smoothing): refetch now if on screen, else later.
    invalidate,
    // The run selection changed: refetch only when this card's series did.
    syncSpec() {
      const keys = spec().map((entry) => entry.key).join('\u0001');
      if (keys !== loadedKeys) invalidate();
    },
    // Settings that need no refetch: x-axis kind, log scales, outliers.
    applySettings(changed) {
      if (!chart) return;
      const s = settings();
      if (changed === 'x') {
        zoomSteps = null;
        zoomRange = null;
        pendingZoom = null;
        notifyView();
        resetZoom.hidden = true;
        chart.setOptions({xType: s.x});
        if (loaded.length) chart.setData(assemble());
        invalidate();
        return;
      }
      chart.setOptions({logX: s.logX, logY: s.logY, ignoreOutliers: s.outliers});
      if (loaded.length) chart.setData(assemble());
    },
    restyle() {
      if (chart) chart.restyle();
    },
    setHidden(hidden) {
      element.hidden = hidden;
    },
    destroy() {
      token++;
      resizeObserver.disconnect();
      lazy.unobserve(element);
      if (chart) chart.destroy();
      element.remove();
    },
  };
}

// Values of `other` at the steps of `steps` (margin bands: lower/upper drawn at the value's
// points). Missing steps are gaps.
function alignByStep(steps, other) {
  const byStep = new Map();
  for (let i = 0; i < other.step.length; i++) byStep.set(other.step[i], other.value[i]);
  const out = new Float64Array(steps.length);
  for (let i = 0; i < steps.length; i++) {
    const v = byStep.get(steps[i]);
    out[i] = v === undefined ? NaN : v;
  }
  return out;
}
