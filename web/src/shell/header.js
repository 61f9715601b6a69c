// The top bar: name, one tab per active dashboard, the live indicator, reload and settings.
import {el, icon} from '../lib/dom.js';

const LIVE_TEXT = {
  connecting: ['Connecting…', 'Opening the live update stream'],
  live: ['Live', 'Charts update as new events are written'],
  offline: ['Offline', 'Lost the connection to the server; retrying'],
};

// Names for tabs whose tab_name is just the plugin key.
const TAB_LABELS = {hparams: 'HParams', pr_curves: 'PR Curves', custom_scalars: 'Custom Scalars'};

export function tabLabel(plugin, tabName) {
  if (TAB_LABELS[plugin]) return TAB_LABELS[plugin];
  const name = tabName || plugin;
  return name === name.toLowerCase() ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

export function createHeader({onTab, onReload, onSettings}) {
  const tabs = el('nav.tabs', {'aria-label': 'Dashboards', role: 'tablist'});
  const liveDot = el('span.live-dot');
  const liveText = el('span.live-text', {text: LIVE_TEXT.connecting[0]});
  const live = el('span.live', {role: 'status', title: LIVE_TEXT.connecting[1]}, liveDot, liveText);
  live.dataset.status = 'connecting';
  const reload = el('button.icon-button.reload', {type: 'button', title: 'Reload data',
    'aria-label': 'Reload data', onclick: () => onReload()}, icon('reload'));
  const settings = el('button.icon-button.settings-button', {type: 'button', title: 'Settings',
    'aria-label': 'Settings', 'aria-haspopup': 'dialog',
    onclick: (event) => onSettings(event.currentTarget)}, icon('settings'));
  const brand = el('a.brand', {href: '#', title: 'tracker'},
      el('span.brand-mark', {'aria-hidden': 'true'}), el('span.brand-name', {text: 'tracker'}));
  brand.addEventListener('click', (event) => {
    event.preventDefault();
  });
  const title = el('span.window-title');
  const element = el('header.app-header', brand, title, tabs, el('span.spacer'), live, reload,
      settings);

  return {
    element,
    setTitle(text) {
      title.textContent = text || '';
      title.hidden = !text;
    },
    // items: [{plugin, label}]
    setTabs(items, active) {
      tabs.replaceChildren(...items.map(({plugin, label}) => {
        const tab = el('button.tab', {type: 'button', role: 'tab', text: label,
          dataset: {plugin}, onclick: () => onTab(plugin)});
        tab.setAttribute('aria-selected', String(plugin === active));
        return tab;
      }));
    },
    setActive(active) {
      for (const tab of tabs.children) {
        tab.setAttribute('aria-selected', String(tab.dataset.plugin === active));
      }
    },
    setLive(status) {
      const [text, tip] = LIVE_TEXT[status] || LIVE_TEXT.offline;
      live.dataset.status = status;
      liveText.textContent = text;
      live.title = tip;
    },
    // A short pulse of the dot when a change arrives, so "live" visibly means something.
    pulse() {
      liveDot.classList.remove('pulse');
      void liveDot.offsetWidth;
      liveDot.classList.add('pulse');
    },
    setReloading(busy) {
      reload.classList.toggle('spinning', busy);
    },
  };
}
