// The Images, Audio and Text tabs against the real server and corpus: images with loaded
// pixels and a step slider that changes the step, the actual-size toggle, an audio player with
// a playable source, Markdown tables in text, and a <script> logged as text that never runs;
// no console errors, no request leaving the server.
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Msg, tfRecord} from './event_file.mjs';
import {startTracker, launchBrowser, openPage, screenshot, corpusDir} from './harness.mjs';

let browser;
let tracker;
const cleanups = [];

after(async () => {
  if (browser) await browser.close();
  if (tracker) await tracker.stop();
  for (const cleanup of cleanups) await cleanup();
});

// One tracker on the corpus and one browser for the whole file (2 cores: one at a time).
async function corpusPage(hash) {
  tracker ??= await startTracker({logdir: corpusDir});
  // Launched once a tracker runs: playwright alone does not keep Node's event loop alive.
  browser ??= await launchBrowser();
  return openPage(browser, tracker.url + hash);
}

function assertClean(page) {
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.externalRequests, [], 'requests that left the server');
}

const card = (run, tag, sample = 0) =>
  `.md-card[data-run="${run}"][data-tag="${tag}"][data-sample="${sample}"]`;

test('images: pixels load, the slider changes the step, actual size', async () => {
  const page = await corpusPage('#images');
  const sel = card('resnet_tb/train', 'augmented_batch', 1);
  await page.waitForFunction((s) => {
    const img = document.querySelector(s + ' img.md-image');
    return img && img.complete && img.naturalWidth > 0;
  }, sel, {timeout: 15000});
  // Every image in view has pixels.
  await page.waitForFunction(() => [...document.querySelectorAll('img.md-image')]
      .filter((img) => img.getBoundingClientRect().top < innerHeight)
      .every((img) => img.complete && img.naturalWidth > 0), null, {timeout: 15000});
  assert.equal(await page.textContent(sel + ' .md-step'), 'Step 400', 'starts at the newest step');
  const before = await page.getAttribute(sel + ' img.md-image', 'src');
  assert.match(before, /\/data\/plugin\/images\/individualImage\?blob_key=/);
  await page.fill(sel + ' input.md-slider', '0');
  assert.equal(await page.textContent(sel + ' .md-step'), 'Step 0');
  await page.waitForFunction((s) => {
    const img = document.querySelector(s + ' img.md-image');
    return img && img.complete && img.naturalWidth === 32;
  }, sel);
  const after = await page.getAttribute(sel + ' img.md-image', 'src');
  assert.notEqual(after, before, 'another step is another image');
  assert.match(await page.textContent(sel + ' .md-time'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  await screenshot(page, 'media_images');

  // Actual size: the 32×32 image is drawn at 32×32, then fitted again.
  await page.click(sel + ' .md-size-toggle');
  assert.equal(await page.$eval(sel + ' img.md-image', (img) => img.getBoundingClientRect().width), 32);
  await page.click(sel + ' .md-size-toggle');
  assert.ok(await page.$eval(sel + ' img.md-image', (img) => img.getBoundingClientRect().width) > 200);

  await page.emulateMedia({colorScheme: 'dark'});
  await page.waitForTimeout(200);
  await screenshot(page, 'media_images_dark');
  await page.emulateMedia({colorScheme: 'light'});

  // The tag filter narrows the cards.
  await page.fill('.toolbar-row input', 'attention');
  await page.waitForFunction(() => document.querySelectorAll('.md-card').length === 1);
  assertClean(page);
  await page.close();
});

test('audio: a player with a playable source', async () => {
  const page = await corpusPage('#audio');
  const sel = card('mnist_tbx/train', 'audio/tone');
  await page.waitForSelector(sel + ' audio.md-audio');
  const src = await page.getAttribute(sel + ' audio', 'src');
  assert.match(src, /\/data\/plugin\/audio\/individualAudio\?blob_key=/);
  const response = await fetch(src);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'audio/wav');
  await page.waitForFunction((s) => document.querySelector(s + ' audio').duration > 0, sel, {timeout: 15000});
  const steps = await page.$eval(sel + ' input.md-slider', (input) => Number(input.max) + 1);
  assert.equal(steps, 2);
  await page.fill(sel + ' input.md-slider', '0');
  assert.equal(await page.textContent(sel + ' .md-step'), 'Step 0');
  assert.notEqual(await page.getAttribute(sel + ' audio', 'src'), src);
  await screenshot(page, 'media_audio');
  assertClean(page);
  await page.close();
});

test('text: Markdown tables, the slider picks the step', async () => {
  const page = await corpusPage('#text');
  const sel = card('mnist_tbx/train', 'notes/text_summary');
  await page.waitForSelector(sel + ' .md-markdown table th');
  assert.deepEqual(await page.$$eval(sel + ' .md-markdown th', (ths) => ths.map((th) => th.textContent)),
      ['metric', 'value']);
  assert.equal(await page.textContent(sel + ' .md-markdown h3'), 'Step 299');
  await page.fill(sel + ' input.md-slider', '1');
  assert.equal(await page.textContent(sel + ' .md-markdown h3'), 'Step 100');
  assert.equal(await page.textContent(sel + ' .md-step'), 'Step 100');
  // A 2-D string tensor renders as a table too.
  await page.waitForSelector(card('resnet_tb/train', 'eval_table') + ' .md-markdown table td');
  await screenshot(page, 'media_text');
  assertClean(page);
  await page.close();
});

// --- a logdir with hostile text, written here as a real event file ----------------------

// A v2 text summary event: a DT_STRING scalar tensor with the "text" plugin's metadata.
function textEvent(tag, markdown, step) {
  const metadata = new Msg().field(1, new Msg().field(1, 'text'));
  const tensor = new Msg().varint(1, 7).field(2, Buffer.alloc(0)).field(8, markdown);
  const value = new Msg().field(1, tag).field(8, tensor).field(9, metadata);
  return new Msg().double(1, 1700000000 + step).varint(2, step)
      .field(5, new Msg().field(1, value)).encode();
}

test('text: a logged <script> never runs and markup cannot reach out', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tracker-text-'));
  cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
  mkdirSync(path.join(dir, 'evil'));
  const version = new Msg().double(1, 0).field(3, 'brain.Event:2').encode();
  const hostile = '# Hostile\n\n<script>window.__pwned = 1</script>\n\n' +
    '<img src="x" onerror="window.__pwned = 2">\n\n<a href="javascript:window.__pwned=3">link</a>\n\n' +
    '| a | b |\n|---|---|\n| 1 | 2 |\n';
  writeFileSync(path.join(dir, 'evil', 'events.out.tfevents.1700000000.test'),
      Buffer.concat([tfRecord(version), tfRecord(textEvent('notes', hostile, 1))]));
  const evil = await startTracker({logdir: dir});
  cleanups.push(() => evil.stop());
  browser ??= await launchBrowser();
  const page = await openPage(browser, evil.url + '#text');
  const sel = card('evil', 'notes');
  await page.waitForSelector(sel + ' .md-markdown h1');
  assert.equal(await page.textContent(sel + ' .md-markdown h1'), 'Hostile');
  await page.waitForSelector(sel + ' .md-markdown table td');
  // Whatever the server let through shows as text; nothing ran.
  const html = await page.$eval(sel + ' .md-markdown', (node) => node.innerHTML);
  assert.ok(!/<script/i.test(html), 'no script element: ' + html);
  assert.ok(!/onerror=/i.test(html.replace(/&lt;[^&]*&gt;/g, '')), 'no live event handler');
  await page.click(sel + ' .md-markdown a').catch(() => {});
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await screenshot(page, 'media_text_hostile');
  assertClean(page);
  await page.close();
});
