// A small overview of the whole laid-out scene with the visible part outlined; press or drag
// on it to move there. Shown only while the scene does not fit on screen.

const W = 180;
const H = 120;
const PAD = 6;

export class Minimap {
  /** @param onMove (worldX, worldY) => void — centre the main view there */
  constructor(host, onMove) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'gr-minimap';
    this.canvas.setAttribute('aria-hidden', 'true'); // a pointer shortcut; keys pan the main view
    this.canvas.hidden = true;
    host.append(this.canvas);
    this.c = this.canvas.getContext('2d');
    this.onMove = onMove;
    this.map = null;
    const go = (e) => {
      if (!this.map) return;
      const r = this.canvas.getBoundingClientRect();
      const {s, ox, oy} = this.map;
      this.onMove((e.clientX - r.left - ox) / s, (e.clientY - r.top - oy) / s);
    };
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.dragging = true;
      go(e);
    });
    this.canvas.addEventListener('pointermove', (e) => this.dragging && go(e));
    const stop = () => {
      this.dragging = false;
    };
    this.canvas.addEventListener('pointerup', stop);
    this.canvas.addEventListener('pointercancel', stop);
    this.canvas.addEventListener('wheel', (e) => e.preventDefault(), {passive: false});
  }

  /** @param area {w, h} the free part of the main canvas; insets {right, bottom} */
  draw(scene, cam, area, insets, theme, dpr) {
    const fits = !scene || (scene.width * cam.k <= area.w && scene.height * cam.k <= area.h);
    this.canvas.hidden = fits;
    if (fits) {
      this.map = null;
      return;
    }
    this.canvas.style.right = `${insets.right + 12}px`;
    this.canvas.style.bottom = `${insets.bottom + 12}px`;
    if (this.canvas.width !== W * dpr) {
      this.canvas.width = W * dpr;
      this.canvas.height = H * dpr;
      this.canvas.style.width = `${W}px`;
      this.canvas.style.height = `${H}px`;
    }
    const s = Math.min((W - 2 * PAD) / scene.width, (H - 2 * PAD) / scene.height);
    const ox = (W - scene.width * s) / 2, oy = (H - scene.height * s) / 2;
    this.map = {s, ox, oy};
    const c = this.c;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, W, H);
    c.fillStyle = theme.bg;
    c.fillRect(0, 0, W, H);
    c.fillStyle = theme.dark ? 'rgba(160,170,185,0.35)' : 'rgba(90,100,115,0.28)';
    c.strokeStyle = theme.dark ? 'rgba(160,170,185,0.45)' : 'rgba(90,100,115,0.45)';
    c.lineWidth = 1;
    for (const b of scene.boxes) {
      const x = ox + b.x * s, y = oy + b.y * s;
      const w = Math.max(1, b.width * s), h = Math.max(1, b.height * s);
      if (b.expanded) c.strokeRect(x + 0.5, y + 0.5, w, h);
      else c.fillRect(x, y, w, h);
    }
    // The part of the scene on screen (the free area, not what the cards cover).
    const tl = cam.toWorld(0, 0);
    c.strokeStyle = theme.accent;
    c.lineWidth = 1.5;
    c.fillStyle = theme.dark ? 'rgba(91,142,245,0.12)' : 'rgba(47,111,237,0.08)';
    const vx = ox + tl.x * s, vy = oy + tl.y * s, vw = (area.w / cam.k) * s, vh = (area.h / cam.k) * s;
    c.fillRect(vx, vy, vw, vh);
    c.strokeRect(vx, vy, vw, vh);
  }

  destroy() {
    this.canvas.remove();
  }
}
