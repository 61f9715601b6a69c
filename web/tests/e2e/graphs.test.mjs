// The Graphs tab against the real server and corpus: the top level of name scopes, opening a
// scope, the details card, search, zoom and pan, run metadata, themes, URL state, and no
// console errors or requests leaving the server.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startTracker, openPage, screenshot, corpusDir, useCorpusServer} from './harness.mjs';

const server = useCorpusServer();

const MNIST = 'mnist_tbx/train';

async function openGraphs(hash, options) {
  const page = await openPage(server.browser, `${server.tracker.url}#graphs&${hash}`, options);
  await page.waitForSelector('.gr-dash[data-graph-state=ready]', {timeout: 20000});
  await settle(page);
  return page;
}

function settle(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

function view(page, fn, arg) {
  return page.evaluate(([source, a]) => {
    const v = document.querySelector('.gr-dash').graphView;
    return new Function('v', 'a', `return (${source})(v, a);`)(v, a);
  }, [fn.toString(), arg]);
}

// Page coordinates of the centre of a visible box (a scope's key ends with '/').
async function centreOf(page, key) {
  const at = await page.evaluate((k) => {
    const v = document.querySelector('.gr-dash').graphView;
    const b = v.boxOf(k);
    if (!b) return null;
    const p = v.cam.toScreen(b.x + b.width * 0.35, b.y + Math.min(b.height / 2, 12));
    const r = v.canvas.getBoundingClientRect();
    return {x: r.left + p.x, y: r.top + p.y};
  }, key);
  assert.ok(at, `${key} is visible`);
  return at;
}

function boxKeys(page) {
  return page.evaluate(() => document.querySelector('.gr-dash').graphView.scene.boxes.map((b) => b.item.key));
}

function canvasPixel(page, fx, fy) {
  return page.evaluate(([x, y]) => {
    const c = document.querySelector('.gr-canvas');
    const d = c.getContext('2d').getImageData(Math.floor(c.width * x), Math.floor(c.height * y), 1, 1).data;
    return [...d];
  }, [fx, fy]);
}

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

test('starts collapsed to the top-level name scopes', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  const keys = await boxKeys(page);
  assert.deepEqual([...keys].sort(), ['dense_1/', 'dense_2/', 'dropout/', 'input/', 'loss/', 'metrics/', 'train/']);
  assert.match(await page.textContent('.gr-stat'), /27 ops/);
  assert.equal(await page.inputValue('.gr-side select >> nth=0'), MNIST);
  // Something other than the background is drawn in the middle of the canvas.
  const stats = await page.evaluate(() => {
    const c = document.querySelector('.gr-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return colours.size;
  });
  assert.ok(stats > 20, `canvas shows a drawing (${stats} colours sampled)`);
  assert.equal(await page.isVisible('.toolbar-row'), false, 'no tag filter on this tab');
  await screenshot(page, 'graphs-top-level');
  assertClean(page);
  await page.close();
});

test('double-click opens a scope; clicking an op shows its details', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  const at = await centreOf(page, 'dense_1/');
  await page.mouse.dblclick(at.x, at.y);
  await page.waitForFunction(() => document.querySelector('.gr-dash').graphView.boxOf('dense_1/MatMul'));
  await settle(page);
  const keys = await boxKeys(page);
  assert.ok(keys.includes('dense_1/BiasAdd'));
  assert.match(decodeURIComponent(new URL(page.url()).hash), /graphs\.open=dense_1\//);

  const op = await centreOf(page, 'dense_1/MatMul');
  await page.mouse.click(op.x, op.y);
  await page.waitForSelector('.gr-details:not([hidden])');
  const text = await page.textContent('.gr-details');
  assert.match(text, /MatMul/);
  assert.match(text, /Device.*GPU/s);
  assert.match(text, /Inputs \(2\)/);
  assert.match(text, /input\/x/);
  assert.match(text, /Output shapes/);
  assert.match(text, /\[\?,128\]/);
  await screenshot(page, 'graphs-open-scope-details');

  // A link in the card reveals that node.
  await page.click('.gr-details .gr-link >> text=input/x');
  await page.waitForFunction(() => document.querySelector('.gr-details-title').textContent === 'x');
  assert.ok((await boxKeys(page)).includes('input/x'), 'input/ opened to show input/x');

  // Closing the card.
  await page.click('.gr-details .gr-icon-btn');
  assert.equal(await page.isVisible('.gr-details'), false);

  // One click on a scope's + button opens it, on its − button closes it.
  const toggleOf = (key) => page.evaluate((k) => {
    const v = document.querySelector('.gr-dash').graphView;
    const b = v.boxOf(k);
    const p = b.expanded ? v.cam.toScreen(b.x + b.width - 14, b.y + 11)
      : v.cam.toScreen(b.x + b.width - 15, b.y + b.height / 2);
    const r = v.canvas.getBoundingClientRect();
    return {x: r.left + p.x, y: r.top + p.y};
  }, key);
  await page.click('.gr-zoom .gr-btn[title^="Fit"]');
  await settle(page);
  let t = await toggleOf('train/');
  await page.mouse.click(t.x, t.y);
  await page.waitForFunction(() => document.querySelector('.gr-dash').graphView.boxOf('train/').expanded);
  await settle(page);
  await page.waitForTimeout(450); // not the second click of a double-click
  t = await toggleOf('train/');
  await page.mouse.click(t.x, t.y);
  await page.waitForFunction(() => !document.querySelector('.gr-dash').graphView.boxOf('train/').expanded);
  assertClean(page);
  await page.close();
});

test('search finds, opens the scopes around, selects and centres a node', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  await page.fill('.gr-input', 'biasadd');
  await page.waitForFunction(() => document.querySelectorAll('.gr-result').length >= 2);
  const names = await page.$$eval('.gr-result-name', (els) => els.map((e) => e.textContent));
  assert.ok(names.includes('dense_2/BiasAdd'), names.join(','));
  // Matches inside closed scopes light up those scopes.
  const matches = await view(page, (v) => [...v.marks.matches].sort());
  assert.deepEqual(matches, ['dense_1/', 'dense_2/']);
  await page.fill('.gr-input', 'dense_2/BiasAdd');
  await page.press('.gr-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.gr-details-title')?.textContent === 'BiasAdd');
  await settle(page);
  const where = await view(page, (v) => {
    const b = v.boxOf('dense_2/BiasAdd');
    const p = v.cam.toScreen(b.x + b.width / 2, b.y + b.height / 2);
    return {x: p.x / v.size.width, y: p.y / v.size.height, selected: v.marks.selected};
  });
  assert.equal(where.selected, 'dense_2/BiasAdd');
  assert.ok(where.x > 0.1 && where.x < 0.9 && where.y > 0.2 && where.y < 0.8, JSON.stringify(where));
  await screenshot(page, 'graphs-search');
  assertClean(page);
  await page.close();
});

test('colour by device explains its colours', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  await page.locator('.gr-side select').nth(3).selectOption('device');
  await page.waitForFunction(() => /GPU:0/.test(document.querySelector('.gr-color-key').textContent));
  assert.match(decodeURIComponent(new URL(page.url()).hash), /graphs\.color=device/);
  const fills = await view(page, (v) => v.scene.boxes.map((b) => v.marks.paint(b.item).fill));
  assert.ok(new Set(fills).size >= 2, 'more than one device colour');
  assertClean(page);
  await page.close();
});

test('wheel zooms around the pointer, drag pans, fit restores', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  const box = await page.locator('.gr-canvas').boundingBox();
  const before = await view(page, (v) => ({k: v.cam.k, tx: v.cam.tx, ty: v.cam.ty}));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await settle(page);
  const zoomed = await view(page, (v) => v.cam.k);
  assert.ok(zoomed > before.k * 1.3, `zoomed in ${before.k} → ${zoomed}`);
  // Zoomed in past the screen, the overview map appears; pressing on it moves there.
  await page.mouse.wheel(0, -600);
  await settle(page);
  assert.equal(await page.isVisible('.gr-minimap'), true);
  const mapBox = await page.locator('.gr-minimap').boundingBox();
  const beforeMap = await view(page, (v) => v.cam.ty);
  await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + 4);
  await settle(page);
  assert.notEqual(await view(page, (v) => v.cam.ty), beforeMap);
  await page.mouse.move(box.x + 100, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(box.x + 180, box.y + 160, {steps: 5});
  await page.mouse.up();
  const panned = await view(page, (v) => ({tx: v.cam.tx, ty: v.cam.ty}));
  await page.click('.gr-zoom .gr-btn[title^="Fit"]');
  await settle(page);
  const fitted = await view(page, (v) => ({k: v.cam.k, tx: v.cam.tx, ty: v.cam.ty}));
  assert.ok(Math.abs(fitted.k - before.k) < 1e-6 && Math.abs(fitted.tx - before.tx) < 1e-6);
  assert.equal(await page.isVisible('.gr-minimap'), false, 'no overview when everything fits');
  assert.ok(panned.tx !== fitted.tx);
  // A drag is not a click: nothing got selected.
  assert.equal(await page.isVisible('.gr-details'), false);
  assertClean(page);
  await page.close();
});

test('run metadata shows its step stats, and per-node times in the details', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  await page.locator('.gr-side select').nth(2).selectOption('profiler');
  await page.waitForFunction(() => /step_stats/.test(document.querySelector('.gr-meta-text').textContent));
  assert.match(await page.textContent('.gr-meta-title'), /profiler/);
  await page.fill('.gr-input', 'input/x');
  await page.press('.gr-input', 'Enter');
  await page.waitForFunction(() => /Compute time/.test(document.querySelector('.gr-details').textContent));
  // With run metadata, boxes can be coloured by where the time goes.
  await page.locator('.gr-side select').nth(3).selectOption('compute');
  await page.waitForSelector('.gr-scale-bar');
  assert.match(await page.textContent('.gr-color-key'), /µs|ms/);
  await screenshot(page, 'graphs-run-metadata');
  await page.click('.gr-meta .gr-icon-btn');
  assert.equal(await page.isVisible('.gr-meta'), false);
  // Without it, the time colouring is not offered and structure comes back.
  assert.equal(await page.inputValue('.gr-side select >> nth=3'), 'structure');
  assert.equal(await page.locator('.gr-side select').nth(3).locator('option[value=compute]').isDisabled(), true);
  assertClean(page);
  await page.close();
});

test('the view is in the URL: reload keeps the run, open scopes and selection', async () => {
  const page = await openGraphs(`graphs.run=${MNIST}`);
  await page.fill('.gr-input', 'dropout/mul');
  await page.press('.gr-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.gr-details-title')?.textContent === 'mul');
  const url = page.url();
  const again = await openPage(server.browser, url);
  await again.waitForSelector('.gr-dash[data-graph-state=ready]');
  await again.waitForFunction(() => document.querySelector('.gr-details-title')?.textContent === 'mul');
  assert.ok((await boxKeys(again)).includes('dropout/mul'));
  assertClean(page);
  assertClean(again);
  await again.close();
  await page.close();
});

test('dark theme draws on a dark canvas', async () => {
  const page = await openGraphs(`graphs.run=third_party/tf2_keras_fit/train`);
  const light = await canvasPixel(page, 0.02, 0.02);
  // Following the system theme: switches live, without remounting.
  await page.emulateMedia({colorScheme: 'dark'});
  await page.waitForFunction(() => document.querySelector('.gr-dash').classList.contains('gr-dark'));
  await settle(page);
  const live = await canvasPixel(page, 0.02, 0.02);
  assert.ok(live[0] < 60, `live switch: ${light} → ${live}`);
  await page.emulateMedia({colorScheme: 'light'});
  await page.evaluate(() => localStorage.setItem('tracker.theme', 'dark'));
  await page.reload();
  await page.waitForSelector('.gr-dash[data-graph-state=ready]');
  await settle(page);
  const dark = await canvasPixel(page, 0.02, 0.02);
  assert.ok(light[0] > 200 && dark[0] < 60, `background ${light} → ${dark}`);
  const at = await centreOf(page, 'loss/');
  await page.mouse.dblclick(at.x, at.y);
  await page.waitForFunction(() => document.querySelector('.gr-dash').graphView.boxOf('loss/mul'));
  await settle(page);
  await screenshot(page, 'graphs-dark');
  await page.evaluate(() => localStorage.removeItem('tracker.theme'));
  assertClean(page);
  await page.close();
});

test('an empty op graph and a Keras-only tag say so instead of drawing nothing', async () => {
  const page = await openGraphs('graphs.run=third_party/tf2_keras_fit/train');
  const options = await page.locator('.gr-side select').nth(1).locator('option').allTextContents();
  assert.ok(options.includes('Run graph'));
  assert.ok(options.some((o) => /Keras model: keras/.test(o)), options.join('|'));
  await page.locator('.gr-side select').nth(1).selectOption('batch_2');
  await page.waitForSelector('.gr-dash[data-graph-state=empty]');
  assert.match(await page.textContent('.gr-message'), /op graph of “batch_2” is empty/);
  assert.equal(await page.isVisible('.gr-message'), true);
  assertClean(page);
  await page.close();

  const keras = await openPage(server.browser, `${server.tracker.url}#graphs&graphs.run=third_party/tf2_images/train&graphs.graph=keras`);
  await keras.waitForSelector('.gr-dash[data-graph-state=ready]');
  assert.equal(await keras.inputValue('.gr-side select >> nth=1'), '', 'falls back to the run graph');
  assertClean(keras);
  await keras.close();
});

test('a run that starts writing a graph shows up without a reload', async () => {
  const logdir = mkdtempSync(path.join(os.tmpdir(), 'tracker-graphs-live-'));
  const copyRun = (from, to) => {
    mkdirSync(path.join(logdir, to), {recursive: true});
    const file = from === 'mnist_tbx/train' ? 'events.out.tfevents.1714000001.trainer-01'
      : 'events.out.tfevents.1714000401.trainer-01.4242.0';
    copyFileSync(path.join(corpusDir, from, file), path.join(logdir, to, file));
  };
  copyRun('mnist_tbx/train', 'first');
  const live = await startTracker({logdir});
  try {
    const page = await openPage(server.browser, `${live.url}#graphs`);
    await page.waitForSelector('.gr-dash[data-graph-state=ready]');
    assert.deepEqual(await page.locator('.gr-side select').first().locator('option').allTextContents(), ['first']);
    copyRun('resnet_tb/train', 'second');
    await page.waitForFunction(() => [...document.querySelector('.gr-side select').options]
        .some((o) => o.value === 'second'), null, {timeout: 20000});
    // The graph on screen stays as it was.
    assert.equal(await page.inputValue('.gr-side select >> nth=0'), 'first');
    await page.locator('.gr-side select').first().selectOption('second');
    await page.waitForFunction(() => /27 ops/.test(document.querySelector('.gr-stat').textContent) &&
        document.querySelector('.gr-dash').graphView.boxOf('resnet/'));
    assertClean(page);
    await page.close();
  } finally {
    await live.stop();
    rmSync(logdir, {recursive: true, force: true});
  }
});

test('a run that is not there falls back to one that is; server errors are shown', async () => {
  const page = await openGraphs('graphs.run=no/such/run');
  assert.notEqual(await page.inputValue('.gr-side select >> nth=0'), 'no/such/run');
  assertClean(page);
  // A broken answer from the server is reported in the stage, not thrown.
  await page.route('**/data/plugin/graphs/graph?**', (route) => route.fulfill({status: 200,
    contentType: 'text/x-protobuf', body: 'node { name: "a" op: '}));
  await page.locator('.gr-side select').first().selectOption(MNIST === await page.inputValue('.gr-side select >> nth=0')
    ? 'resnet_tb/train' : MNIST);
  await page.waitForSelector('.gr-dash[data-graph-state=error]');
  assert.match(await page.textContent('.gr-message'), /text proto|line/i);
  await page.close();
});
