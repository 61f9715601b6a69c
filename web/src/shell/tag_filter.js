// The tag filter above every dashboard: a case-insensitive regex over tag names.
import {el, icon, debounce} from '../lib/dom.js';
import {compileFilter} from '../lib/regex.js';

export function createTagFilter({onChange}) {
  let filter = compileFilter('');
  const input = el('input.filter-input', {type: 'search', placeholder: 'Filter tags (regex)',
    'aria-label': 'Filter tags by regular expression', spellcheck: 'false'});
  const notify = debounce(() => onChange(input.value), 150);
  input.addEventListener('input', () => {
    filter = compileFilter(input.value);
    input.classList.toggle('invalid', !filter.valid);
    input.title = filter.valid ? '' : 'Not a valid regular expression: matching as plain text';
    notify();
  });
  const element = el('div.filter-box.tag-filter', icon('search', 16), input);
  return {
    element,
    matches: (tag) => filter.test(tag),
    set(text) {
      input.value = text || '';
      filter = compileFilter(input.value);
      input.classList.toggle('invalid', !filter.valid);
    },
  };
}
