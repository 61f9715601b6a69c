// The histograms, distributions and PR-curves tabs against the real server and corpus: cards
// with drawn canvases, the offset/overlay toggle redrawing, hover readouts, no console errors
// and no request leaving the server.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startTracker, openPage, screenshot, corpusDir, useCorpusServer} from './harness.mjs';

const server = useCorpusServer();

// Per canvas: how many pixels are painted, and a checksum that changes when the drawing does.
function canvasStats(page, selector) {
  return page.$$eval(selector, (canvases) => canvases.map((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]) painted++;
      sum = (sum * 31 + data[i] + data[i + 1] * 3 + data[i + 2] * 7 + data[i + 3]) % 1000000007;
    }
    return {painted, sum, width: c.width, height: c.height};
  }));
}

// Waits until the first `count` canvases under `selector` have something drawn on them.
async function waitForDrawn(page, selector, count = 1) {
  await page.waitForFunction(([sel, n]) => {
    const canvases = [...document.querySelectorAll(sel)].slice(0, n);
    if (canvases.length < n) return false;
    return canvases.every((c) => {
      if (!c.width || !c.height) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 16) if (d[i]) return true;
      return false;
    });
  }, [selector, count], {timeout: 15000});
}

async function hoverCanvas(page, selector, fx, fy) {
  const box = await page.locator(selector).first().boundingBox();
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
}

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

test('histograms: ridge-line cards, offset/overlay toggle, hover readout', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#histograms');
  try {
    await page.waitForSelector('.hist-histograms .card');
    const cards = await page.$$eval('.hist-histograms .card', (els) => els.map((e) => e.textContent));
    assert.ok(cards.some((t) => t.includes('weights/dense_1') && t.includes('mnist_tbx/train')), 'a card per (tag, run)');
    const sections = await page.$$eval('.hist-section-name', (els) => els.map((e) => e.textContent));
    assert.ok(sections.includes('weights') && sections.includes('conv1'), 'grouped by tag prefix');

    await waitForDrawn(page, '.hist-histograms canvas', 2);
    const offset = await canvasStats(page, '.hist-histograms canvas');
    assert.ok(offset[0].painted > 2000, 'the offset view draws pixels');
    assert.ok(offset[0].width >= 300, 'canvas sized to its card');
    assert.equal(await page.getAttribute('.segmented button[data-value=offset]', 'aria-checked'), 'true');
    await screenshot(page, 'histograms-offset');

    await hoverCanvas(page, '.hist-histograms canvas', 0.45, 0.8);
    await page.waitForSelector('.hist-tooltip:not([hidden])');
    const readout = await page.textContent('.hist-tooltip:not([hidden])');
    assert.match(readout, /Step \d/);
    assert.match(readout, /count/);
    await screenshot(page, 'histograms-hover');
    await page.mouse.move(2, 2);

    await page.click('.segmented button[data-value=overlay]');
    await page.waitForFunction(() => location.hash.includes('histograms.mode=overlay'));
    await page.waitForTimeout(100);
    const overlay = await canvasStats(page, '.hist-histograms canvas');
    assert.ok(overlay[0].painted > 1000, 'the overlay view draws pixels');
    assert.notEqual(overlay[0].sum, offset[0].sum, 'the toggle changes the drawing');
    await screenshot(page, 'histograms-overlay');

    // Collapsing a group hides its cards.
    await page.click('.hist-root .section-toggle');
    assert.equal(await page.getAttribute('.hist-root .section-toggle', 'aria-expanded'), 'false');
    assert.equal(await page.locator('.hist-root .tag-section').first().locator('.card-grid').isVisible(), false);
    assert.match(await page.evaluate(() => location.hash), /histograms\.closed=/);
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('histograms: overlay mode from the link, tag filter that matches nothing', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#histograms&tagFilter=no_such_tag_xyz');
  try {
    await page.waitForSelector('.hist-root .empty-state');
    assert.match(await page.textContent('.hist-root .empty-state'), /No tags match/);
    await page.goto(server.tracker.url + '#histograms&histograms.mode=overlay&tagFilter=weights');
    await page.reload();
    await waitForDrawn(page, '.hist-histograms canvas', 1);
    assert.equal(await page.getAttribute('.segmented button[data-value=overlay]', 'aria-checked'), 'true');
    const titles = await page.$$eval('.hist-root .card-title', (els) => els.map((e) => e.textContent));
    assert.ok(titles.length > 0 && titles.every((t) => /weights/.test(t)), 'only filtered tags');

    // Run selection from the sidebar: only one run's cards, then none.
    await page.hover('.run-row[title="mnist_tbx/train"]');
    await page.click('.run-row[title="mnist_tbx/train"] .only');
    await page.waitForFunction(() => [...document.querySelectorAll('.hist-card-run')].every((e) => e.textContent === 'mnist_tbx/train'));
    assert.equal(await page.locator('.hist-root .card').count(), 2, 'weights/dense_1 and weights/dense_2');
    await page.click('.run-row[title="mnist_tbx/train"] input');
    await page.waitForSelector('.hist-root .empty-state');
    assert.match(await page.textContent('.hist-root .empty-state'), /No runs selected/);
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('distributions: percentile bands per (tag, run), axis toggle, hover readout', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#distributions');
  try {
    await waitForDrawn(page, '.hist-distributions canvas', 2);
    const stats = await canvasStats(page, '.hist-distributions canvas');
    assert.ok(stats[0].painted > 2000, 'bands are drawn');
    await screenshot(page, 'distributions');
    await hoverCanvas(page, '.hist-distributions canvas', 0.5, 0.5);
    await page.waitForSelector('.hist-tooltip:not([hidden])');
    const readout = await page.textContent('.hist-tooltip:not([hidden])');
    for (const label of ['max', 'median', 'min', '93.32%', '6.68%']) assert.ok(readout.includes(label), label);
    await screenshot(page, 'distributions-hover');
    await page.mouse.move(2, 2);
    await page.click('.segmented button[data-value=relative]');
    await page.waitForTimeout(100);
    const relative = await canvasStats(page, '.hist-distributions canvas');
    assert.notEqual(relative[0].sum, stats[0].sum, 'the axis toggle changes the drawing');
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('PR curves: a card per tag, step sliders per run, hover readout', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#pr_curves');
  try {
    await waitForDrawn(page, '.hist-pr canvas', 2);
    const titles = await page.$$eval('.hist-root .card-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(titles.sort(), ['pr/cat_vs_rest', 'pr/class_1']);
    const sliders = await page.$$eval('.hist-step-sliders input[type=range]', (els) => els.length);
    assert.ok(sliders >= 2, 'one slider per run with PR data');
    const latest = await canvasStats(page, '.hist-pr canvas');
    assert.ok(latest[0].painted > 2000);
    await screenshot(page, 'pr-curves-latest');

    // Step 0 of mnist_tbx/train: pick it with the keyboard, the curve changes.
    const card = page.locator('.card', {hasText: 'pr/class_1'});
    const slider = page.locator('.hist-slider', {hasText: 'mnist_tbx/train'}).locator('input');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForFunction(() => location.hash.includes('pr_curves.steps='));
    await page.waitForTimeout(100);
    assert.match(await card.locator('.hist-legend').textContent(), /mnist_tbx\/train · step 0\b/);
    const first = await canvasStats(page, '.hist-pr canvas');
    assert.notDeepEqual(first.map((s) => s.sum), latest.map((s) => s.sum), 'the slider changes the curve');

    // Hover a point of the step-0 curve: recall 0.6 lies on it, precision near 0.8.
    const box = await card.locator('canvas').boundingBox();
    const readout = await (async () => {
      for (const fy of [0.3, 0.25, 0.35, 0.2, 0.4]) {
        await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * fy);
        const tip = page.locator('.hist-tooltip:not([hidden])');
        if (await tip.count()) return tip.textContent();
      }
      return '';
    })();
    for (const label of ['Threshold', 'Precision', 'Recall', 'TP', 'FP', 'TN', 'FN']) assert.ok(readout.includes(label), label);
    await screenshot(page, 'pr-curves-hover');
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('a failing series shows an error in its card; no tags shows the empty state', async () => {
  const page = await openPage(server.browser, 'about:blank');
  try {
    await page.route('**/data/plugin/histograms/histograms?*', (route) => route.fulfill({
      status: 500, contentType: 'application/json', body: JSON.stringify({error: 'simulated failure'}),
    }));
    await page.route('**/data/plugin/distributions/tags', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: '{}',
    }));
    await page.goto(server.tracker.url + '#histograms');
    await page.waitForSelector('.hist-histograms .card .error-state');
    assert.match(await page.locator('.hist-histograms .card .error-state').first().textContent(), /simulated failure/);
    await screenshot(page, 'histograms-error');
    await page.click('.tab[data-plugin=distributions]');
    await page.waitForSelector('.hist-distributions .empty-state');
    assert.match(await page.textContent('.hist-distributions .empty-state'), /No distribution data/);
    // Opened from about:blank, so the harness's origin check can't be used as is.
    const origin = new URL(server.tracker.url).origin;
    assert.deepEqual(page.externalRequests.filter((u) => new URL(u).origin !== origin), []);
  } finally {
    await page.close();
  }
});

test('dark theme draws with the dark palette', async () => {
  const page = await server.browser.newPage({viewport: {width: 1440, height: 900}, colorScheme: 'dark'});
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(server.tracker.url + '#histograms', {waitUntil: 'load'});
    await waitForDrawn(page, '.hist-histograms canvas', 2);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await screenshot(page, 'histograms-dark');
    await page.goto(server.tracker.url + '#pr_curves', {waitUntil: 'load'});
    await waitForDrawn(page, '.hist-pr canvas', 1);
    await screenshot(page, 'pr-curves-dark');
    await page.goto(server.tracker.url + '#distributions', {waitUntil: 'load'});
    await waitForDrawn(page, '.hist-distributions canvas', 1);
    await screenshot(page, 'distributions-dark');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('live: a run that appears while the tab is open gets its cards; reload keeps them drawn', async () => {
  const logdir = mkdtempSync(path.join(os.tmpdir(), 'hist-live-'));
  const copyRun = (from, file, to) => {
    mkdirSync(path.join(logdir, to), {recursive: true});
    copyFileSync(path.join(corpusDir, from, file), path.join(logdir, to, file));
  };
  copyRun('mnist_tbx/train', 'events.out.tfevents.1714000001.trainer-01', 'first');
  const live = await startTracker({logdir});
  const page = await openPage(server.browser, live.url + '#histograms');
  try {
    await waitForDrawn(page, '.hist-histograms canvas', 3);
    assert.equal(await page.locator('.hist-root .card').count(), 3);
    copyRun('resnet_tb/train', 'events.out.tfevents.1714000401.trainer-01.4242.0', 'second');
    await page.waitForFunction(() => document.querySelectorAll('.hist-root .card').length === 6, null, {timeout: 20000});
    const runs = await page.$$eval('.hist-card-run', (els) => [...new Set(els.map((e) => e.textContent))].sort());
    assert.deepEqual(runs, ['first', 'second']);
    await page.click('.app-header .reload');
    await page.waitForTimeout(500);
    await waitForDrawn(page, '.hist-histograms canvas', 3);
    assertClean(page);
  } finally {
    await page.close();
    await live.stop();
    rmSync(logdir, {recursive: true, force: true});
  }
});
