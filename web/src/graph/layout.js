// Lays out only what is visible: each expanded group's children with dagre, innermost
// first, so that an expanded group becomes one big box in its parent's layout. A group's
// layout is cached until it or something inside it is expanded or collapsed.

import {Graph, layout as dagreLayout} from '@dagrejs/dagre';

export const SIZES = {
  opHeight: 22,
  groupHeight: 36,
  header: 28, // title bar of an expanded group
  pad: 14,
  minOpWidth: 44,
  minGroupWidth: 96,
  maxLabelWidth: 180,
  font: '11px system-ui, sans-serif',
  edgeFont: '9px system-ui, sans-serif',
  groupFont: '600 12px system-ui, sans-serif',
};

/** Rough text width for when no canvas is around (tests, first layout before fonts). */
export function approxTextWidth(text, px = 11) {
  return text.length * px * 0.6;
}

export class Layouter {
  /**
   * @param measure   (text, font) => width in px
   * @param edgeLabel (aggEdge) => text drawn along the edge, or '' (dagre keeps room for it)
   */
  constructor(hierarchy, measure = (t) => approxTextWidth(t), edgeLabel = () => '') {
    this.h = hierarchy;
    this.measure = measure;
    this.edgeLabel = edgeLabel;
    this.cache = new Map();
    this.expanded = new Set();
  }

  isExpanded(group) {
    return this.expanded.has(group.key);
  }

  setExpanded(group, on) {
    if (group.kind !== 'group' || group.depth < 0) return;
    if (on) this.expanded.add(group.key);
    else this.expanded.delete(group.key);
    for (let g = group; g; g = g.parent) this.cache.delete(g.key);
  }

  /** The whole visible scene in absolute coordinates. */
  scene() {
    const root = this.layoutGroup(this.h.root);
    const boxes = [];
    const edges = [];
    place(root, 0, 0, boxes, edges);
    return {width: root.width, height: root.height, boxes, edges};
  }

  layoutGroup(group) {
    const hit = this.cache.get(group.key);
    if (hit) return hit;
    const sizes = new Map();
    const inner = new Map();
    for (const child of group.children) {
      if (child.kind === 'group' && this.isExpanded(child)) {
        const sub = this.layoutGroup(child);
        inner.set(child.key, sub);
        sizes.set(child, {
          width: Math.max(sub.width + 2 * SIZES.pad, this.titleWidth(child, true)),
          height: sub.height + SIZES.header + SIZES.pad,
        });
      } else {
        sizes.set(child, this.nodeSize(child));
      }
    }
    // Children with no edge to a sibling would sit in one long row (dagre puts them all in
    // the first rank); a few are fine, many go into a grid under the connected part.
    const linked = new Set();
    for (const e of group.edges) linked.add(e.from).add(e.to);
    let loose = group.children.filter((c) => !linked.has(c));
    if (loose.length < GRID_MIN) loose = [];
    const looseSet = new Set(loose);
    const flow = this.flowLayout(group, group.children.filter((c) => !looseSet.has(c)), sizes);
    const grid = gridLayout(loose, sizes, flow.width);
    const gap = flow.nodes.length && grid.nodes.length ? GRID_GAP : 0;
    const width = Math.max(flow.width, grid.width, 1);
    const dx = (width - flow.width) / 2;
    const nodes = [];
    for (const n of flow.nodes) nodes.push({...n, x: n.x + dx, sub: inner.get(n.item.key) || null});
    for (const n of grid.nodes) {
      nodes.push({...n, x: n.x + (width - grid.width) / 2, y: n.y + flow.height + gap,
        sub: inner.get(n.item.key) || null});
    }
    const edges = flow.edges.map((e) => ({...e, points: e.points.map((p) => ({x: p.x + dx, y: p.y})),
      label: e.label && {...e.label, x: e.label.x + dx}}));
    const result = {width, height: Math.max(flow.height + gap + grid.height, 1), nodes, edges};
    this.cache.set(group.key, result);
    return result;
  }

  // The connected children with dagre: inputs at the bottom, data flowing up.
  flowLayout(group, children, sizes) {
    if (!children.length) return {width: 0, height: 0, nodes: [], edges: []};
    const g = new Graph();
    g.setGraph({rankdir: 'BT', nodesep: 16, ranksep: 30, edgesep: 8, marginx: 0, marginy: 0});
    g.setDefaultEdgeLabel(() => ({}));
    for (const child of children) g.setNode(child.key, sizes.get(child));
    const labels = new Map();
    for (const e of group.edges) {
      // Control edges only order things; let data edges decide the shape.
      const weight = e.count > e.control ? 2 : 1;
      const label = this.edgeLabel(e);
      const edge = {weight};
      if (label) {
        labels.set(e, label);
        Object.assign(edge, {width: this.measure(label, SIZES.edgeFont) + 4, height: 12,
          labelpos: 'r', labeloffset: 4});
      }
      g.setEdge(e.from.key, e.to.key, edge);
    }
    dagreLayout(g);
    const nodes = children.map((child) => {
      const n = g.node(child.key);
      return {item: child, x: n.x, y: n.y, width: n.width, height: n.height};
    });
    const edges = group.edges.map((e) => {
      const d = g.edge(e.from.key, e.to.key);
      const label = labels.get(e);
      return {agg: e, points: d.points, label: label ? {text: label, x: d.x, y: d.y} : null};
    });
    const info = g.graph();
    return {width: info.width || 0, height: info.height || 0, nodes, edges};
  }

  nodeSize(item) {
    if (item.kind === 'op') {
      const w = Math.min(this.measure(item.label, SIZES.font), SIZES.maxLabelWidth);
      return {width: Math.max(SIZES.minOpWidth, w + 20), height: SIZES.opHeight};
    }
    return {width: Math.max(SIZES.minGroupWidth, this.titleWidth(item)), height: SIZES.groupHeight};
  }

  // Room for the label and the expand button (and, in an open scope's title bar, the count).
  titleWidth(group, open = false) {
    const w = Math.min(this.measure(group.label, SIZES.groupFont), SIZES.maxLabelWidth + 40);
    return w + (open ? 100 : 56);
  }
}

const GRID_MIN = 8; // fewer unconnected children than this stay in dagre's row
const GRID_GAP = 36;

// Rows of unconnected children, about as wide as the connected part (or square-ish when it
// is narrow), each row centred. Positions are box centres, like dagre's.
function gridLayout(items, sizes, preferredWidth) {
  if (!items.length) return {width: 0, height: 0, nodes: []};
  const gapX = 16, gapY = 16;
  let area = 0;
  let widest = 0;
  for (const it of items) {
    const s = sizes.get(it);
    area += (s.width + gapX) * (s.height + gapY);
    widest = Math.max(widest, s.width);
  }
  const maxWidth = Math.max(widest, preferredWidth, Math.sqrt(area) * 1.6);
  const rows = [];
  let row = {items: [], width: 0, height: 0};
  for (const it of items) {
    const s = sizes.get(it);
    if (row.items.length && row.width + gapX + s.width > maxWidth) {
      rows.push(row);
      row = {items: [], width: 0, height: 0};
    }
    row.width += (row.items.length ? gapX : 0) + s.width;
    row.height = Math.max(row.height, s.height);
    row.items.push(it);
  }
  rows.push(row);
  const width = Math.max(...rows.map((r) => r.width));
  const nodes = [];
  let y = 0;
  for (const r of rows) {
    let x = (width - r.width) / 2;
    for (const it of r.items) {
      const s = sizes.get(it);
      nodes.push({item: it, x: x + s.width / 2, y: y + r.height / 2, width: s.width, height: s.height});
      x += s.width + gapX;
    }
    y += r.height + gapY;
  }
  return {width, height: y - gapY, nodes};
}

// Flattens nested layouts into absolute boxes (outer before inner, so drawing in order
// paints containers first) and absolute edge polylines.
function place(layout, ox, oy, boxes, edges) {
  for (const e of layout.edges) {
    edges.push({agg: e.agg, points: e.points.map((p) => ({x: p.x + ox, y: p.y + oy})),
      label: e.label && {text: e.label.text, x: e.label.x + ox, y: e.label.y + oy}});
  }
  for (const n of layout.nodes) {
    const x = ox + n.x - n.width / 2;
    const y = oy + n.y - n.height / 2;
    boxes.push({item: n.item, x, y, width: n.width, height: n.height, expanded: !!n.sub});
    if (n.sub) {
      const cx = x + (n.width - n.sub.width) / 2;
      place(n.sub, cx, y + SIZES.header, boxes, edges);
    }
  }
}
