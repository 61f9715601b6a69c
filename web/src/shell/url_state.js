// The view lives in the URL hash, so a link reproduces it:
//   #scalars&runFilter=train&run=a&run=b&tagFilter=loss&scalars.smoothing=0.8
// The first item is the tab. Run selection is absent (every run), `run=` items (only these;
// one empty `run=` means none) or `hide=` items (every run but these), whichever is shorter.
// Dashboard keys are "<plugin>.<key>" so each tab keeps its own settings.

const GLOBAL_KEYS = ['runFilter', 'tagFilter'];

export function parseHash(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const state = {tab: '', runFilter: '', tagFilter: '', selection: {mode: 'all', runs: []},
    values: {}};
  if (!text) return state;
  const items = text.split('&');
  if (items[0] && !items[0].includes('=')) state.tab = decode(items.shift());
  const only = [];
  const hide = [];
  for (const item of items) {
    if (!item) continue;
    const eq = item.indexOf('=');
    const key = decode(eq < 0 ? item : item.slice(0, eq));
    const value = eq < 0 ? '' : decode(item.slice(eq + 1));
    if (key === 'run') only.push(value);
    else if (key === 'hide') hide.push(value);
    else if (GLOBAL_KEYS.includes(key)) state[key] = value;
    else state.values[key] = value;
  }
  if (only.length) state.selection = {mode: 'only', runs: only.filter((run) => run !== '')};
  else if (hide.length) state.selection = {mode: 'except', runs: hide};
  return state;
}

export function formatHash(state) {
  const items = [];
  if (state.tab) items.push(encode(state.tab));
  for (const key of GLOBAL_KEYS) {
    if (state[key]) items.push(`${key}=${encode(state[key])}`);
  }
  const selection = state.selection || {mode: 'all'};
  if (selection.mode === 'only') {
    if (!selection.runs.length) items.push('run=');
    for (const run of selection.runs) items.push(`run=${encode(run)}`);
  } else if (selection.mode === 'except') {
    for (const run of selection.runs) items.push(`hide=${encode(run)}`);
  }
  for (const key of Object.keys(state.values || {}).sort()) {
    const value = state.values[key];
    if (value === undefined || value === null || value === '') continue;
    items.push(`${encode(key)}=${encode(String(value))}`);
  }
  return items.length ? '#' + items.join('&') : '';
}

// The selection as the shortest of the three forms, given every run and the ticked ones.
export function selectionFor(allRuns, selectedSet) {
  const selected = allRuns.filter((run) => selectedSet.has(run));
  if (selected.length === allRuns.length) return {mode: 'all', runs: []};
  const hidden = allRuns.filter((run) => !selectedSet.has(run));
  if (hidden.length < selected.length) return {mode: 'except', runs: hidden};
  return {mode: 'only', runs: selected};
}

export function isSelected(selection, run) {
  if (selection.mode === 'only') return selection.runs.includes(run);
  if (selection.mode === 'except') return !selection.runs.includes(run);
  return true;
}

// Values come back typed: as the type of `fallback` when one is given, else "true"/"false"
// as booleans, numeric text as numbers, anything else as the string.
export function readValue(text, fallback) {
  if (text === undefined) return fallback;
  if (typeof fallback === 'number') {
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? number : fallback;
  }
  if (typeof fallback === 'boolean') return text === 'true' || text === '1';
  if (typeof fallback === 'string') return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text !== '' && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  return text;
}

// Keeps the characters a hash may hold readable (/, :, @, space as %20).
function encode(text) {
  return encodeURIComponent(text).replace(/%2F/gi, '/').replace(/%3A/gi, ':')
      .replace(/%40/g, '@').replace(/%2C/gi, ',');
}

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

// The live store: the parsed hash plus listeners. Writes replace the history entry except
// tab changes, which push one so Back returns to the previous tab.
export function createUrlState(win = window) {
  let state = parseHash(win.location.hash);
  const listeners = new Set();

  function write(push) {
    const hash = formatHash(state);
    const url = win.location.pathname + win.location.search + hash;
    if (url === win.location.pathname + win.location.search + win.location.hash) return;
    if (push) win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
  }

  win.addEventListener('hashchange', () => {
    state = parseHash(win.location.hash);
    for (const listener of listeners) listener(state);
  });
  win.addEventListener('popstate', () => {
    const next = parseHash(win.location.hash);
    if (formatHash(next) === formatHash(state)) return;
    state = next;
    for (const listener of listeners) listener(state);
  });

  return {
    get: () => state,
    // patch: {tab?, runFilter?, tagFilter?, selection?}
    update(patch, {push = false} = {}) {
      state = {...state, ...patch};
      write(push);
    },
    getValue(key, fallback) {
      return readValue(state.values[key], fallback);
    },
    setValue(key, value, fallback) {
      const values = {...state.values};
      if (value === undefined || value === null || value === fallback) delete values[key];
      else values[key] = String(value);
      state = {...state, values};
      write(false);
    },
    // Called when the user navigates (a pasted link, Back): the shell re-reads everything.
    onExternalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
