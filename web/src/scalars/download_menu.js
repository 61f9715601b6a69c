// A card's download menu: every series in one CSV or JSON built in the page (full resolution,
// from the batch route), or one run at a time through TensorBoard's own CSV/JSON route.
import {el, icon} from '../lib/dom.js';
import {buildCsv, buildJson, fileName, saveText} from '../lib/download.js';

let openMenu = null;

function closeOpenMenu() {
  if (openMenu) openMenu.hidden = true;
  openMenu = null;
}

document.addEventListener('mousedown', (event) => {
  if (openMenu && !openMenu.parentElement.contains(event.target)) closeOpenMenu();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeOpenMenu();
});

// series(): [{run, tag, label}]; loadFull(series) -> [{wall, step, value} columns | {error}]
export function createDownloadMenu({title, series, loadFull, api}) {
  const menu = el('div.menu', {role: 'menu', hidden: true});
  const button = el('button.icon-button.small', {type: 'button', title: 'Download data',
    'aria-label': 'Download data', 'aria-haspopup': 'menu'}, icon('download', 16));

  async function saveAll(format) {
    closeOpenMenu();
    const list = series();
    const loaded = await loadFull(list);
    const byLabel = {};
    loaded.forEach((entry, k) => {
      if (entry.error) return;
      const rows = [];
      for (let i = 0; i < entry.step.length; i++) {
        rows.push([entry.wall[i], entry.step[i], entry.value[i]]);
      }
      byLabel[list[k].label] = rows;
    });
    if (format === 'csv') saveText(buildCsv(byLabel), fileName(title) + '.csv', 'text/csv');
    else saveText(buildJson(byLabel), fileName(title) + '.json', 'application/json');
  }

  function runLink(entry, format) {
    const params = new URLSearchParams({run: entry.run, tag: entry.tag});
    if (format === 'csv') params.set('format', 'csv');
    return el('a.menu-link', {href: api.url(`/data/plugin/scalars/scalars?${params}`),
      download: `${fileName(entry.run, entry.tag)}.${format}`, text: format.toUpperCase(),
      role: 'menuitem', onclick: closeOpenMenu});
  }

  function render() {
    const list = series();
    const items = [
      el('div.menu-heading', {text: `All ${list.length} series, every point`}),
      el('div.menu-row',
          el('button.menu-link', {type: 'button', role: 'menuitem', text: 'CSV',
            onclick: () => saveAll('csv')}),
          el('button.menu-link', {type: 'button', role: 'menuitem', text: 'JSON',
            onclick: () => saveAll('json')})),
    ];
    if (list.length) items.push(el('div.menu-heading', {text: 'One run (TensorBoard format)'}));
    for (const entry of list) {
      items.push(el('div.menu-row',
          el('span.menu-label', {text: entry.label, title: `${entry.run} · ${entry.tag}`}),
          runLink(entry, 'csv'), runLink(entry, 'json')));
    }
    menu.replaceChildren(...items);
  }

  button.addEventListener('click', () => {
    const wasOpen = openMenu === menu;
    closeOpenMenu();
    if (wasOpen) return;
    render();
    menu.hidden = false;
    openMenu = menu;
  });

  return el('div.menu-anchor', button, menu);
}
