// The run list: a checkbox and a colour per run, a regex filter, select all/none (of the runs
// the filter shows), and groups when the logdir spec names several directories.
import {el, icon} from '../lib/dom.js';
import {compileFilter} from '../lib/regex.js';
import {groupRuns} from './run_groups.js';

export function createRunSidebar({color, onSelection, onFilter}) {
  let runs = [];
  let names = [];
  let selected = new Set();
  let filterText = '';
  let filter = compileFilter('');
  const collapsed = new Set();

  const input = el('input.filter-input', {type: 'search', placeholder: 'Filter runs (regex)',
    'aria-label': 'Filter runs by regular expression', spellcheck: 'false'});
  input.addEventListener('input', () => {
    filterText = input.value;
    filter = compileFilter(filterText);
    input.classList.toggle('invalid', !filter.valid);
    input.title = filter.valid ? '' : 'Not a valid regular expression: matching as plain text';
    render();
    onFilter(filterText);
  });
  const summary = el('span.run-summary');
  const all = el('button.link-button', {type: 'button', text: 'All',
    title: 'Select every run the filter shows', onclick: () => setVisible(true)});
  const none = el('button.link-button', {type: 'button', text: 'None',
    title: 'Clear every run the filter shows', onclick: () => setVisible(false)});
  const list = el('div.run-list', {role: 'list'});
  const element = el('aside.sidebar', {'aria-label': 'Runs'},
      el('div.filter-box', icon('search', 16), input),
      el('div.run-actions', summary, el('span.spacer'), all, el('span.sep', {text: '·'}), none),
      list);

  function visibleRuns() {
    return runs.filter((run) => filter.test(run));
  }

  function setVisible(value) {
    for (const run of visibleRuns()) {
      if (value) selected.add(run);
      else selected.delete(run);
    }
    render();
    onSelection(new Set(selected));
  }

  function toggle(run, value) {
    if (value) selected.add(run);
    else selected.delete(run);
    render();
    onSelection(new Set(selected));
  }

  function solo(run) {
    selected = new Set([run]);
    render();
    onSelection(new Set(selected));
  }

  // "a/b/train" shows as a dimmed "a/b/" that gives way first and a "train" that stays: the
  // end of a run name is what tells runs apart.
  function runLabel(label) {
    const slash = label.lastIndexOf('/', label.length - 2);
    const name = el('span.run-name', {title: label});
    if (slash > 0) {
      name.append(el('span.run-prefix', {text: label.slice(0, slash + 1)}),
          el('span.run-leaf', {text: label.slice(slash + 1)}));
    } else {
      name.append(el('span.run-leaf', {text: label}));
    }
    return name;
  }

  function runRow(run, label) {
    const box = el('input', {type: 'checkbox', checked: selected.has(run),
      'aria-label': run});
    box.addEventListener('change', () => toggle(run, box.checked));
    const swatch = el('span.swatch');
    swatch.style.backgroundColor = color(run);
    const row = el('label.run-row', {role: 'listitem', title: run}, box, swatch,
        runLabel(label),
        el('button.only', {type: 'button', text: 'only', title: 'Show only this run',
          onclick: (event) => {
            event.preventDefault();
            solo(run);
          }}));
    row.classList.toggle('off', !selected.has(run));
    return row;
  }

  function groupHeader(group, visible) {
    const ticked = visible.filter((run) => selected.has(run)).length;
    const box = el('input', {type: 'checkbox', checked: ticked === visible.length && ticked > 0,
      'aria-label': `All runs of ${group.name}`});
    box.indeterminate = ticked > 0 && ticked < visible.length;
    box.addEventListener('change', () => {
      for (const run of visible) {
        if (box.checked) selected.add(run);
        else selected.delete(run);
      }
      render();
      onSelection(new Set(selected));
    });
    const open = !collapsed.has(group.name);
    const toggleButton = el('button.group-toggle', {type: 'button',
      'aria-expanded': String(open), title: open ? 'Collapse' : 'Expand',
      onclick: () => {
        if (collapsed.has(group.name)) collapsed.delete(group.name);
        else collapsed.add(group.name);
        render();
      }}, icon('chevron', 16), el('span', {text: group.name}));
    return el('div.group-header', box, toggleButton,
        el('span.count', {text: `${ticked}/${visible.length}`}));
  }

  function render() {
    const visible = visibleRuns();
    const ticked = runs.filter((run) => selected.has(run) && filter.test(run)).length;
    all.hidden = none.hidden = element.querySelector('.sep').hidden = !runs.length;
    summary.textContent = runs.length ?
        `${ticked} of ${visible.length}${visible.length < runs.length ? ` shown (${runs.length})` : ''} runs` :
        'No runs';
    const rows = [];
    for (const group of groupRuns(visible, names)) {
      if (group.name) {
        rows.push(groupHeader(group, group.runs));
        if (collapsed.has(group.name)) continue;
      }
      for (const run of group.runs) {
        const label = group.name && run !== group.name ? run.slice(group.name.length + 1) : run;
        rows.push(runRow(run, label));
      }
    }
    if (runs.length && !visible.length) {
      rows.push(el('p.muted', {text: 'No run matches the filter.'}));
    }
    list.replaceChildren(...rows);
  }

  return {
    element,
    // runs: in /data/runs order; groupNames: logdir names (may be empty).
    setRuns(nextRuns, groupNames = []) {
      runs = nextRuns;
      names = groupNames;
      render();
    },
    setSelection(nextSelected) {
      selected = new Set(nextSelected);
      render();
    },
    setFilter(text) {
      filterText = text || '';
      filter = compileFilter(filterText);
      input.value = filterText;
      input.classList.toggle('invalid', !filter.valid);
      render();
    },
    filter: () => filter,
  };
}
