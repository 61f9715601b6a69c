// The HParams tab against the real server: one table row per session group (checked against
// the server's own session_groups answer on three single-experiment logdirs), filters and
// sorting change the rows, parallel coordinates with brushing, the scatter matrix, the
// selected group's metric curves, both themes; no console errors, no request leaving the server.
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {startTracker, launchBrowser, openPage, screenshot, corpusDir} from './harness.mjs';
import {buildModel} from '../../src/hparams/model.js';
import {parseFilters, toColParams} from '../../src/hparams/filters.js';

const STATUSES = ['STATUS_FAILURE', 'STATUS_RUNNING', 'STATUS_SUCCESS', 'STATUS_UNKNOWN'];
let browser;

after(async () => {
  if (browser) await browser.close();
});

async function post(url, route, body) {
  const response = await fetch(url + 'data/plugin/hparams/' + route, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, route + ' ' + JSON.stringify(body));
  return response.json();
}

async function sessionGroups(url, {statuses = STATUSES, colParams = []} = {}) {
  const answer = await post(url, 'session_groups', {experimentName: '', allowedStatuses: statuses,
    colParams, includeMetrics: true, startIndex: 0, sliceSize: 100000});
  return answer.sessionGroups;
}

// The server answers while it is still loading the logdir: wait until the groups are there
// and have stopped changing before comparing the page with them.
async function loadedGroups(url) {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const groups = await sessionGroups(url);
    const key = JSON.stringify(groups);
    if (groups.length && key === last) return groups;
    last = key;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('session groups never settled');
}

// The page's filters, read back from its URL and asked of the server as colParams: the
// groups the server keeps must be the rows the page shows.
async function serverAgrees(page, url) {
  const item = new URL(page.url()).hash.split('&').find((part) => part.startsWith('hparams.filters='));
  const filters = parseFilters(item ? decodeURIComponent(item.slice('hparams.filters='.length)) : '');
  const experiment = await post(url, 'experiment', {experimentName: ''});
  const {columns} = buildModel(experiment, []);
  const groups = await sessionGroups(url, {statuses: filters.statuses, colParams: toColParams(columns, filters)});
  assert.deepEqual((await rowGroups(page)).sort(), groups.map((g) => g.name).sort(), 'page and server agree');
}

const rowGroups = (page) => page.$$eval('.hp-table tbody tr', (rows) => rows.map((r) => r.dataset.group));

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

async function withTracker(logdir, fn) {
  const tracker = await startTracker({logdir});
  try {
    // Launched once a tracker runs: playwright alone does not keep Node's event loop alive.
    browser ??= await launchBrowser();
    await fn(tracker);
  } finally {
    await tracker.stop();
  }
}

for (const name of ['hparams_tbx/trial_0', 'third_party/tf2_hparams_tutorial']) {
  test('one row per session group: ' + name, async () => {
    await withTracker(path.join(corpusDir, name), async (tracker) => {
      const groups = await loadedGroups(tracker.url);
      const page = await openPage(browser, tracker.url + '#hparams');
      await page.waitForSelector('.hp-table tbody tr', {timeout: 60000});
      assert.deepEqual((await rowGroups(page)).sort(), groups.map((g) => g.name).sort());
      assertClean(page);
      await page.close();
    });
  });
}

test('hparams tutorial: table, filters, sorting, parallel coordinates, scatter, curves', async () => {
  await withTracker(path.join(corpusDir, 'hparams_tutorial'), async (tracker) => {
    const groups = await loadedGroups(tracker.url);
    const page = await openPage(browser, tracker.url + '#hparams');
    await page.waitForSelector('.hp-table tbody tr', {timeout: 60000});

    // One row per session group, the same groups the server lists.
    assert.deepEqual((await rowGroups(page)).sort(), groups.map((g) => g.name).sort());
    const total = groups.length;
    const countText = () => page.textContent('.hp-count');
    assert.match(await countText(), new RegExp('^' + total + ' of ' + total));
    // Every hparam and metric has a column.
    const headers = await page.$$eval('.hp-table th', (ths) => ths.map((th) => th.dataset.column));
    for (const id of ['h:optimizer', 'h:dropout', 'h:num_units', 'm:accuracy', 'm:validation/epoch_accuracy']) {
      assert.ok(headers.includes(id), id + ' column');
    }
    await screenshot(page, 'hparams_table');

    // A discrete filter: untick "sgd".
    const withoutSgd = groups.filter((g) => g.hparams.optimizer !== 'sgd').map((g) => g.name).sort();
    await page.locator('.hp-col[data-column="h:optimizer"] label', {hasText: 'sgd'}).locator('input').uncheck();
    assert.deepEqual((await rowGroups(page)).sort(), withoutSgd);
    assert.match(await countText(), new RegExp('^' + withoutSgd.length + ' of ' + total));

    // A numeric range on top of it.
    const range = withoutSgd.filter((name) => groups.find((g) => g.name === name).hparams.dropout >= 0.2);
    await page.fill('.hp-col[data-column="h:dropout"] input[data-bound="min"]', '0.2');
    assert.deepEqual((await rowGroups(page)).sort(), range.sort());
    await serverAgrees(page, tracker.url);

    // Status: hiding failures drops the failed session.
    await page.click('button:has-text("Reset filters")');
    assert.equal((await rowGroups(page)).length, total);
    await page.locator('input[data-status="STATUS_FAILURE"]').uncheck();
    const failed = groups.filter((g) => g.sessions.every((s) => s.status === 'STATUS_FAILURE')).length;
    assert.ok(failed > 0);
    assert.equal((await rowGroups(page)).length, total - failed);
    await serverAgrees(page, tracker.url);
    // A metric range.
    await page.locator('input[data-status="STATUS_FAILURE"]').check();
    const accuracy = (g) => g.metricValues.find((m) => m.name.tag === 'accuracy' && !m.name.group)?.value;
    const good = groups.filter((g) => accuracy(g) === undefined || accuracy(g) >= 0.9).length;
    await page.fill('.hp-col[data-column="m:accuracy"] input[data-bound="min"]', '0.9');
    assert.equal((await rowGroups(page)).length, good);
    assert.ok(good < total);
    await serverAgrees(page, tracker.url);
    await page.click('button:has-text("Reset filters")');

    // Hiding a column in the panel removes it from the table; ticking it brings it back.
    await page.locator('.hp-col[data-column="h:batch_norm"] .hp-col-head input').uncheck();
    assert.equal(await page.$$eval('.hp-table th[data-column="h:batch_norm"]', (t) => t.length), 0);
    await page.locator('.hp-col[data-column="h:batch_norm"] .hp-col-head input').check();
    assert.equal(await page.$$eval('.hp-table th[data-column="h:batch_norm"]', (t) => t.length), 1);

    // Unticking every run in the sidebar hides every group; ticking them brings them back.
    await page.click('button.link-button:has-text("None")');
    await page.waitForFunction(() => !document.querySelector('.hp-table tbody tr'));
    assert.match(await countText(), /hidden by the run selection/);
    await page.click('button.link-button:has-text("All")');
    await page.waitForFunction((n) => document.querySelectorAll('.hp-table tbody tr').length === n, total);

    // Sorting by a header, then the other way.
    const dropoutCells = () => page.$$eval('.hp-table tbody tr', (rows) => rows.map((r) => {
      const index = [...r.closest('table').querySelectorAll('th')].findIndex((th) => th.dataset.column === 'h:dropout');
      return Number(r.children[index].textContent);
    }));
    await page.click('.hp-table th[data-column="h:dropout"]');
    const ascending = await dropoutCells();
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
    await page.click('.hp-table th[data-column="h:dropout"]');
    const descending = await dropoutCells();
    assert.deepEqual(descending, [...ascending].sort((a, b) => b - a));
    assert.match(page.url(), /hparams\.sort=-h:dropout/);

    // Selecting a row shows its metric curves.
    const first = (await rowGroups(page))[0];
    await page.click(`.hp-table tbody tr[data-group="${first}"]`);
    await page.waitForSelector('.hp-curve canvas', {timeout: 15000});
    assert.equal(await page.$$eval('.hp-curve', (c) => c.length), 4, 'a chart per metric');
    // The final accuracy is one value: shown as a number.
    await page.waitForSelector('.hp-curve[data-metric="accuracy"] .hp-stat-value');
    await page.$eval('.hp-detail', (node) => node.scrollIntoView());
    await screenshot(page, 'hparams_curves');

    // Parallel coordinates: a line per group, an axis per shown column.
    await page.click('.hp-tab[data-view="parallel"]');
    await page.waitForSelector('.hp-parallel path.hp-line');
    assert.equal(await page.$$eval('.hp-parallel path.hp-line', (p) => p.length), total);
    const axes = await page.$$eval('.hp-parallel .hp-axis', (a) => a.length);
    assert.equal(axes, headers.length - 2);
    const drawn = await page.$$eval('.hp-parallel path.hp-line', (paths) => paths.filter((p) => p.getTotalLength() > 100).length);
    assert.equal(drawn, total);
    // Hovering a line names its group; a click selects it.
    // Halfway between the first two axes, away from the brush areas around each axis.
    const point = await page.$eval('.hp-parallel path.hp-hit', (path) => {
      const box = path.ownerSVGElement.getBoundingClientRect();
      const [a, b] = path.getAttribute('d').slice(1).split('L').map((xy) => xy.split(',').map(Number));
      return {x: box.left + (a[0] + b[0]) / 2, y: box.top + (a[1] + b[1]) / 2};
    });
    await page.mouse.move(point.x, point.y);
    await page.waitForSelector('.hp-tooltip:not([hidden])');
    assert.ok((await page.textContent('.hp-tooltip')).length > 0);
    await screenshot(page, 'hparams_parallel');

    // Brushing the top part of the dropout axis keeps only the high-dropout groups.
    const overlay = await page.locator('.hp-axis[data-column="h:dropout"] .hp-brush-overlay').boundingBox();
    const x = overlay.x + overlay.width / 2;
    await page.mouse.move(x, overlay.y + 4);
    await page.mouse.down();
    await page.mouse.move(x, overlay.y + overlay.height * 0.3, {steps: 4});
    await page.mouse.up();
    const faded = await page.$$eval('.hp-parallel path.hp-line.hp-faded', (p) => p.length);
    assert.ok(faded > 0 && faded < total, 'brushing fades some lines: ' + faded);
    assert.match(await countText(), new RegExp('^' + (total - faded) + ' of ' + total));
    const min = Number(await page.inputValue('.hp-col[data-column="h:dropout"] input[data-bound="min"]'));
    const kept = groups.filter((g) => g.hparams.dropout >= min).length;
    assert.equal(total - faded, kept, 'the brush and the sidebar range agree');
    await screenshot(page, 'hparams_parallel_brushed');
    // A click on the axis clears the brush.
    await page.mouse.click(x, overlay.y + overlay.height * 0.8);
    assert.equal(await page.$$eval('.hp-parallel path.hp-line.hp-faded', (p) => p.length), 0);

    // Scatter matrix: metrics × hparams.
    await page.click('.hp-tab[data-view="scatter"]');
    await page.waitForSelector('.hp-matrix svg.hp-cell');
    const metrics = headers.filter((h) => h?.startsWith('m:')).length;
    const hparams = headers.filter((h) => h?.startsWith('h:')).length;
    assert.equal(await page.$$eval('.hp-matrix svg.hp-cell', (c) => c.length), metrics * hparams);
    assert.ok(await page.$$eval('.hp-matrix circle.hp-dot', (c) => c.length) > 0);
    await screenshot(page, 'hparams_scatter');

    // The view, sort and selection live in the URL: a reload comes back to them.
    await page.reload({waitUntil: 'load'});
    await page.waitForSelector('.hp-matrix svg.hp-cell', {state: 'attached', timeout: 60000});
    await page.waitForSelector('.hp-curve canvas', {state: 'attached', timeout: 60000});

    // Dark theme.
    await page.emulateMedia({colorScheme: 'dark'});
    await page.click('.hp-tab[data-view="parallel"]');
    await page.waitForSelector('.hp-parallel path.hp-line');
    await page.waitForTimeout(300);
    await screenshot(page, 'hparams_parallel_dark');
    assertClean(page);
    await page.close();
  });
});
