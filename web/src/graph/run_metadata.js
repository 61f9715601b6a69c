// RunMetadata text → per-node compute time and memory, for the details card.

import {parseTextProto, first, all} from './pbtxt.js';

/** Map node name → {micros, bytes, device}; times of repeated nodes add up. */
export function nodeStats(text) {
  const stats = new Map();
  const msg = parseTextProto(text);
  for (const dev of all(first(msg, 'step_stats'), 'dev_stats')) {
    const device = first(dev, 'device', '');
    for (const ns of all(dev, 'node_stats')) {
      const name = first(ns, 'node_name', '');
      const micros = Number(first(ns, 'all_end_rel_micros', '0')) ||
          Number(first(ns, 'all_end_rel_nanos', '0')) / 1000;
      let bytes = 0;
      for (const m of all(ns, 'memory')) bytes += Number(first(m, 'total_bytes', '0'));
      const s = stats.get(name) || {micros: 0, bytes: 0, device};
      s.micros += micros;
      s.bytes += bytes;
      stats.set(name, s);
    }
  }
  return stats;
}

export function formatMicros(us) {
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)} s`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(2)} ms`;
  return `${Math.round(us)} µs`;
}

export function formatBytes(b) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${i ? b.toFixed(1) : b} ${units[i]}`;
}
