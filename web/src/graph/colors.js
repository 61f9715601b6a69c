// Colours for the canvas: the theme's CSS variables (read once per theme change, since a
// canvas cannot use var()), and stable hues for scopes with the same structure.

const VARS = {
  bg: '--gr-bg',
  fg: '--gr-fg',
  muted: '--gr-muted',
  edge: '--gr-edge',
  accent: '--gr-accent',
  opFill: '--gr-op-fill',
  opStroke: '--gr-op-stroke',
  match: '--gr-match',
};

/** Reads the resolved --gr-* colours from an element inside the dashboard. */
export function readTheme(el, dark) {
  const style = getComputedStyle(el);
  const theme = {dark};
  for (const [key, name] of Object.entries(VARS)) {
    theme[key] = style.getPropertyValue(name).trim() || (dark ? DARK[key] : LIGHT[key]);
  }
  return theme;
}

const LIGHT = {bg: '#ffffff', fg: '#1f2328', muted: '#6b7280', edge: '#9aa1ab', accent: '#2f6fed',
  opFill: '#ffffff', opStroke: '#8b939e', match: '#f9c74f'};
const DARK = {bg: '#1c1d21', fg: '#e6e7ea', muted: '#9aa0a8', edge: '#6c737d', accent: '#5b8ef5',
  opFill: '#2a2c31', opStroke: '#7c838e', match: '#b8860b'};

/** A hue in [0, 360) from a string, so equal structures share a colour across renders. */
export function hueOf(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  // Golden-angle steps spread neighbouring hashes around the wheel.
  return ((h >>> 0) % 97) * 137.508 % 360;
}

/** Fill, stroke and tint (for an expanded box) of a group, by its structure. */
export function groupColors(group, theme) {
  return hueColors(Math.round(hueOf(group.signature || group.label)), theme);
}

/** The box colours for a hue, in the theme's lightness. */
export function hueColors(h, theme) {
  if (theme.dark) {
    return {fill: `hsl(${h} 28% 30%)`, stroke: `hsl(${h} 32% 52%)`,
      tint: `hsl(${h} 30% 50% / 0.10)`, text: '#eef0f3'};
  }
  return {fill: `hsl(${h} 55% 86%)`, stroke: `hsl(${h} 30% 58%)`,
    tint: `hsl(${h} 50% 60% / 0.08)`, text: '#1f2328'};
}

/** From pale (t = 0) to deep orange (t = 1): how much time or memory a node takes. */
export function heatColors(t, theme) {
  if (theme.dark) {
    const l = Math.round(20 + 32 * t);
    return {fill: `hsl(24 75% ${l}%)`, stroke: `hsl(24 60% ${l + 18}%)`,
      tint: `hsl(24 70% 50% / 0.10)`, text: '#f4f5f7'};
  }
  const l = Math.round(95 - 45 * t);
  return {fill: `hsl(24 90% ${l}%)`, stroke: `hsl(24 55% ${Math.min(l - 20, 60)}%)`,
    tint: `hsl(24 80% 60% / 0.08)`, text: t > 0.75 ? '#ffffff' : '#1f2328'};
}

/** Nodes with nothing recorded. */
export function noDataColors(theme) {
  return theme.dark
    ? {fill: 'hsl(220 8% 24%)', stroke: 'hsl(220 8% 40%)', tint: 'hsl(220 8% 50% / 0.08)', text: '#c9ced6'}
    : {fill: 'hsl(220 14% 95%)', stroke: 'hsl(220 10% 72%)', tint: 'hsl(220 10% 60% / 0.06)', text: '#4b5563'};
}
