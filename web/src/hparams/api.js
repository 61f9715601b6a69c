// The hparams plugin's three POST routes. Bodies are protobuf-JSON requests.
const BASE = '/data/plugin/hparams/';
import {STATUSES} from './model.js';

function post(ctx, route, request) {
  return ctx.api.json(BASE + route, {method: 'POST', body: request});
}

export function fetchExperiment(ctx) {
  return post(ctx, 'experiment', {experimentName: '', includeMetrics: true});
}

// Every group with its metric values; filtering and sorting happen in the page so brushing
// answers at once.
export function fetchSessionGroups(ctx) {
  return post(ctx, 'session_groups', {
    experimentName: '',
    allowedStatuses: STATUSES,
    colParams: [],
    includeMetrics: true,
    startIndex: 0,
    sliceSize: 1000000,
  });
}

// [[wall_time, step, value], ...] of one metric of one session.
export function fetchMetricEvals(ctx, sessionName, metricName) {
  return post(ctx, 'metric_evals', {
    experimentName: '',
    sessionName,
    metricName: {group: metricName.group || '', tag: metricName.tag},
  });
}
