// The shell against the real server: a tab per active plugin, the empty state that turns into
// charts when an event file appears, --path_prefix, --window_title, logdir groups, the theme
// setting, run selection in the URL, a live update that keeps a chart's zoom, and a readable
// message when the server is gone.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Msg, tfRecord} from './event_file.mjs';
import {startTracker, launchBrowser, openPage, screenshot, corpusDir} from './harness.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

// --- a minimal event-file writer: TFRecord framing around Event protos with scalars ------

// One event: wall time, step, and optionally the file version or v1 simple_value scalars.
function event({wallTime, step = 0, fileVersion, scalars = {}}) {
  const message = new Msg().double(1, wallTime).varint(2, step);
  if (fileVersion) message.field(3, fileVersion);
  const values = Object.entries(scalars);
  if (values.length) {
    const summary = new Msg();
    for (const [tag, value] of values) summary.field(1, new Msg().field(1, tag).float(2, value));
    message.field(5, summary);
  }
  return message.encode();
}

function scalarRecords(from, to, start) {
  const records = [];
  for (let step = from; step < to; step++) {
    records.push(tfRecord(event({wallTime: start + step, step,
      scalars: {'train/loss': 1 / (step + 1), 'train/accuracy': 1 - 1 / (step + 2)}})));
  }
  return records;
}

async function writeRun(dir, steps) {
  await mkdir(dir, {recursive: true});
  const start = 1700000000;
  const records = [tfRecord(event({wallTime: start, fileVersion: 'brain.Event:2'})),
    ...scalarRecords(0, steps, start)];
  const file = path.join(dir, `events.out.tfevents.${start}.test`);
  await writeFile(file, Buffer.concat(records));
  return file;
}

// ------------------------------------------------------------------------------------------

test('shell: a tab per active plugin, in plugins_listing order, each one mounts', async () => {
  const tracker = await startTracker({logdir: corpusDir});
  const page = await openPage(browser, tracker.url);
  try {
    await page.waitForSelector('.tab');
    const listing = await (await page.request.get(tracker.url + 'data/plugins_listing')).json();
    const expected = Object.entries(listing)
        .filter(([name, info]) => info.enabled && name !== 'timeseries')
        .map(([name]) => name);
    const tabs = await page.$$eval('.tab', (nodes) => nodes.map((n) => n.dataset.plugin));
    assert.deepEqual(tabs, expected);
    assert.equal(await page.getAttribute('.tab[data-plugin="scalars"]', 'aria-selected'), 'true');
    assert.match(page.url(), /#scalars/);
    for (const plugin of tabs) {
      await page.click(`.tab[data-plugin="${plugin}"]`);
      await page.waitForSelector(`.dashboard[data-plugin="${plugin}"]`);
      assert.equal(await page.getAttribute(`.tab[data-plugin="${plugin}"]`, 'aria-selected'), 'true');
      assert.match(page.url(), new RegExp(`#${plugin}(&|$)`));
      await page.waitForFunction((p) => {
        const root = document.querySelector(`.dashboard[data-plugin="${p}"]`);
        return root && root.childElementCount > 0;
      }, plugin, {timeout: 10000});
      await page.waitForTimeout(400);
      await screenshot(page, `tab-${plugin}`);
    }
    // Back returns to the previous tab.
    await page.goBack();
    await page.waitForFunction((p) => document.querySelector('.tab[aria-selected="true"]').dataset.plugin === p,
        tabs[tabs.length - 2]);
    assert.equal(await page.title(), 'tracker');
    assert.equal(await page.textContent('.live-text'), 'Live');
    assertClean(page);
  } finally {
    await page.close();
    await tracker.stop();
  }
});

test('shell: empty logdir shows what to run, then updates by itself', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tracker-empty-'));
  const tracker = await startTracker({logdir: dir, args: ['--reload_interval=1']});
  const page = await openPage(browser, tracker.url);
  try {
    await page.waitForSelector('.welcome');
    assert.match(await page.textContent('.welcome'), /SummaryWriter/);
    assert.match(await page.textContent('.welcome'), /tf\.summary/);
    await page.waitForFunction(() => document.querySelector('.live-text').textContent === 'Live');
    await screenshot(page, 'shell-empty');
    await writeRun(path.join(dir, 'first_run'), 50);
    await page.waitForSelector('.run-row', {timeout: 20000});
    await page.waitForSelector('.card[data-tag="train/loss"] canvas', {timeout: 20000});
    assert.deepEqual(await page.$$eval('.run-name', (nodes) => nodes.map((n) => n.textContent)),
        ['first_run']);
    assert.equal(await page.$('.welcome'), null);
    await screenshot(page, 'shell-first-data');
    // A run that disappears leaves the list.
    await writeRun(path.join(dir, 'second_run'), 5);
    await page.waitForFunction(() => document.querySelectorAll('.run-row').length === 2,
        null, {timeout: 20000});
    await rm(path.join(dir, 'second_run'), {recursive: true});
    await page.waitForFunction(() => document.querySelectorAll('.run-row').length === 1,
        null, {timeout: 20000});
    assertClean(page);
  } finally {
    await page.close();
    await tracker.stop();
    await rm(dir, {recursive: true, force: true});
  }
});

test('scalars: a live update refetches a zoomed chart in its zoomed step range', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tracker-live-zoom-'));
  const file = await writeRun(path.join(dir, 'run'), 100);
  const tracker = await startTracker({logdir: dir, args: ['--reload_interval=1']});
  const page = await openPage(browser, tracker.url + '#scalars');
  const card = '.card[data-tag="train/loss"]';
  const bodies = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/data/plugin/scalars/batch')) bodies.push(request.postDataJSON());
  });
  try {
    await page.waitForSelector(`${card} .u-over`, {timeout: 20000});
    await page.waitForFunction(() => document.querySelector('.live-text').textContent === 'Live');
    const over = page.locator(`${card} .u-over`);
    const box = await over.boundingBox();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, {steps: 5});
    await page.mouse.up();
    await page.waitForSelector(`${card} .reset-zoom:not([hidden])`);
    // The first batch request from index `from` on that matches, within 20 s.
    const nextBody = async (from, match) => {
      const deadline = Date.now() + 20000;
      while (Date.now() < deadline) {
        const found = bodies.slice(from).find(match);
        if (found) return found;
        await page.waitForTimeout(100);
      }
      return null;
    };
    const zoomed = await nextBody(0, (b) => b.step_min !== undefined);
    assert.ok(zoomed, 'the zoom fetched its step range');
    const seen = bodies.length;

    // The job writes 100 more steps: the card refetches the same zoomed step range.
    await writeFile(file, Buffer.concat(scalarRecords(100, 200, 1700000000)), {flag: 'a'});
    const refetch = await nextBody(seen, (b) => b.series.some((s) => s.tag === 'train/loss'));
    assert.ok(refetch, 'the live update refetched the zoomed chart');
    assert.equal(refetch.step_min, zoomed.step_min);
    assert.equal(refetch.step_max, zoomed.step_max);
    assert.equal(await page.isVisible(`${card} .reset-zoom`), true, 'still zoomed');
    // The server now has the new steps (what the unzoomed chart would show).
    const data = await (await page.request.get(
        tracker.url + 'data/plugin/scalars/scalars?run=run&tag=train%2Floss')).json();
    assert.equal(data.length, 200);
    assertClean(page);
  } finally {
    await page.close();
    await tracker.stop();
    await rm(dir, {recursive: true, force: true});
  }
});

test('shell: --path_prefix, --window_title and logdir groups', async () => {
  const spec = `mnist:${path.join(corpusDir, 'mnist_tbx')},resnet:${path.join(corpusDir, 'resnet_tb')}`;
  const tracker = await startTracker({logdir: spec,
    args: ['--path_prefix=/tb', '--window_title=My experiment']});
  const base = new URL(tracker.url).pathname === '/tb/' ? tracker.url : new URL('/tb/', tracker.url).href;
  const page = await openPage(browser, base);
  try {
    await page.waitForSelector('.card canvas', {timeout: 15000});
    assert.equal(await page.title(), 'My experiment');
    assert.equal(await page.textContent('.window-title'), 'My experiment');
    const groups = await page.$$eval('.group-header .group-toggle', (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(groups, ['mnist', 'resnet']);
    const names = await page.$$eval('.run-name', (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(names, ['train', 'eval', 'train', 'validation']);
    // Unticking a group unticks its runs, and the URL remembers it.
    await page.click('.group-header input[aria-label="All runs of resnet"]');
    assert.match(page.url(), /run=mnist\/train&run=mnist\/eval|hide=resnet/);
    await page.waitForTimeout(300);
    await screenshot(page, 'shell-groups');
    await page.reload();
    await page.waitForSelector('.run-row');
    const checked = await page.$$eval('.run-row input:checked', (boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(checked, ['mnist/train', 'mnist/eval']);
    assert.ok(await page.waitForFunction(() => document.querySelector('.live-text').textContent === 'Live'));
    assertClean(page);
  } finally {
    await page.close();
    await tracker.stop();
  }
});

test('shell: theme setting, persisted; system by default', async () => {
  const tracker = await startTracker({logdir: path.join(corpusDir, 'mnist_tbx')});
  const page = await browser.newPage({viewport: {width: 1280, height: 800}, colorScheme: 'dark'});
  try {
    await page.goto(tracker.url);
    await page.waitForSelector('.card canvas');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    await page.click('.settings-button');
    await page.waitForSelector('.settings-panel');
    await screenshot(page, 'shell-settings-dark');
    await page.click('.settings-panel button[data-theme="light"]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    await page.keyboard.press('Escape');
    await page.reload();
    await page.waitForSelector('.card canvas');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    await page.click('.settings-button');
    await page.click('.settings-panel button[data-theme="system"]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  } finally {
    await page.close();
    await tracker.stop();
  }
});

test('shell: a server that went away gives a readable message', async () => {
  const tracker = await startTracker({logdir: path.join(corpusDir, 'mnist_tbx')});
  const page = await openPage(browser, tracker.url);
  try {
    await page.waitForSelector('.card canvas');
    await tracker.stop();
    await page.waitForFunction(() => document.querySelector('.live').dataset.status === 'offline');
    await page.click('.reload');
    await page.waitForSelector('.error-state');
    assert.match(await page.textContent('.error-state'), /Cannot reach the tracker server/);
    await screenshot(page, 'shell-server-gone');
  } finally {
    await page.close();
    await tracker.stop();
  }
});
