// Tag grouping as TensorBoard does it: a tag's group is the part before its first '/', a tag
// without one is its own group. Groups keep first-appearance order of their sorted tags.

export function tagGroup(tag) {
  const i = tag.indexOf('/');
  return i > 0 ? tag.slice(0, i) : tag;
}

const collator = new Intl.Collator('en', {numeric: true});

// Natural ordering ("layer10" after "layer9"), by group first so a group's tags stay together
// ("conv2d/…" before "conv2d_1/…" even though '_' sorts before '/').
export function compareTags(a, b) {
  return collator.compare(tagGroup(a), tagGroup(b)) || collator.compare(a, b);
}

// items (each with .tag) → [{name, items}] in order.
export function groupItems(items) {
  const groups = new Map();
  for (const item of items) {
    const name = tagGroup(item.tag);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(item);
  }
  return [...groups].map(([name, list]) => ({name, items: list}));
}
