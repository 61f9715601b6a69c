// The selected session group's details: its hparams, and a chart per metric with one curve per
// session, read from metric_evals.
import {createLineChart} from '../charts/line_chart.js';
import {el} from './dom.js';
import {formatTime, formatValue} from './format.js';
import {STATUS_LABELS, metricKey, rowTitle, toNumber} from './model.js';
import {fetchMetricEvals} from './api.js';

// Returns {destroy()}. ctx for requests and run colours; row: the selected group.
export function renderDetails(node, ctx, row, metrics) {
  const charts = [];
  let alive = true;
  const session = row.sessions[0];
  const status = STATUS_LABELS[row.status] || 'Mixed';
  const facts = [
    ['group', row.name],
    ['sessions', row.sessions.map((s) => s.name).join(', ')],
    ['status', status],
  ];
  if (session?.startTimeSecs) facts.push(['started', formatTime(session.startTimeSecs)]);
  if (session?.endTimeSecs) facts.push(['ended', formatTime(session.endTimeSecs)]);
  const hparams = [...row.values.entries()].filter(([id]) => id.startsWith('h:'));
  const grid = el('div', {class: 'hp-curves'});
  node.replaceChildren(
      el('h3', {class: 'hp-detail-title', text: rowTitle(row)}),
      el('dl', {class: 'hp-facts'}, facts.flatMap(([k, v]) => [el('dt', {text: k}), el('dd', {text: v})])),
      el('div', {class: 'hp-chips'}, hparams.map(([id, v]) =>
        el('span', {class: 'hp-chip', text: id.slice(2) + ' = ' + formatValue(v)}))),
      grid);
  if (!metrics.some((m) => row.values.has(m.id))) {
    grid.appendChild(el('p', {class: 'hp-note', text: 'No metric values logged for this group.'}));
  }
  for (const metric of metrics.filter((m) => row.values.has(m.id))) {
    const title = el('div', {class: 'hp-curve-title', text: metric.label, title: metric.name});
    const box = el('div', {class: 'hp-curve', attrs: {'data-metric': metric.name}},
        [title, el('div', {class: 'hp-note', text: 'Loading…'})]);
    grid.appendChild(box);
    // Only sessions that reported the metric are asked, so no request ends in a 404.
    const sessions = row.sessions.filter((s) => (s.metricValues || []).some((mv) => metricKey(mv.name) === metric.name));
    Promise.allSettled(sessions.map((s) => fetchMetricEvals(ctx, s.name, metric.metricName))).then((results) => {
      if (!alive) return;
      const series = [];
      results.forEach((result, i) => {
        if (result.status !== 'fulfilled' || !Array.isArray(result.value) || !result.value.length) return;
        const points = result.value;
        series.push({
          key: sessions[i].name, label: sessions[i].name, color: ctx.color(sessions[i].name),
          x: points.map((p) => p[1]), y: points.map((p) => toNumber(p[2])),
          step: points.map((p) => p[1]), wall: points.map((p) => p[0]),
        });
      });
      if (!series.length) {
        box.replaceChildren(title, el('p', {class: 'hp-note', text: 'No values logged.'}));
        return;
      }
      // One value per session (a final metric) reads better as a number than as a lone dot.
      if (series.every((one) => one.x.length === 1)) {
        box.replaceChildren(title, ...series.map((one) => el('div', {class: 'hp-stat'}, [
          el('span', {class: 'hp-stat-value', text: formatValue(one.y[0])}),
          el('span', {class: 'hp-stat-step', text: 'step ' + one.x[0] + (series.length > 1 ? ' · ' + one.label : '')}),
        ])));
        return;
      }
      box.replaceChildren(title);
      const chart = createLineChart(box, {height: 190, xType: 'step', xLabel: 'step'});
      chart.setData(series);
      charts.push(chart);
    });
  }
  return {
    destroy() {
      alive = false;
      for (const chart of charts) chart.destroy();
    },
  };
}

export function detailsPlaceholder(node) {
  node.replaceChildren(el('p', {class: 'hp-note',
    text: 'Select a session group (a row, line or point) to see its metric curves here.'}));
}
