// Which cards a media dashboard shows: the tags route's answer regrouped tag → runs, limited to
// the runs ticked in the sidebar (in sidebar order) and the tags the tag filter lets through.

// tags: {run: {tag: info}} (images, audio) or {run: [tag, ...]} (text).
// Returns [{tag, entries: [{run, info}]}] sorted by tag, entries in `runs` order.
export function runsByTag(tags, runs, tagMatches = () => true) {
  const byTag = new Map();
  for (const run of runs) {
    const perRun = tags?.[run];
    if (!perRun) continue;
    const list = Array.isArray(perRun) ? perRun.map((tag) => [tag, {}]) : Object.entries(perRun);
    for (const [tag, info] of list) {
      if (!tagMatches(tag)) continue;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({run, info: info || {}});
    }
  }
  return [...byTag.keys()]
      .sort((a, b) => a.localeCompare(b, undefined, {numeric: true}))
      .map((tag) => ({tag, entries: byTag.get(tag)}));
}

// Every card of a tag: one per run, and for images and audio one per sample index.
export function cardKeys(group, {samples = false} = {}) {
  const keys = [];
  for (const {run, info} of group.entries) {
    const count = samples ? Math.max(1, Number(info.samples) || 1) : 1;
    for (let sample = 0; sample < count; sample++) {
      keys.push({run, tag: group.tag, sample, samples: count, key: JSON.stringify([run, group.tag, sample])});
    }
  }
  return keys;
}

// Items sorted by step (the text route answers in reservoir order); a repeated step keeps
// the last one written.
export function byStep(items) {
  const last = new Map();
  for (const item of items || []) last.set(item.step, item);
  return [...last.values()].sort((a, b) => a.step - b.step);
}

// After new data arrives the slider stays on the step the user chose, or follows the newest
// step if it was on the newest one.
export function nextIndex(items, previousStep, wasLast) {
  if (!items.length) return -1;
  if (wasLast || previousStep === null || previousStep === undefined) return items.length - 1;
  const exact = items.findIndex((item) => item.step === previousStep);
  if (exact >= 0) return exact;
  let best = 0;
  for (let i = 0; i < items.length; i++) if (items[i].step <= previousStep) best = i;
  return best;
}

// Sections as TensorBoard users know them: tags grouped by the part before their first '/'
// ("samples/image/0" and "samples/image/1" share "samples"); a tag without '/' is its own.
// Returns [{name, groups: [...]}] in the order of `groups`.
export function sectionsOf(groups) {
  const sections = new Map();
  for (const group of groups) {
    const slash = group.tag.indexOf('/');
    const name = slash > 0 ? group.tag.slice(0, slash) : group.tag;
    if (!sections.has(name)) sections.set(name, {name, groups: []});
    sections.get(name).groups.push(group);
  }
  return [...sections.values()];
}
