// Tags in sections by their prefix before the first "/" (as TensorBoard groups them); a tag
// without "/" is its own section. Sections and tags sort naturally (loss_2 before loss_10).

const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});

export function groupTags(tags) {
  const groups = new Map();
  for (const tag of tags) {
    const slash = tag.indexOf('/');
    const name = slash > 0 ? tag.slice(0, slash) : tag;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(tag);
  }
  return [...groups]
      .sort(([a], [b]) => collator.compare(a, b))
      .map(([name, members]) => ({name, tags: members.sort(collator.compare)}));
}

// A list in one URL value: items escaped, then joined with ",".
export function encodeList(items) {
  return items.map((item) => encodeURIComponent(item)).join(',');
}

export function decodeList(text) {
  if (!text) return [];
  return String(text).split(',').map((item) => {
    try {
      return decodeURIComponent(item);
    } catch {
      return item;
    }
  });
}

// "x0~x1~tag" items (numbers first: a tag may hold any character) <-> Map(tag -> [x0, x1]).
export function parseZooms(items) {
  const zooms = new Map();
  for (const item of items) {
    const a = item.indexOf('~');
    const b = item.indexOf('~', a + 1);
    if (a < 0 || b < 0) continue;
    const x0 = Number(item.slice(0, a));
    const x1 = Number(item.slice(a + 1, b));
    if (Number.isFinite(x0) && Number.isFinite(x1) && x0 < x1) zooms.set(item.slice(b + 1), [x0, x1]);
  }
  return zooms;
}

export function formatZooms(zooms) {
  return [...zooms].map(([tag, [x0, x1]]) => `${x0}~${x1}~${tag}`);
}
