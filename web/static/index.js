// The minimal page: lists runs and scalar tags, and reloads them when the event stream says
// the store changed. URLs are relative, so the page works under --path_prefix and
// /experiment/<id>/.
'use strict';

async function getJson(url) {
  const response = await fetch(url, {credentials: 'same-origin'});
  if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
  return response.json();
}

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

async function refresh() {
  try {
    const [runs, tags] = await Promise.all([
      getJson('data/runs'),
      getJson('data/plugin/scalars/tags'),
    ]);
    const list = document.getElementById('runs');
    list.replaceChildren(...runs.map((run) => {
      const item = document.createElement('li');
      item.textContent = run;
      return item;
    }));
    const body = document.querySelector('#tags tbody');
    const rows = [];
    for (const run of Object.keys(tags)) {
      for (const tag of Object.keys(tags[run])) {
        const row = document.createElement('tr');
        for (const text of [run, tag]) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.appendChild(cell);
        }
        rows.push(row);
      }
    }
    body.replaceChildren(...rows);
    setStatus(runs.length + ' runs, ' + rows.length + ' scalar tags');
  } catch (e) {
    setStatus('error: ' + e.message);
  }
}

function watch() {
  if (!window.EventSource) return;
  const events = new EventSource('data/tracker/events');
  let pending = null;
  events.onmessage = () => {
    // Changes come in bursts while a run is written: refresh at most every half second.
    if (pending === null) pending = setTimeout(() => { pending = null; refresh(); }, 500);
  };
}

document.addEventListener('DOMContentLoaded', () => {
  refresh();
  watch();
});
