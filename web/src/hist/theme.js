// Chart colours come from CSS variables (hist.css maps them onto the shell's theme), read at
// draw time so a theme switch only needs a redraw.
import {resolveColor} from './color.js';

export function chartTheme(el) {
  const cs = getComputedStyle(el);
  const v = (name, fallback) => cs.getPropertyValue(name).trim() || fallback;
  const bg = v('--hist-bg', '#ffffff');
  const bgRgb = resolveColor(bg, {r: 255, g: 255, b: 255});
  return {
    fg: v('--hist-fg', '#1f2328'),
    muted: v('--hist-muted', '#656d76'),
    grid: v('--hist-grid', 'rgba(0, 0, 0, 0.08)'),
    axis: v('--hist-axis', 'rgba(0, 0, 0, 0.35)'),
    guide: v('--hist-guide', 'rgba(0, 0, 0, 0.45)'),
    bg,
    bgRgb,
    // Translucent fills need more opacity to read on a dark background.
    dark: 0.2126 * bgRgb.r + 0.7152 * bgRgb.g + 0.0722 * bgRgb.b < 128,
    font: `11px ${v('--hist-font', 'system-ui, sans-serif')}`,
  };
}
