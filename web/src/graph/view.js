// The graph canvas: owns the camera, the visible-level layout and redraws, and turns
// pointer input into selection, scope toggling, zoom and pan.

import {Camera} from './camera.js';
import {Layouter} from './layout.js';
import {drawScene, hitTest, LabelFitter} from './renderer.js';
import {edgeText} from './edge_text.js';
import {attachInteraction} from './interaction.js';
import {ancestors} from './hierarchy.js';
import {structurePainter} from './coloring.js';
import {Minimap} from './minimap.js';

export class GraphView {
  /**
   * @param host  element the canvas fills
   * @param hooks {select(item|null), changed()} — changed() fires after a scope opens/closes
   */
  constructor(host, hooks) {
    this.host = host;
    this.hooks = hooks;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'gr-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Graph');
    this.tip = document.createElement('div');
    this.tip.className = 'gr-tip';
    this.tip.hidden = true;
    host.append(this.canvas, this.tip);
    this.c = this.canvas.getContext('2d');
    this.minimap = new Minimap(host, (x, y) => {
      const {w, h} = this.area();
      this.cam.centreOn(x, y, w, h);
      this.redraw();
    });
    this.labels = new LabelFitter(this.c);
    this.cam = new Camera();
    this.size = {width: 0, height: 0, dpr: 1};
    this.insets = {right: 0, bottom: 0}; // covered by cards floating over the canvas
    this.theme = null;
    this.graph = null;
    this.layouter = null;
    this.scene = null;
    this.marks = {selected: null, hover: null, matches: new Set(),
      opOf: (item) => this.graph.ops[item.index],
      paint: (item) => structurePainter(this.theme).paint(item)};
    this.frame = 0;
    this.firstDrawn = false;
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(host);
    this.detach = attachInteraction(this.canvas, this.handlers());
    this.measure();
  }

  handlers() {
    return {
      zoom: (f, x, y) => {
        this.cam.zoomAt(f, x, y);
        this.redraw();
      },
      pan: (dx, dy) => {
        this.cam.panBy(dx, dy);
        this.tip.hidden = true;
        this.redraw();
      },
      click: (x, y) => {
        // The second click of a double-click belongs to the double-click (which opens the
        // scope): acting on it too would undo the first click's toggle.
        const now = performance.now(), last = this.lastClick;
        this.lastClick = {t: now, x, y};
        if (last && now - last.t < 400 && Math.hypot(x - last.x, y - last.y) < 6) return;
        const hit = this.hitAt(x, y);
        if (hit && hit.toggle) this.toggle(hit.box.item);
        else this.hooks.select(hit && !hit.background ? hit.box.item : null);
        this.canvas.focus({preventScroll: true});
      },
      dblclick: (x, y) => {
        const hit = this.hitAt(x, y);
        if (hit && !hit.toggle && hit.box.item.kind === 'group') this.toggle(hit.box.item);
      },
      hover: (x, y) => this.hover(x, y),
      leave: () => {
        this.tip.hidden = true;
        this.setHover(null);
      },
      key: (e) => this.key(e),
    };
  }

  key(e) {
    const w = this.size.width / 2, h = this.size.height / 2;
    if (e.key === '+' || e.key === '=') this.handlers().zoom(1.25, w, h);
    else if (e.key === '-') this.handlers().zoom(0.8, w, h);
    else if (e.key === '0') this.fit();
    else if (e.key.startsWith('Arrow')) {
      const step = 80;
      const d = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]}[e.key];
      this.handlers().pan(d[0], d[1]);
    }
    else if (e.key === 'Escape') this.hooks.select(null);
    else if (e.key === 'Enter' && this.marks.selected) {
      const box = this.boxOf(this.marks.selected);
      if (box && box.item.kind === 'group') this.toggle(box.item);
    } else return;
    e.preventDefault();
  }

  hitAt(x, y) {
    const p = this.cam.toWorld(x, y);
    return hitTest(this.scene, p.x, p.y);
  }

  hover(x, y) {
    const hit = this.hitAt(x, y);
    const item = hit && !hit.background ? hit.box.item : null;
    this.canvas.classList.toggle('gr-pointer', !!item);
    this.setHover(item ? item.key : null);
    if (!item) {
      this.tip.hidden = true;
      return;
    }
    const name = item.kind === 'op' ? item.key : item.path;
    this.tip.textContent = item.kind === 'op'
      ? `${name}\n${this.graph.ops[item.index].op}`
      : `${item.synthetic ? item.label : name}\n${item.opCount} ops · ${hit.toggle ? 'click' : 'double-click'} to ${hit.box.expanded ? 'close' : 'open'}`;
    this.tip.hidden = false;
    const left = Math.min(x + 14, this.size.width - this.tip.offsetWidth - 4);
    this.tip.style.left = `${Math.max(4, left)}px`;
    this.tip.style.top = `${Math.min(y + 16, this.size.height - this.tip.offsetHeight - 4)}px`;
  }

  setHover(key) {
    if (this.marks.hover === key) return;
    this.marks.hover = key;
    this.redraw();
  }

  measure() {
    const r = this.host.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(r.width)), height = Math.max(1, Math.round(r.height));
    if (width === this.size.width && height === this.size.height && dpr === this.size.dpr) return;
    const first = this.size.width <= 1;
    this.size = {width, height, dpr};
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    if (first && this.scene) this.fit();
    this.drawNow();
  }

  setTheme(theme) {
    this.theme = theme;
    this.redraw();
  }

  /** How boxes are coloured (see coloring.js). */
  setPainter(painter) {
    this.marks.paint = (item) => painter.paint(item);
    this.redraw();
  }

  /** Shows a new graph, collapsed to its top level, or keeps `expanded` scope keys open. */
  setGraph(graph, hierarchy, {expanded = [], keepCamera = false} = {}) {
    this.graph = graph;
    this.hierarchy = hierarchy;
    this.layouter = new Layouter(hierarchy, (t, font) => {
      this.c.font = font;
      return this.c.measureText(t).width;
    }, (agg) => edgeText(agg, (i) => graph.ops[i]));
    const byKey = new Map(hierarchy.groups.map((g) => [g.key, g]));
    for (const key of expanded) if (byKey.has(key)) this.layouter.setExpanded(byKey.get(key), true);
    if (!expanded.length) {
      // A graph wrapped in one outer scope (model/…) would start as a single box: open it.
      for (let g = hierarchy.root; g.children.length === 1 && g.children[0].kind === 'group';) {
        g = g.children[0];
        this.layouter.setExpanded(g, true);
      }
    }
    this.relayout();
    if (!keepCamera) this.fit();
    this.drawNow();
  }

  clear() {
    this.graph = null;
    this.scene = null;
    this.drawNow();
  }

  expandedKeys() {
    return this.layouter ? [...this.layouter.expanded] : [];
  }

  relayout() {
    const t0 = performance.now();
    this.scene = this.layouter.scene();
    this.boxIndex = new Map(this.scene.boxes.map((b) => [b.item.key, b]));
    performance.measure('graphs:layout', {start: t0, end: performance.now()});
  }

  boxOf(key) {
    return this.boxIndex ? this.boxIndex.get(key) : undefined;
  }

  /** Opens or closes a scope, keeping it where it was on screen. */
  toggle(group, open = !this.layouter.isExpanded(group)) {
    if (group.kind !== 'group') return;
    this.tip.hidden = true; // it described the scope as it was
    const before = this.boxOf(group.key);
    const anchor = before && this.cam.toScreen(before.x + before.width / 2, before.y);
    this.layouter.setExpanded(group, open);
    this.relayout();
    const after = this.boxOf(group.key);
    if (anchor && after) {
      const now = this.cam.toScreen(after.x + after.width / 2, after.y);
      this.cam.panBy(anchor.x - now.x, anchor.y - now.y);
      if (open) this.ensureVisible(after);
    }
    this.redraw();
    this.hooks.changed();
  }

  /** The part of the canvas no card covers, where things are centred and fitted. */
  area() {
    return {w: Math.max(120, this.size.width - this.insets.right),
      h: Math.max(120, this.size.height - this.insets.bottom)};
  }

  setInsets(right, bottom) {
    this.insets = {right, bottom};
    this.redraw(); // the minimap moves with the cards
  }

  /** Pans just enough to show a box, or fits it when it is bigger than the view. */
  ensureVisible(box, margin = 24) {
    const {w, h} = this.area();
    const k = this.cam.k;
    if (box.width * k > w - 2 * margin || box.height * k > h - 2 * margin) {
      this.cam.fit(box, w, h, margin);
      return;
    }
    const a = this.cam.toScreen(box.x, box.y);
    const b = this.cam.toScreen(box.x + box.width, box.y + box.height);
    const dx = a.x < margin ? margin - a.x : b.x > w - margin ? w - margin - b.x : 0;
    const dy = a.y < margin ? margin - a.y : b.y > h - margin ? h - margin - b.y : 0;
    this.cam.panBy(dx, dy);
  }

  collapseAll() {
    this.layouter.expanded.clear();
    this.layouter.cache.clear();
    this.relayout();
    this.fit();
    this.hooks.changed();
  }

  /** Opens every scope around an item, selects it and centres it. */
  reveal(item) {
    let opened = false;
    for (const g of ancestors(item)) {
      if (!this.layouter.isExpanded(g)) {
        this.layouter.setExpanded(g, true);
        opened = true;
      }
    }
    if (opened) {
      this.relayout();
      this.hooks.changed();
    }
    const box = this.boxOf(item.key);
    if (box) {
      const {w, h} = this.area();
      this.cam.centreOn(box.x + box.width / 2, box.y + box.height / 2, w, h, 0.8);
    }
    this.redraw();
  }

  select(key) {
    this.marks.selected = key;
    this.redraw();
  }

  setMatches(keys) {
    this.marks.matches = keys;
    this.redraw();
  }

  fit() {
    if (!this.scene) return;
    const {w, h} = this.area();
    this.cam.fit({x: 0, y: 0, width: this.scene.width, height: this.scene.height}, w, h);
    this.redraw();
  }

  zoomBy(f) {
    this.cam.zoomAt(f, this.size.width / 2, this.size.height / 2);
    this.redraw();
  }

  redraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  drawNow() {
    if (!this.theme) return;
    const t0 = performance.now();
    drawScene(this.c, this.size, this.graph ? this.scene : null, this.cam, this.theme,
        this.marks, this.labels);
    const t1 = performance.now();
    this.minimap.draw(this.graph ? this.scene : null, this.cam, this.area(), this.insets, this.theme,
        this.size.dpr);
    if (!this.graph) return;
    performance.measure('graphs:frame', {start: t0, end: t1});
    if (!this.firstDrawn) {
      this.firstDrawn = true;
      performance.mark('graphs:first-render');
    }
  }

  destroy() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.detach();
    this.minimap.destroy();
    this.canvas.remove();
    this.tip.remove();
  }
}
