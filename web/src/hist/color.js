// Colour arithmetic for canvas drawing: run colours arrive as CSS strings (hex, rgb() or hsl())
// and the views need lighter/darker and translucent variants of them.

export function parseColor(css) {
  const s = String(css || '').trim().toLowerCase();
  let m = s.match(/^#([0-9a-f]{3,8})$/);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    return {r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16)};
  }
  m = s.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/);
  if (m) return {r: +m[1], g: +m[2], b: +m[3]};
  m = s.match(/^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%/);
  if (m) return hslToRgb(+m[1], +m[2] / 100, +m[3] / 100);
  return null;
}

function hslToRgb(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return {r: Math.round(f(0) * 255), g: Math.round(f(8) * 255), b: Math.round(f(4) * 255)};
}

// t = 0 gives a, t = 1 gives b.
export function mix(a, b, t) {
  return {r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t};
}

export function rgba(c, alpha = 1) {
  return `rgba(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)}, ${alpha})`;
}

// Any CSS colour the browser understands, via a canvas round trip when the pure parser can't.
export function resolveColor(css, fallback = {r: 90, g: 90, b: 90}) {
  const parsed = parseColor(css);
  if (parsed) return parsed;
  if (typeof document === 'undefined') return fallback;
  const g = document.createElement('canvas').getContext('2d');
  g.fillStyle = '#000';
  g.fillStyle = css;
  return parseColor(g.fillStyle) || fallback;
}
