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
