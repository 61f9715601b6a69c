// Cards of one (tag, run) each, as the histogram and distribution tabs show them.
import {el} from '../lib/dom.js';
import {compareTags} from './groups.js';
import {expandButton} from './expand_button.js';

// Card heading for one (tag, run): the tag, and below it the run with its colour.
export function tagRunHeader(head, item, env) {
  const swatch = el('span.swatch');
  swatch.style.backgroundColor = env.ctx.color(item.run);
  head.replaceChildren(
      el('div.hist-card-heading',
          el('h3.card-title', {text: item.tag, title: item.tag}),
          el('div.hist-card-run', swatch, el('span', {text: item.run, title: item.run}))),
      expandButton());
}

// Cards per (tag, run) for the selected runs and filtered tags, tag-major like TensorBoard.
export function tagRunItems(index, env) {
  const {ctx} = env;
  const tags = new Map();
  for (const run of ctx.selectedRuns()) {
    for (const tag of Object.keys(index[run] || {})) {
      if (!ctx.tagMatches(tag)) continue;
      if (!tags.has(tag)) tags.set(tag, []);
      tags.get(tag).push(run);
    }
  }
  const items = [];
  for (const tag of [...tags.keys()].sort(compareTags)) {
    for (const run of tags.get(tag)) items.push({key: `${tag}\u0000${run}`, tag, run});
  }
  return items;
}
