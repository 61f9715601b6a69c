// The scalars and custom scalars tabs against the real server and corpus: coloured lines on
// the canvases, smoothing redraws, run and tag filters, tooltip, zoom with a detail refetch,
// downloads, links that reproduce the view, both themes; no console errors, nothing external.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {openPage, screenshot, useCorpusServer} from './harness.mjs';

const server = useCorpusServer();

const card = (tag) => `.card[data-tag="${tag}"]`;

// Pixels of a card's chart canvas: how many are strongly coloured (lines, not the grey axes
// and grid), and a checksum that changes with the drawing.
function chartPixels(page, selector) {
  return page.$eval(`${selector} canvas`, (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      if (data[i + 3] > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      sum = (sum * 31 + r + g * 3 + b * 7 + data[i + 3]) % 1000000007;
    }
    return {coloured, sum};
  });
}

// Charts draw once scrolled near the viewport, so scroll there first.
async function waitForChart(page, selector) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.waitForFunction((sel) => {
    const canvas = document.querySelector(`${sel} canvas`);
    if (!canvas || !canvas.width) return false;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 100 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) {
        return true;
      }
    }
    return false;
  }, selector, {timeout: 15000});
}

// Resolves once the drawing of `selector` differs from `before`.
async function waitForRedraw(page, selector, before) {
  await page.waitForFunction(([sel, sum]) => {
    const canvas = document.querySelector(`${sel} canvas`);
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 4) {
      s = (s * 31 + d[i] + d[i + 1] * 3 + d[i + 2] * 7 + d[i + 3]) % 1000000007;
    }
    return s !== sum;
  }, [selector, before], {timeout: 10000});
}

function seriesCount(page, selector) {
  return page.$eval(`${selector} .line-chart`, (node) => Number(node.dataset.series));
}

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

test('scalars: coloured lines per run, sections, smoothing redraws', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars');
  try {
    await waitForChart(page, card('accuracy'));
    const sections = await page.$$eval('.tag-section', (nodes) => nodes.map((n) => n.dataset.group));
    assert.ok(sections.includes('loss') && sections.includes('accuracy'), sections.join(','));
    assert.ok(sections.indexOf('accuracy') < sections.indexOf('loss'), 'sections are sorted');

    // Only one run, so the colour on the canvas is that run's.
    await page.fill('.sidebar .filter-input', '^mnist_tbx/train$');
    await page.locator(card('loss')).scrollIntoViewIfNeeded();
    await page.waitForFunction((sel) => {
      const node = document.querySelector(`${sel} .line-chart`);
      return node && node.dataset.series === '1';
    }, card('loss'), {timeout: 10000});
    await waitForChart(page, card('loss'));
    const swatch = await page.$eval('.run-row:not(.off) .swatch',
        (node) => getComputedStyle(node).backgroundColor);
    const [r, g, b] = swatch.match(/\d+/g).map(Number);
    const runPixels = await page.$eval(`${card('loss')} canvas`, (canvas, [cr, cg, cb]) => {
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - cr) + Math.abs(d[i + 1] - cg) + Math.abs(d[i + 2] - cb) < 40 &&
            d[i + 3] > 200) n++;
      }
      return n;
    }, [r, g, b]);
    assert.ok(runPixels > 100, `only ${runPixels} pixels in the run's colour ${swatch}`);

    const before = await chartPixels(page, card('loss'));
    assert.ok(before.coloured > 200, `only ${before.coloured} coloured pixels`);
    await page.fill('.smoothing-number', '0');
    await page.dispatchEvent('.smoothing-number', 'change');
    await waitForRedraw(page, card('loss'), before.sum);
    assert.match(page.url(), /scalars\.smoothing=0(&|$)/);
    const unsmoothed = await chartPixels(page, card('loss'));
    await page.fill('.smoothing-number', '0.95');
    await page.dispatchEvent('.smoothing-number', 'change');
    await waitForRedraw(page, card('loss'), unsmoothed.sum);
    await screenshot(page, 'scalars-one-run');
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: a smoothing change sends the stamps back and gets only the smoothing', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars&runFilter=mnist_tbx');
  const isBatch = (url) => url.endsWith('/data/plugin/scalars/batch');
  const bodies = [];
  const answers = [];  // the JSON index of each binary answer, in the order the requests went
  page.on('request', (request) => {
    if (!isBatch(request.url())) return;
    const body = request.postDataJSON();
    bodies.push(body);
    const k = answers.push(null) - 1;
    request.response().then((response) => response.body()).then((buffer) => {
      answers[k] = JSON.parse(buffer.subarray(4, 4 + buffer.readUInt32LE(0)).toString());
    });
  });
  const withLoss = (body) => body.series.some((s) => s.tag === 'loss');
  try {
    await waitForChart(page, card('loss'));
    const first = bodies.filter(withLoss);
    assert.ok(first.length > 0 && first.every((body) => body.format === 'binary'));
    assert.ok(first.every((body) => body.series.every((s) => s.stamp === undefined)));
    const before = await chartPixels(page, card('loss'));
    const sent = bodies.length;
    await page.fill('.smoothing-number', '0.95');
    await page.dispatchEvent('.smoothing-number', 'change');
    await waitForRedraw(page, card('loss'), before.sum);
    const again = bodies.slice(sent).filter(withLoss);
    assert.equal(again.length, 1);
    assert.equal(again[0].smoothing, 0.95);
    assert.ok(again[0].series.every((s) => typeof s.stamp === 'string'), JSON.stringify(again[0]));
    const k = bodies.indexOf(again[0]);
    await page.waitForFunction(() => true);
    for (let i = 0; i < 100 && !answers[k]; i++) await page.waitForTimeout(50);
    // The data did not change: every series comes without its raw points.
    assert.ok(answers[k].series.length > 0);
    for (const s of answers[k].series) {
      assert.equal(s.raw, false, JSON.stringify(s));
      assert.equal(s.smoothed, true);
    }
    await waitForChart(page, card('loss'));
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: the run filter changes the series, the tag filter hides charts', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars');
  try {
    await waitForChart(page, card('accuracy'));
    const all = await seriesCount(page, card('accuracy'));
    assert.ok(all >= 3, `accuracy has ${all} series`);
    await page.fill('.sidebar .filter-input', '^hparams_tutorial/run-[0-2]$');
    await page.waitForFunction(([sel, n]) =>
      document.querySelector(`${sel} .line-chart`).dataset.series !== String(n),
    [card('accuracy'), all], {timeout: 10000});
    assert.equal(await seriesCount(page, card('accuracy')), 3);
    assert.match(await page.textContent('.run-summary'), /3 of 3 shown/);

    const visibleCards = () => page.$$eval('.card', (cards) =>
      cards.filter((c) => c.offsetParent !== null).map((c) => c.dataset.tag));
    await page.fill('.sidebar .filter-input', '');
    const before = await visibleCards();
    await page.fill('.tag-filter .filter-input', '^loss');
    await page.waitForFunction((n) => [...document.querySelectorAll('.card')]
        .filter((c) => c.offsetParent !== null).length < n, before.length);
    const after = await visibleCards();
    assert.ok(after.length > 0 && after.every((tag) => /^loss/i.test(tag)), after.join(','));
    assert.match(page.url(), /tagFilter=%5Eloss/);
    await page.fill('.tag-filter .filter-input', 'no-such-tag-anywhere');
    await page.waitForSelector('.dashboard-message .empty-state');
    assertClean(page);
  } finally {
    await page.close();
  }
});

// The first recorded batch request body that matches, waiting up to 15 s for it.
async function firstBody(page, bodies, match) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const found = bodies.find(match);
    if (found) return found;
    await page.waitForTimeout(100);
  }
  return null;
}

test('scalars: enlarged and zoomed charts are kept in the URL, and a link restores them', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars&runFilter=mnist_tbx');
  let url;
  let zoomed;
  try {
    await waitForChart(page, card('loss'));
    await page.click(`${card('loss')} button[aria-label="Enlarge chart"]`);
    await page.waitForSelector(`${card('loss')}.wide`);
    const over = page.locator(`${card('loss')} .u-over`);
    const box = await over.boundingBox();
    const bodies = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/data/plugin/scalars/batch')) bodies.push(request.postDataJSON());
    });
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, {steps: 5});
    await page.mouse.up();
    await page.waitForSelector(`${card('loss')} .reset-zoom:not([hidden])`);
    await page.waitForFunction(() => /scalars\.zoom=/.test(location.hash));
    url = page.url();
    assert.match(url, /scalars\.wide=loss(&|$)/);
    zoomed = await firstBody(page, bodies, (body) => body.step_min !== undefined);
    assert.ok(zoomed, 'the zoom fetched its step range');
  } finally {
    await page.close();
  }
  // The link, in a fresh page: the same chart enlarged and zoomed, fetched at the same range.
  const again = await openPage(server.browser, url);
  const bodies = [];
  again.on('request', (request) => {
    if (request.url().endsWith('/data/plugin/scalars/batch')) bodies.push(request.postDataJSON());
  });
  try {
    await again.waitForSelector(`${card('loss')}.wide`);
    await again.locator(card('loss')).scrollIntoViewIfNeeded();  // charts load when near the viewport
    await again.waitForSelector(`${card('loss')} .reset-zoom:not([hidden])`, {timeout: 15000});
    const restored = await firstBody(again, bodies, (body) => body.step_min !== undefined);
    assert.ok(restored, 'the restored zoom fetched its step range');
    assert.equal(restored.step_min, zoomed.step_min);
    assert.equal(restored.step_max, zoomed.step_max);
    // Resetting the zoom takes the chart out of the URL's zoom list (charts that followed the
    // zoom through the cursor sync keep theirs).
    const box = await again.locator(`${card('loss')} .u-over`).boundingBox();
    await again.locator(`${card('loss')} .u-over`).dblclick({position: {x: box.width / 2, y: box.height / 2}});
    await again.waitForSelector(`${card('loss')} .reset-zoom[hidden]`, {state: 'attached'});
    await again.waitForFunction(() => !/~loss(,|&|$)/.test(location.hash));
    assertClean(again);
  } finally {
    await again.close();
  }
});

test('scalars: tooltip, zoom refetches the step range, double-click resets', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars&runFilter=mnist_tbx');
  const bodies = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/data/plugin/scalars/batch')) bodies.push(request.postDataJSON());
  });
  try {
    await waitForChart(page, card('loss'));
    const over = page.locator(`${card('loss')} .u-over`);
    const box = await over.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForSelector('.chart-tooltip:not([hidden]) tr.nearest');
    const rows = await page.$$eval('.chart-tooltip td.label', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(rows, ['mnist_tbx/train']);

    const before = await chartPixels(page, card('loss'));
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, {steps: 5});
    await page.mouse.up();
    await page.waitForSelector(`${card('loss')} .reset-zoom:not([hidden])`);
    await page.waitForFunction(() => true);
    await waitForRedraw(page, card('loss'), before.sum);
    const zoomed = bodies.find((body) => body.step_min !== undefined);
    assert.ok(zoomed, 'a batch request with step_min');
    assert.ok(zoomed.step_min > 0 && zoomed.step_max > zoomed.step_min);
    await screenshot(page, 'scalars-zoomed');

    await over.dblclick({position: {x: box.width * 0.5, y: box.height * 0.5}});
    await page.waitForSelector(`${card('loss')} .reset-zoom[hidden]`, {state: 'attached'});
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: axes, log scale, outliers and enlarge still draw', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars&runFilter=mnist_tbx');
  try {
    await waitForChart(page, card('loss'));
    for (const x of ['relative', 'wall', 'step']) {
      const before = await chartPixels(page, card('loss'));
      await page.click(`.segmented button[data-x="${x}"]`);
      if (x !== 'step') await waitForRedraw(page, card('loss'), before.sum);
      await waitForChart(page, card('loss'));
    }
    const before = await chartPixels(page, card('loss'));
    await page.click('label[data-setting="logY"] input');
    await waitForRedraw(page, card('loss'), before.sum);
    await page.click('label[data-setting="outliers"] input');
    await waitForChart(page, card('loss'));
    assert.match(page.url(), /scalars\.logY=true/);
    assert.match(page.url(), /scalars\.outliers=true/);
    await page.click(`${card('loss')} button[aria-label="Enlarge chart"]`);
    await page.waitForSelector(`${card('loss')}.wide`);
    await waitForChart(page, card('loss'));
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: CSV and JSON of every run of a tag, per-run TensorBoard links', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#scalars&runFilter=^hparams_tutorial/run-[01]$');
  try {
    await waitForChart(page, card('accuracy'));
    await page.hover(card('accuracy'));
    await page.click(`${card('accuracy')} button[aria-label="Download data"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`${card('accuracy')} .menu button:text("CSV")`),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'Run,Wall time,Step,Value');
    const runs = new Set(lines.slice(1).map((line) => line.split(',')[0]));
    assert.deepEqual([...runs].sort(), ['hparams_tutorial/run-0', 'hparams_tutorial/run-1']);

    await page.click(`${card('accuracy')} button[aria-label="Download data"]`);
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`${card('accuracy')} .menu button:text("JSON")`),
    ]);
    const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    assert.deepEqual(Object.keys(json).sort(), ['hparams_tutorial/run-0', 'hparams_tutorial/run-1']);

    await page.click(`${card('accuracy')} button[aria-label="Download data"]`);
    const href = await page.getAttribute(`${card('accuracy')} .menu a.menu-link`, 'href');
    const url = new URL(href);
    assert.equal(url.pathname, '/data/plugin/scalars/scalars');
    assert.equal(url.searchParams.get('format'), 'csv');
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.match(await response.text(), /^Wall time,Step,Value\r\n/);
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: a link reproduces the view', async () => {
  const hash = '#scalars&runFilter=resnet&tagFilter=total&run=resnet_tb/train' +
      '&scalars.smoothing=0.9&scalars.x=relative&scalars.closed=optimizer';
  const page = await openPage(server.browser, server.tracker.url + hash);
  try {
    await waitForChart(page, card('loss/total'));
    assert.equal(await page.inputValue('.smoothing-number'), '0.9');
    assert.equal(await page.inputValue('.tag-filter .filter-input'), 'total');
    assert.equal(await page.inputValue('.sidebar .filter-input'), 'resnet');
    assert.equal(await page.getAttribute('.segmented button[data-x="relative"]', 'aria-checked'), 'true');
    assert.equal(await seriesCount(page, card('loss/total')), 1);
    const checked = await page.$$eval('.run-row input:checked', (boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(checked, ['resnet_tb/train']);
    assert.equal(await page.isVisible(card('loss/cross_entropy')), false);
    assertClean(page);
  } finally {
    await page.close();
  }
});

test('scalars: screenshots in light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await server.browser.newPage({viewport: {width: 1440, height: 900}, colorScheme: scheme});
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await page.goto(server.tracker.url + '#scalars&runFilter=mnist|resnet|keras');
      await waitForChart(page, card('loss'));
      await page.waitForTimeout(300);
      assert.equal(await page.getAttribute('html', 'data-theme'), scheme);
      await screenshot(page, `scalars-${scheme}`);
      const box = await page.locator(`${card('loss')} .u-over`).boundingBox();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
      await page.waitForSelector('.chart-tooltip:not([hidden])');
      await screenshot(page, `scalars-tooltip-${scheme}`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('custom scalars: layout categories, multiline and margin charts', async () => {
  const page = await openPage(server.browser, server.tracker.url + '#custom_scalars&runFilter=mnist');
  try {
    await page.waitForSelector('.tag-section[data-group="Training"]');
    await waitForChart(page, card('loss (train vs eval)'));
    assert.equal(await seriesCount(page, card('loss (train vs eval)')), 2);
    await waitForChart(page, card('accuracy band'));
    assert.ok((await chartPixels(page, card('learning rate'))).coloured > 50 ||
        await page.isVisible(card('learning rate')));
    await screenshot(page, 'custom-scalars');
    assertClean(page);
  } finally {
    await page.close();
  }
});
