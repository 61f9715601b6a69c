// The dashboard's view in the URL (view, sort, selection, colour, filters, shown columns), so a
// link reproduces what the user sees.
import {parseFilters, serializeFilters} from './filters.js';

export const VIEWS = [['table', 'Table'], ['parallel', 'Parallel coordinates'], ['scatter', 'Scatter matrix']];

export function readState(ctx) {
  // Fallback '' keeps every value a string (the URL state types numeric text as numbers).
  const get = (key) => String(ctx.state.get(key, '') ?? '');
  const sortText = get('sort');
  let sort = null;
  if (sortText) {
    const desc = sortText.startsWith('-');
    sort = {column: desc ? sortText.slice(1) : sortText, desc};
  }
  let visible = null;
  try {
    const cols = get('cols');
    if (cols) visible = new Set(JSON.parse(cols));
  } catch {
    visible = null;
  }
  return {
    view: VIEWS.some(([v]) => v === get('view')) ? get('view') : 'table',
    sort,
    selected: get('sel') || null,
    colorBy: get('color') || null,
    filters: parseFilters(get('filters')),
    visible,
  };
}

export function writeState(ctx, s) {
  ctx.state.set('view', s.view, 'table');
  ctx.state.set('sort', s.sort ? (s.sort.desc ? '-' : '') + s.sort.column : '', '');
  ctx.state.set('sel', s.selected || '', '');
  ctx.state.set('color', s.colorBy || '', '');
  ctx.state.set('filters', serializeFilters(s.filters), '');
}
