// Stable run colours: a run's name hashes into a palette, so a run keeps its colour across
// reloads, filters and links, whatever other runs exist.

// Distinct hues that read on both the light and the dark background (no greys, no pastels).
export const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#bcbd22', '#3b5bdb', '#f03e8c', '#0ca678', '#e8590c', '#7048e8', '#1098ad', '#c2255c',
  '#5c940d', '#d9480f', '#1971c2', '#ae3ec9', '#099268', '#f59f00', '#6741d9', '#e64980',
];

// FNV-1a over UTF-16 code units: fast, and well spread for similar names like run_1, run_2.
export function hashString(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche so that names differing in the last character land far apart.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

export function colorFor(name, palette = PALETTE) {
  return palette[hashString(String(name)) % palette.length];
}

// "#rrggbb" + alpha in [0, 1] -> "rgba(r, g, b, a)", for the faint raw line behind a smoothed one.
export function withAlpha(hex, alpha) {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
