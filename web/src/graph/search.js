// Finding ops and scopes by name: case-insensitive substring, best matches first.

/** Everything searchable: ops by full name, real scopes by path (chunks are not names). */
export function searchIndex(hierarchy) {
  const entries = [];
  for (const item of hierarchy.opItems) entries.push({item, name: item.key, lower: item.key.toLowerCase()});
  for (const g of hierarchy.groups) {
    if (g.depth < 0 || g.synthetic) continue;
    entries.push({item: g, name: g.path, lower: g.path.toLowerCase()});
  }
  return entries;
}

/**
 * Up to `limit` entries containing `query`: whole-segment and prefix-of-segment matches first,
 * then shallower names, then shorter ones. Also returns the total count.
 */
export function search(entries, query, limit = 50) {
  const q = query.trim().toLowerCase();
  if (!q) return {results: [], total: 0};
  const hits = [];
  for (const e of entries) {
    const at = e.lower.indexOf(q);
    if (at < 0) continue;
    const segStart = at === 0 || e.lower[at - 1] === '/';
    const lastSeg = e.lower.lastIndexOf('/') < at;
    const whole = segStart && (at + q.length === e.lower.length || e.lower[at + q.length] === '/');
    const score = (whole ? 0 : segStart ? 1 : 2) * 4 + (lastSeg ? 0 : 1);
    hits.push({e, score});
  }
  hits.sort((a, b) => a.score - b.score || depth(a.e.name) - depth(b.e.name) ||
      a.e.name.length - b.e.name.length || (a.e.name < b.e.name ? -1 : 1));
  return {results: hits.slice(0, limit).map((x) => x.e), total: hits.length};
}

function depth(name) {
  let d = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 47) d++;
  return d;
}
