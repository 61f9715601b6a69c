// A line chart of several series on one x axis, built on uPlot: each series is a run (or a run's
// tag) with its colour, an optional smoothed line drawn over the faint raw one, and an optional
// band (custom scalars' margin charts). It owns the axes, y-range (incl. ignoring outliers),
// log scales, drag-to-zoom, the tooltip and cursor sync; callers own fetching.
//
// Series are drawn in their own x order (uPlot's "mode 2"), so a run whose steps go back after
// a restart is drawn as TensorBoard draws it, and runs need no shared x values.
//
// Smoothed lines are not uPlot series: after each uPlot draw (axes, grid, faint raw lines) the
// canvas is copied aside and the smoothed lines are drawn over it. A smoothing change (same raw
// columns, so the same ranges) then puts the copy back and draws just the smoothed lines: half
// the lines, and no axes, instead of a whole uPlot redraw per chart.
import uPlot from 'uplot';
import {withAlpha} from '../lib/colors.js';
import {formatDateTime, formatDuration, formatStep, formatTicks, formatValue} from '../lib/format.js';
import {dataRange, padRange, visibleValues} from '../lib/chart_range.js';
import {createTooltip} from '../lib/chart_tooltip.js';
import {canvasPos} from './canvas_pos.js';

const DURATION_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
  21600, 43200, 86400, 172800, 604800, 1209600, 2592000];

// series: [{key, label, color, x: number[], y: number[], smoothed?: number[], step?: number[],
//           wall?: number[], band?: {lower: number[], upper: number[]}, dash?: number[]}]
//   x: already in the chart's x unit (step, seconds since start, or epoch seconds); NaN or
//   non-finite values in y are gaps.
// options: {height, xType: 'step'|'relative'|'wall', logX, logY, ignoreOutliers, syncKey,
//           onZoom(range|null), xLabel}
export function createLineChart(container, options = {}) {
  let opts = {height: 240, xType: 'step', logX: false, logY: false, ignoreOutliers: false,
    syncKey: null, onZoom: null, ...options};
  let series = [];
  let zoom = null;  // [x0, x1] in x units, or null for everything
  let plot = null;
  let layout = [];  // per uPlot series index > 0: {source, kind: 'line'|'raw'|'lower'|'upper'}
  let xRange = [0, 1];
  let yRange = [0, 1];
  let hovered = false;
  const tooltip = createTooltip();
  const dots = [];

  const host = document.createElement('div');
  host.className = 'line-chart';
  container.appendChild(host);

  // Points drawn for a series, per line kind: non-finite and (on log axes) non-positive values
  // become gaps; non-finite or non-positive x (log) drop the point. Kept per values array
  // while x and the log axes stay the same: a smoothing change hands over the same raw
  // columns again, and their lines need no new arrays.
  const drawn = new WeakMap();  // values -> {x, logX, logY, cols}
  // Whether an x, or a y, can be placed on the current axes.
  const onX = (x) => Number.isFinite(x) && !(opts.logX && x <= 0);
  const onY = (v) => Number.isFinite(v) && !(opts.logY && v <= 0);
  function columns(source, values) {
    const hit = drawn.get(values);
    if (hit && hit.x === source.x && hit.logX === opts.logX && hit.logY === opts.logY) {
      return hit.cols;
    }
    const cols = drawable(source.x, values) ? [source.x, values] : filtered(source.x, values);
    drawn.set(values, {x: source.x, logX: opts.logX, logY: opts.logY, cols});
    return cols;
  }

  // Whether every point can be drawn as it is: then the columns themselves (Float64Arrays
  // from the loader) go to uPlot, with no copy.
  function drawable(xs, ys) {
    for (let i = 0; i < xs.length; i++) {
      if (!onX(xs[i]) || !onY(ys[i])) return false;
    }
    return true;
  }

  function filtered(xsIn, ysIn) {
    const xs = [];
    const ys = [];
    for (let i = 0; i < xsIn.length; i++) {
      const x = xsIn[i];
      if (!onX(x)) continue;
      const v = ysIn[i];
      xs.push(x);
      ys.push(onY(v) ? v : null);
    }
    return [xs, ys];
  }

  function buildLayout() {
    layout = [];
    for (const source of series) {
      if (source.band) {
        layout.push({source, kind: 'upper'}, {source, kind: 'lower'});
      }
      // A smoothed series' smoothed line is drawn by drawSmoothed, over uPlot's drawing.
      layout.push({source, kind: source.smoothed ? 'raw' : 'line'});
    }
  }

  function valuesOf(entry) {
    const {source, kind} = entry;
    if (kind === 'upper') return source.band.upper;
    if (kind === 'lower') return source.band.lower;
    return source.y;
  }

  function data() {
    return [null, ...layout.map((entry) => columns(entry.source, valuesOf(entry)))];
  }

  function computeRanges() {
    const empty = (log) => (log ? [1, 10] : [0, 1]);
    const full = extent(series.map((s) => ({x: s.x, y: s.x})), [-Infinity, Infinity], opts.logX);
    xRange = zoom ? [...zoom] : full || empty(opts.logX);
    if (xRange[0] === xRange[1]) {
      xRange = opts.logX ? [xRange[0] / 2, xRange[1] * 2] : [xRange[0] - 1, xRange[1] + 1];
    }
    // From what uPlot draws: a smoothed value is an average of the raw ones, so it never
    // leaves their range, and the ranges do not change with the smoothing.
    const lines = layout.map((entry) => ({x: entry.source.x, y: valuesOf(entry)}));
    if (opts.ignoreOutliers) {
      const values = visibleValues(lines, xRange, {log: opts.logY});
      yRange = dataRange([values], {log: opts.logY, outliers: false, pad: true});
    } else {
      // The extremes in one pass, without copying every visible value first.
      const range = extent(lines, xRange, opts.logY);
      yRange = range ? padRange(range[0], range[1], opts.logY) : empty(opts.logY);
    }
  }

  // [min, max] of the finite (on a log axis, positive) y values of `lines` whose x lies in
  // [lo, hi], or null.
  function extent(lines, [lo, hi], log) {
    let min = Infinity;
    let max = -Infinity;
    for (const {x, y} of lines) {
      for (let i = 0; i < x.length; i++) {
        const v = y[i];
        if (!(x[i] >= lo && x[i] <= hi) || !Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    return min <= max ? [min, max] : null;
  }

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function xValues() {
    if (opts.xType === 'relative') return (u, splits) => splits.map((v) => formatDuration(v));
    if (opts.xType === 'wall') return undefined;  // uPlot's time axis
    return (u, splits) => splits.map((v) => (v === null ? '' : formatStep(v)));
  }

  // uPlot builds every line's path again on setData; a line whose data arrays, scales and
  // plot box are unchanged (the raw lines, when only the smoothing changed) keeps its path.
  const linearPaths = uPlot.paths.linear();
  const builtPaths = new WeakMap();  // y column -> {x column, key, paths}
  function keptPaths(u, si, i0, i1) {
    const [xs, ys] = u.data[si];
    const {x, y} = u.scales;
    const {left, top, width, height} = u.bbox;
    const key = [x.min, x.max, y.min, y.max, left, top, width, height, i0, i1];
    const hit = builtPaths.get(ys);
    if (hit && hit.xs === xs && hit.key.every((v, k) => v === key[k])) return hit.paths;
    const paths = linearPaths(u, si, i0, i1);
    builtPaths.set(ys, {xs, key, paths});
    return paths;
  }

  // Chromium rasterises canvas lines in software here: a 1-pixel line takes the hairline path,
  // a wider one is stroked as an outline, about 10× slower for noisy curves (a smoothing change
  // on 4 charts of 50 runs: 150 ms of rasterising at 1.6 px, 10–16 ms at 1 px). Many
  // overlaid runs get 1-pixel lines, which also keeps them readable; a few runs get 1.6.
  const lineWidth = () => (series.length > 8 ? 1 : 1.6);

  // Lines of only a few points also get a dot at each point.
  const fewPoints = (u, source) => source.x.length <= Math.max(2, u.bbox.width / pxRatio() / 12);
  const pxRatio = () => uPlot.pxRatio || window.devicePixelRatio || 1;

  function seriesOptions() {
    const pointsFew = (u, si) => {
      const entry = layout[si - 1];
      return entry.kind === 'line' && fewPoints(u, entry.source);
    };
    const pointIndices = (u, si, show) => {
      if (!show) return null;
      const ys = u.data[si][1];
      const out = [];
      for (let i = 0; i < ys.length; i++) if (ys[i] !== null) out.push(i);
      return out;
    };
    return layout.map((entry) => {
      const {source, kind} = entry;
      const faint = kind === 'raw' || kind === 'lower' || kind === 'upper';
      return {
        label: source.label,
        stroke: faint ? withAlpha(source.color, kind === 'raw' ? 0.28 : 0.5) : source.color,
        width: faint ? 1 : lineWidth(),
        dash: source.dash && kind !== 'raw' ? source.dash : undefined,
        spanGaps: false,
        // Band edges are filled against each other: those are left to uPlot.
        paths: kind === 'lower' || kind === 'upper' ? undefined : keptPaths,
        facets: [{scale: 'x', auto: true, sorted: 0}, {scale: 'y', auto: true, sorted: 0}],
        // uPlot's mode 2 draws points only for the indices a filter names.
        points: {show: pointsFew, size: 5, fill: source.color, stroke: source.color, width: 0,
          filter: pointIndices},
      };
    });
  }

  // The canvas as uPlot left it, for repainting the smoothed lines alone.
  let base = null;

  // uPlot's draw hook: keep uPlot's drawing, then draw the smoothed lines over it.
  function onDraw(u) {
    const canvas = u.ctx.canvas;
    if (!series.some((source) => source.smoothed)) {
      base = null;
      return;
    }
    if (!base) base = document.createElement('canvas');
    if (base.width !== canvas.width || base.height !== canvas.height) {
      base.width = canvas.width;
      base.height = canvas.height;
    }
    const copy = base.getContext('2d');
    copy.globalCompositeOperation = 'copy';
    copy.drawImage(canvas, 0, 0);
    drawSmoothed(u);
  }

  // Only the smoothed columns changed: uPlot's drawing back, then the new smoothed lines.
  function repaintSmoothed() {
    if (!plot || !base) return false;
    const ctx = plot.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(base, 0, 0);
    ctx.restore();
    drawSmoothed(plot);
    return true;
  }

  function drawSmoothed(u) {
    const ctx = u.ctx;
    const ratio = pxRatio();
    const {left, top, width, height} = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = lineWidth() * ratio;
    // Round joins only show on the thicker lines of a few series; on hairlines they are
    // invisible and cost the rasteriser most of its time.
    ctx.lineJoin = series.length > 8 ? 'bevel' : 'round';
    const xPos = canvasPos(u, 'x');
    const yPos = canvasPos(u, 'y');
    for (const source of series) {
      const ys = source.smoothed;
      if (!ys) continue;
      const xs = source.x;
      ctx.strokeStyle = source.color;
      ctx.setLineDash(source.dash ? source.dash.map((d) => d * ratio) : []);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const y = ys[i];
        if (!onX(x)) continue;
        if (!onY(y)) {
          pen = false;  // a gap, as uPlot draws nulls
          continue;
        }
        const px = xPos(x);
        const py = yPos(y);
        if (pen) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
        pen = true;
      }
      ctx.stroke();
      if (fewPoints(u, source)) {
        ctx.fillStyle = source.color;
        ctx.beginPath();
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i];
          const y = ys[i];
          if (!onX(x) || !onY(y)) continue;
          const px = xPos(x);
          const py = yPos(y);
          ctx.moveTo(px + 2.5 * ratio, py);
          ctx.arc(px, py, 2.5 * ratio, 0, 2 * Math.PI);
        }
        ctx.fill();
      }
    }
    ctx.restore();
  }

  function bands() {
    const out = [];
    layout.forEach((entry, i) => {
      if (entry.kind === 'upper') {
        out.push({series: [i + 1, i + 2], fill: withAlpha(entry.source.color, 0.14)});
      }
    });
    return out;
  }

  function build() {
    if (plot) {
      plot.destroy();
      plot = null;
    }
    base = null;
    buildLayout();
    computeRanges();
    const axis = cssVar('--chart-axis', '#6b7280');
    const grid = cssVar('--chart-grid', 'rgba(128,128,128,0.15)');
    const font = `11px ${cssVar('--font-sans', 'system-ui, sans-serif')}`;
    const width = Math.max(120, host.clientWidth || container.clientWidth || 400);
    plot = new uPlot({
      mode: 2,
      width,
      height: opts.height,
      legend: {show: false},
      padding: [10, 14, 0, 0],
      cursor: {
        sync: opts.syncKey ? {key: opts.syncKey, setSeries: false} : undefined,
        drag: {x: true, y: false, setScale: false},
        points: {show: false},
        bind: {dblclick: () => null},
      },
      select: {show: true},
      scales: {
        x: {time: opts.xType === 'wall', distr: opts.logX ? 3 : 1, auto: true,
          range: () => xRange},
        y: {distr: opts.logY ? 3 : 1, auto: true, range: () => yRange},
      },
      axes: [
        {scale: 'x', stroke: axis, font, size: 36, space: 60,
          grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1, size: 4},
          incrs: opts.xType === 'relative' && !opts.logX ? DURATION_INCRS : undefined,
          values: xValues()},
        {scale: 'y', stroke: axis, font, size: yAxisSize, space: 28,
          grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1, size: 4},
          values: (u, splits) => formatTicks(splits)},
      ],
      series: [{}, ...seriesOptions()],
      bands: bands(),
      hooks: {
        setSelect: [onSelect],
        setCursor: [onCursor],
        draw: [onDraw],
      },
    }, data(), host);
    plot.over.addEventListener('dblclick', resetZoom);
    plot.over.addEventListener('mouseenter', () => (hovered = true));
    plot.over.addEventListener('mouseleave', () => {
      hovered = false;
      tooltip.hide();
    });
    dots.length = 0;
  }

  // The y axis is as wide as its widest label, so long values never get cut.
  function yAxisSize(u, values, axisIdx, cycleNum) {
    const axisOpts = u.axes[axisIdx];
    if (cycleNum > 1) return axisOpts._size;
    let size = axisOpts.ticks.size + axisOpts.gap;
    const longest = (values || []).reduce((a, b) => (String(b).length > a.length ? String(b) : a), '');
    if (longest) {
      u.ctx.font = axisOpts.font[0];
      size += u.ctx.measureText(longest).width / devicePixelRatio;
    }
    return Math.ceil(Math.max(size, 32));
  }

  function onSelect(u) {
    if (u.select.width < 4) return;
    const x0 = u.posToVal(u.select.left, 'x');
    const x1 = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({left: 0, top: 0, width: 0, height: 0}, false);
    setZoom([Math.min(x0, x1), Math.max(x0, x1)], true);
  }

  function resetZoom() {
    if (!zoom) return;
    setZoom(null, true);
  }

  function setZoom(range, notify) {
    zoom = range;
    host.classList.toggle('zoomed', Boolean(zoom));
    refreshScales();
    if (notify && opts.onZoom) opts.onZoom(zoom);
  }

  function refreshScales() {
    if (!plot) return;
    computeRanges();
    plot.batch(() => {
      plot.setScale('x', {min: xRange[0], max: xRange[1]});
      plot.setScale('y', {min: yRange[0], max: yRange[1]});
    });
  }

  // The cursor: dots on every line at the nearest point, and (on the chart under the mouse,
  // not the ones following it through sync) the tooltip listing every series.
  function onCursor(u) {
    const left = u.cursor.left;
    if (left == null || left < 0 || !series.length) {
      hideDots();
      tooltip.hide();
      return;
    }
    const cx = u.posToVal(left, 'x');
    const rows = [];
    for (const source of series) {
      const i = nearestIndex(source.x, cx);
      if (i < 0) continue;
      rows.push({source, i});
    }
    placeDots(u, rows);
    if (!hovered) {
      tooltip.hide();
      return;
    }
    const rect = u.over.getBoundingClientRect();
    const cursorY = u.cursor.top;
    tooltip.show({
      rows: rows.map(({source, i}) => rowFor(source, i, u, cursorY)),
      title: titleFor(rows),
      anchor: {x: rect.left + left, y: rect.top + u.cursor.top, rect},
      smoothed: series.some((s) => s.smoothed),
    });
  }

  function titleFor(rows) {
    if (!rows.length) return '';
    const {source, i} = rows[0];
    const x = source.x[i];
    if (opts.xType === 'wall') return formatDateTime(x);
    if (opts.xType === 'relative') return formatDuration(x);
    return `Step ${formatStep(x)}`;
  }

  function rowFor(source, i, u, cursorY) {
    const shown = source.smoothed ? source.smoothed[i] : source.y[i];
    const y = onY(shown) ? u.valToPos(shown, 'y') : null;
    return {
      color: source.color,
      label: source.label,
      value: source.y[i],
      smoothed: source.smoothed ? source.smoothed[i] : null,
      step: source.step ? source.step[i] : source.x[i],
      time: source.wall ? source.wall[i] - source.wall[0] : null,
      sortValue: Number.isFinite(shown) ? shown : -Infinity,
      distance: y === null ? Infinity : Math.abs(y - cursorY),
    };
  }

  function nearestIndex(xs, cx) {
    let best = -1;
    let bestDistance = Infinity;
    const [lo, hi] = xRange;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (!(x >= lo && x <= hi)) continue;
      const d = Math.abs(x - cx);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  function placeDots(u, rows) {
    while (dots.length < rows.length) {
      const dot = document.createElement('div');
      dot.className = 'chart-dot';
      u.over.appendChild(dot);
      dots.push(dot);
    }
    dots.forEach((dot, k) => {
      const row = rows[k];
      const value = row && (row.source.smoothed ? row.source.smoothed[row.i] : row.source.y[row.i]);
      if (!row || !onY(value)) {
        dot.hidden = true;
        return;
      }
      dot.hidden = false;
      dot.style.left = `${u.valToPos(row.source.x[row.i], 'x')}px`;
      dot.style.top = `${u.valToPos(value, 'y')}px`;
      dot.style.backgroundColor = row.source.color;
    });
  }

  function hideDots() {
    for (const dot of dots) dot.hidden = true;
  }

  const resizeObserver = new ResizeObserver(() => {
    if (!plot) return;
    const width = Math.max(120, host.clientWidth);
    if (width !== plot.width) plot.setSize({width, height: opts.height});
  });
  resizeObserver.observe(host);

  function sameShape(next) {
    if (next.length !== series.length) return false;
    return next.every((s, i) => s.key === series[i].key && s.color === series[i].color &&
        String(s.dash) === String(series[i].dash) &&
        Boolean(s.smoothed) === Boolean(series[i].smoothed) &&
        Boolean(s.band) === Boolean(series[i].band));
  }

  // The same raw columns (and bands) as now, so only the smoothed ones can differ.
  function sameRaw(next) {
    return next.every((s, i) => s.x === series[i].x && s.y === series[i].y &&
        (!s.band || (s.band.lower === series[i].band.lower && s.band.upper === series[i].band.upper)));
  }

  return {
    element: host,
    setData(next) {
      const rebuild = !plot || !sameShape(next);
      const smoothingOnly = !rebuild && sameRaw(next);
      series = next;
      host.dataset.series = String(series.length);
      if (smoothingOnly) {
        buildLayout();  // the entries point at the new series objects (same raw columns)
        if (repaintSmoothed()) return;
      }
      if (rebuild) {
        build();
      } else {
        // Ranges are ours (zoom, outliers, log), so set them explicitly rather than letting
        // uPlot keep the previous x range. The layout points at the new series objects.
        buildLayout();
        computeRanges();
        plot.batch(() => {
          plot.setData(data(), false);
          plot.setScale('x', {min: xRange[0], max: xRange[1]});
          plot.setScale('y', {min: yRange[0], max: yRange[1]});
        });
      }
    },
    // Changing axis kinds rebuilds the uPlot instance; the rest only rescales.
    setOptions(partial) {
      const rebuild = ['xType', 'logX', 'logY', 'height'].some((key) =>
        key in partial && partial[key] !== opts[key]);
      if ('xType' in partial && partial.xType !== opts.xType) zoom = null;
      opts = {...opts, ...partial};
      if (rebuild) {
        if (plot) build();
      } else {
        refreshScales();
      }
    },
    // Rebuild with the theme's colours.
    restyle() {
      if (plot) build();
    },
    getZoom: () => (zoom ? [...zoom] : null),
    setZoom: (range) => setZoom(range, false),
    resetZoom,
    // The data's x range (for mapping a zoom window back to steps).
    xRange: () => [...xRange],
    destroy() {
      resizeObserver.disconnect();
      tooltip.hide();
      if (plot) plot.destroy();
      plot = null;
      host.remove();
    },
  };
}
