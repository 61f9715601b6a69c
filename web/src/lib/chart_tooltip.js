// The chart tooltip: one floating table, shared by every chart (only the chart under the
// mouse shows it), listing each series' value at the cursor, nearest line highlighted.
import {formatDuration, formatStep, formatValue} from './format.js';

const MAX_ROWS = 16;
let shared = null;

function tooltipElement() {
  if (shared && shared.isConnected) return shared;
  shared = document.createElement('div');
  shared.className = 'chart-tooltip';
  shared.setAttribute('role', 'tooltip');
  shared.hidden = true;
  document.body.appendChild(shared);
  return shared;
}

function cell(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function createTooltip() {
  return {
    // rows: [{color, label, value, smoothed, step, time, sortValue, distance}]
    show({rows, title, anchor, smoothed}) {
      const element = tooltipElement();
      if (!rows.length) {
        element.hidden = true;
        return;
      }
      const nearest = rows.reduce((a, b) => (b.distance < a.distance ? b : a), rows[0]);
      const sorted = [...rows].sort((a, b) => b.sortValue - a.sortValue);
      const table = document.createElement('table');
      const head = document.createElement('tr');
      head.append(cell('th', ''), cell('th', 'Run'));
      if (smoothed) head.append(cell('th', 'Smoothed', 'num'));
      head.append(cell('th', 'Value', 'num'), cell('th', 'Step', 'num'),
          cell('th', 'Relative', 'num'));
      table.append(head);
      for (const row of sorted.slice(0, MAX_ROWS)) {
        const tr = document.createElement('tr');
        if (row === nearest) tr.className = 'nearest';
        const swatch = cell('td', '', 'swatch-cell');
        const dot = document.createElement('span');
        dot.className = 'swatch';
        dot.style.backgroundColor = row.color;
        swatch.append(dot);
        tr.append(swatch, cell('td', row.label, 'label'));
        if (smoothed) tr.append(cell('td', formatValue(row.smoothed), 'num'));
        tr.append(cell('td', formatValue(row.value), 'num'),
            cell('td', formatStep(row.step), 'num'),
            cell('td', row.time === null ? '–' : formatDuration(row.time), 'num'));
        table.append(tr);
      }
      const children = [cell('div', title, 'tooltip-title'), table];
      if (sorted.length > MAX_ROWS) {
        children.push(cell('div', `+${sorted.length - MAX_ROWS} more`, 'tooltip-more'));
      }
      element.replaceChildren(...children);
      element.hidden = false;
      // Right of the cursor, or left when it would leave the window; clamped vertically.
      const width = element.offsetWidth;
      const height = element.offsetHeight;
      let x = anchor.x + 16;
      if (x + width > window.innerWidth - 8) x = anchor.x - width - 16;
      let y = anchor.y - height / 2;
      y = Math.max(8, Math.min(y, window.innerHeight - height - 8));
      element.style.left = `${Math.max(8, x)}px`;
      element.style.top = `${y}px`;
    },
    hide() {
      if (shared) shared.hidden = true;
    },
  };
}
