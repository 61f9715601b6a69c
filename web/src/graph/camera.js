// World ↔ screen transform of the graph canvas: screen = world * k + (tx, ty).

export const MIN_ZOOM = 0.01;
export const MAX_ZOOM = 4;

export class Camera {
  constructor() {
    this.k = 1;
    this.tx = 0;
    this.ty = 0;
  }

  toWorld(sx, sy) {
    return {x: (sx - this.tx) / this.k, y: (sy - this.ty) / this.k};
  }

  toScreen(x, y) {
    return {x: x * this.k + this.tx, y: y * this.k + this.ty};
  }

  /** Zooms by `factor` keeping the world point under (sx, sy) in place. */
  zoomAt(factor, sx, sy) {
    const k = clamp(this.k * factor, MIN_ZOOM, MAX_ZOOM);
    const f = k / this.k;
    this.tx = sx - (sx - this.tx) * f;
    this.ty = sy - (sy - this.ty) * f;
    this.k = k;
  }

  panBy(dx, dy) {
    this.tx += dx;
    this.ty += dy;
  }

  /** Shows the whole rect in a viewport of w×h with a margin, zooming in at most to maxK. */
  fit(rect, w, h, margin = 24, maxK = 1.25) {
    const k = clamp(Math.min((w - 2 * margin) / rect.width, (h - 2 * margin) / rect.height, maxK),
        MIN_ZOOM, MAX_ZOOM);
    this.k = k;
    this.tx = (w - rect.width * k) / 2 - rect.x * k;
    this.ty = (h - rect.height * k) / 2 - rect.y * k;
  }

  /** Centres a world point, zooming in to at least `minK`. */
  centreOn(x, y, w, h, minK = 0) {
    this.k = clamp(Math.max(this.k, minK), MIN_ZOOM, MAX_ZOOM);
    this.tx = w / 2 - x * this.k;
    this.ty = h / 2 - y * this.k;
  }

  /** The visible world rectangle of a w×h viewport. */
  viewport(w, h) {
    const a = this.toWorld(0, 0);
    return {x: a.x, y: a.y, width: w / this.k, height: h / this.k};
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
