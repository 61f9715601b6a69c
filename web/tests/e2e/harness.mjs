// The e2e harness: start the real tracker binary on a corpus, drive headless Chromium against
// it, and collect what a test asserts on (console errors, requests that leave the server).
import {spawn} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before} from 'node:test';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..', '..');
const repoDir = path.resolve(webDir, '..');

export const corpusDir = path.join(repoDir, 'tests', 'data', 'corpus');

const BANNER = /at (http:\/\/[^\s/]+:(\d+)\/\S*)/;
const STARTUP_TIMEOUT_MS = 30000;

// Spawns $TRACKER_BINARY (default <repo>/build/tracker) on an OS-chosen port and resolves once
// the banner names the URL. `args` are appended (e.g. ['--path_prefix=/tb']).
export async function startTracker({logdir, args = []}) {
  const binary = process.env.TRACKER_BINARY || path.join(repoDir, 'build', 'tracker');
  const argv = ['--port', '0'];
  if (logdir !== undefined) argv.push('--logdir=' + logdir);
  if (process.env.TRACKER_WEBROOT) argv.push('--webroot', process.env.TRACKER_WEBROOT);
  argv.push(...args);
  const child = spawn(binary, argv, {stdio: ['ignore', 'ignore', 'pipe']});
  let log = '';
  const found = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('no banner within ' + STARTUP_TIMEOUT_MS + ' ms')),
        STARTUP_TIMEOUT_MS);
    function onEarlyExit(code) {
      fail(new Error('exited with ' + code));
    }
    function done() {
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.off('error', fail);
      child.stderr.off('data', onData);
    }
    function fail(error) {
      done();
      child.kill('SIGKILL');
      reject(new Error(binary + ' ' + argv.join(' ') + ': ' + error.message + '\n' + log));
    }
    function onData(chunk) {
      log += chunk;
      const match = BANNER.exec(log);
      if (match) {
        done();
        resolve(match);
      }
    }
    child.on('error', fail);
    child.on('exit', onEarlyExit);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', onData);
  });
  // Keep draining stderr so the child never blocks on a full pipe.
  child.stderr.on('data', () => {});
  const port = Number(found[2]);
  const url = found[1].replace('://localhost:', '://127.0.0.1:').replace('://[::1]:', '://127.0.0.1:');
  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  return {url, port, process: child, stop};
}

// Chromium's headless mode (156) preloads the omnibox popup's WebUI in a renderer of its own for
// every new window; on this 2-core machine that renderer took more CPU than the page under test
// while the page loaded (a trace of bench/web/page_bench.mjs: 2.2 s of tasks against the page's
// 2.1 s). Nothing here uses the browser's own UI, so it is turned off.
const CHROME_UI_FEATURES = ['PreloadTopChromeWebUI', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking',
      `--disable-features=${CHROME_UI_FEATURES.join(',')}`],
  });
}

// A new page on `url` with page.consoleErrors[] (console errors and uncaught exceptions) and
// page.externalRequests[] (every request not to the tracker's own origin).
export async function openPage(browser, url, {width = 1440, height = 900} = {}) {
  const page = await browser.newPage({viewport: {width, height}});
  const origin = new URL(url).origin;
  page.consoleErrors = [];
  page.externalRequests = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => page.consoleErrors.push(String(error && error.stack || error)));
  page.on('request', (request) => {
    const requestUrl = request.url();
    if (requestUrl.startsWith('data:') || requestUrl.startsWith('blob:')) return;
    if (new URL(requestUrl).origin !== origin) page.externalRequests.push(requestUrl);
  });
  await page.goto(url, {waitUntil: 'load'});
  return page;
}

export async function screenshot(page, name) {
  const dir = process.env.ARTIFACTS_DIR || path.join(webDir, 'tests', 'artifacts');
  mkdirSync(dir, {recursive: true});
  const file = path.join(dir, name + '.png');
  await page.screenshot({path: file});
  return file;
}

// For a test file that works on one server over the corpus: node:test hooks that start tracker
// and a browser before its tests and stop both after. The returned object's `tracker` and
// `browser` are set once the hooks have run.
export function useCorpusServer({args = []} = {}) {
  const server = {tracker: null, browser: null};
  before(async () => {
    server.tracker = await startTracker({logdir: corpusDir, args});
    server.browser = await launchBrowser();
  });
  after(async () => {
    if (server.browser) await server.browser.close();
    if (server.tracker) await server.tracker.stop();
  });
  return server;
}
