// What the boxes' colours mean: structure (scopes built alike look alike), the device ops
// run on, or — with run metadata — where the time and memory go.

import {groupColors, hueColors, heatColors, noDataColors, hueOf} from './colors.js';
import {formatMicros, formatBytes} from './run_metadata.js';

export const COLOR_MODES = [
  {value: 'structure', label: 'Structure'},
  {value: 'device', label: 'Device'},
  {value: 'compute', label: 'Compute time', needsStats: true},
  {value: 'memory', label: 'Memory', needsStats: true},
];

/**
 * @returns {paint(item) → {fill, stroke, tint, text} | null, key}
 *   paint returns null for an op drawn the plain way; key describes the colours:
 *   {kind: 'swatches', rows: [{label, color}]} or {kind: 'scale', min, max} or null.
 */
export function makePainter(mode, {graph, hierarchy, stats}, theme) {
  let painter;
  if (mode === 'device') painter = devicePainter(graph, hierarchy, theme);
  else if ((mode === 'compute' || mode === 'memory') && stats) {
    painter = heatPainter(graph, hierarchy, theme, (name) => {
      const s = stats.get(name);
      return s ? (mode === 'compute' ? s.micros : s.bytes) : undefined;
    }, mode === 'compute' ? formatMicros : formatBytes);
  } else {
    painter = structurePainter(theme);
  }
  // Every frame asks again for every box: remember the answers.
  const cache = new Map();
  return {
    key: painter.key,
    paint(item) {
      let c = cache.get(item);
      if (c === undefined) cache.set(item, c = painter.paint(item));
      return c;
    },
  };
}

export function structurePainter(theme) {
  return {paint: (item) => (item.kind === 'group' ? groupColors(item, theme) : null), key: null};
}

/** "/job:localhost/replica:0/task:0/device:GPU:0" → "GPU:0"; the full name stays in details. */
export function shortDevice(device) {
  if (!device) return 'no device';
  const m = /device:([^/]+)$/.exec(device) || /\/(cpu|gpu)(:\d+)?$/i.exec(device);
  return m ? m[1] + (m[2] || '') : device;
}

function devicePainter(graph, hierarchy, theme) {
  const opColor = new Map();
  const colorOf = (device) => {
    let c = opColor.get(device);
    if (!c) opColor.set(device, c = hueColors(Math.round(hueOf(`device ${device}`)), theme));
    return c;
  };
  // A scope takes the colour of the device most of its ops run on.
  const dominant = new Map();
  const counts = new Map();
  const walk = (g) => {
    const here = new Map();
    for (const c of g.children) {
      if (c.kind === 'op') {
        const d = shortDevice(graph.ops[c.index].device);
        here.set(d, (here.get(d) || 0) + 1);
      } else {
        for (const [d, n] of walk(c)) here.set(d, (here.get(d) || 0) + n);
      }
    }
    let best = '', most = -1;
    for (const [d, n] of here) if (n > most) [best, most] = [d, n];
    dominant.set(g, best);
    return here;
  };
  for (const [d, n] of walk(hierarchy.root)) counts.set(d, n);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1])
      .map(([d, n]) => ({label: `${d} · ${n} op${n === 1 ? '' : 's'}`, color: colorOf(d).fill}));
  return {
    paint: (item) => colorOf(item.kind === 'op' ? shortDevice(graph.ops[item.index].device) : dominant.get(item)),
    key: {kind: 'swatches', rows},
  };
}

function heatPainter(graph, hierarchy, theme, valueOf, format) {
  const value = new Map();
  let maxOp = 0, maxGroup = 0;
  const walk = (g) => {
    let sum = 0, seen = false;
    for (const c of g.children) {
      let v;
      if (c.kind === 'op') {
        v = valueOf(graph.ops[c.index].name);
        if (v !== undefined) maxOp = Math.max(maxOp, v);
      } else {
        v = walk(c);
      }
      if (v !== undefined) {
        value.set(c, v);
        sum += v;
        seen = true;
      }
    }
    if (seen && g.depth >= 0) maxGroup = Math.max(maxGroup, sum);
    return seen ? sum : undefined;
  };
  walk(hierarchy.root);
  const none = noDataColors(theme);
  // Square root: linear leaves all but the biggest pale, log makes everything hot.
  const scale = (v, max) => (max > 0 ? Math.sqrt(v / max) : 0);
  return {
    paint: (item) => {
      const v = value.get(item);
      if (v === undefined) return none;
      return heatColors(scale(v, item.kind === 'op' ? maxOp : maxGroup), theme);
    },
    key: {kind: 'scale', min: format(0), max: format(Math.max(maxOp, maxGroup)),
      low: heatColors(0, theme).fill, high: heatColors(1, theme).fill, none: none.fill},
  };
}
