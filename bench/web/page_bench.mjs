// Scalars page benchmark (issue #4 §11): the real tracker on a generated logdir of 50 runs ×
// T scalar tags × 100,000 steps, the bundled UI in headless Chromium at 1440×900.
//
//   cd web && node build.mjs && cd .. && \
//   TRACKER_BINARY=/tmp/tracker-dev/tracker TRACKER_WEBROOT=$PWD/web/dist \
//     node bench/web/page_bench.mjs [--repeats=7] [--tags=4] [--runs=50] [--steps=100000]
//     [--smoothing=0.9] [--profile]
//
// $BUILD_DIR (default <repo>/build) holds load_bench, which writes the logdir once under
// bench/out/page (kept between runs: load_bench regenerates it only when its shape changes).
// $TRACKER_BINARY defaults to $BUILD_DIR/tracker. Each repeat is a fresh page (a new browser
// context, so a cold HTTP cache) and measures, on the page's own clock:
//
//  first_chart_ms  navigation start (performance.now() === 0) → the first animation frame in
//                  which some scalar chart canvas holds run-coloured line pixels (alpha > 100,
//                  max(r,g,b) − min(r,g,b) > 60: the e2e tests' test; axes and grid are grey).
//                  Polled by a requestAnimationFrame loop installed before the app runs; the
//                  frame time is the rAF callback's performance.now().
//  smoothing_ms    the smoothing box's `change` event (event.timeStamp) → the animation frame
//                  of the last stroke on any visible chart canvas (a card whose box meets the
//                  viewport), once every one has been stroked and none has been for SETTLE_MS
//                  (so an intermediate draw does not count as "redrawn"). Then, outside the
//                  timing, each canvas's pixels must differ from its pixels before the event.
//                  This includes the UI's debounce, the batch refetch (the server smooths on the
//                  full series) and the draw.
//
// Prints one JSON object (median/max, per-repeat phases, load average) and a one-line summary.
// The first repeat is also reported on its own: it is the first navigation after the server
// started, so nothing the server keeps between requests (its window cache) helps it. The
// browser is the e2e harness's (web/tests/e2e/harness.mjs: Chromium's own UI preloading off).
// Targets: first chart < 1000 ms; smoothing redraw < 100 ms.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.resolve(here, '..', '..');
const buildDir = path.resolve(process.env.BUILD_DIR || path.join(repoDir, 'build'));
if (!process.env.TRACKER_BINARY) process.env.TRACKER_BINARY = path.join(buildDir, 'tracker');
const {startTracker, launchBrowser} = await import('../../web/tests/e2e/harness.mjs');

const opts = {runs: 50, tags: 4, steps: 100000, repeats: 7, smoothing: 0.9, profile: false,
  dir: path.join(repoDir, 'bench', 'out', 'page')};
for (const a of process.argv.slice(2)) {
  let m;
  if ((m = /^--(runs|tags|steps|repeats)=(\d+)$/.exec(a))) opts[m[1]] = Number(m[2]);
  else if ((m = /^--smoothing=([\d.]+)$/.exec(a))) opts.smoothing = Number(m[1]);
  else if ((m = /^--dir=(.+)$/.exec(a))) opts.dir = path.resolve(m[1]);
  else if (a === '--profile') opts.profile = true;
  else throw new Error(`unknown argument ${a}`);
}
const TARGET_FIRST_MS = 1000;
const TARGET_SMOOTHING_MS = 100;
const SETTLE_MS = 500;
const VIEWPORT = {width: 1440, height: 900};

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const round = (x) => Math.round(x * 10) / 10;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => ({median: round(median(xs)), max: round(Math.max(...xs)), all: xs.map(round)});
const log = (...args) => console.error('page_bench:', ...args);

// 1. The logdir.
const generator = path.join(buildDir, 'load_bench');
log(`ensuring ${opts.dir} (${opts.runs} runs × ${opts.tags} tags × ${opts.steps} steps)`);
const gen = spawnSync(generator, ['--child=generate', `--dir=${opts.dir}`, `--runs=${opts.runs}`,
  `--tags=${opts.tags}`, `--steps=${opts.steps}`], {stdio: ['ignore', 2, 2]});
if (gen.status !== 0) throw new Error(`${generator} --child=generate failed (${gen.status ?? gen.error})`);

// The bundle as served, gzipped (what build.mjs prints as "gzipped total"): the --webroot
// directory, or build/web, which the binary embeds.
const webroot = process.env.TRACKER_WEBROOT || null;
const bundleDir = webroot || path.join(buildDir, 'web');
let bundleGzipKiB = null;
if (existsSync(bundleDir)) {
  let gz = 0;
  for (const f of readdirSync(bundleDir).filter((f) => /\.(js|css)$/.test(f))) {
    gz += gzipSync(readFileSync(path.join(bundleDir, f))).length;
  }
  bundleGzipKiB = round(gz / 1024);
}

// 2. The server, and a wait until every series is fully loaded.
const t0 = Date.now();
const server = await startTracker({logdir: opts.dir});
const browser = await launchBrowser();
const result = {
  logdir: {dir: opts.dir, runs: opts.runs, tags: opts.tags, steps: opts.steps},
  tracker: process.env.TRACKER_BINARY, webroot, bundle_gzip_kib: bundleGzipKiB,
  viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, cpus: os.cpus().length, repeats: opts.repeats,
  smoothing_change: null, targets: {first_chart_ms: TARGET_FIRST_MS, smoothing_ms: TARGET_SMOOTHING_MS},
};
try {
  result.server_ready_ms = await waitLoaded(server.url);
  log(`server ${server.url} loaded in ${Date.now() - t0} ms`);

  // 3. Repeats, each in a fresh page.
  const reps = [];
  for (let i = 0; i < opts.repeats; i++) {
    const rep = await measureOnce(browser, server.url, i === opts.repeats - 1 && opts.profile);
    log(`#${i + 1}: first chart ${round(rep.first_chart_ms)} ms, smoothing ${round(rep.smoothing_ms)} ms, ` +
        `load ${rep.loadavg_before.join(' ')}`);
    reps.push(rep);
  }
  result.smoothing_change = reps[0].smoothing_change;
  result.visible_charts = reps[0].visible_charts;
  result.series_per_chart = reps[0].series_per_chart;
  result.first_chart_ms = stats(reps.map((r) => r.first_chart_ms));
  result.all_visible_charts_ms = stats(reps.map((r) => r.all_visible_ms));
  result.smoothing_ms = stats(reps.map((r) => r.smoothing_ms));
  // The first repeat is the first navigation after the server started: nothing the server
  // keeps between requests (its window cache) helps it.
  result.first_repeat = {first_chart_ms: round(reps[0].first_chart_ms),
    all_visible_charts_ms: round(reps[0].all_visible_ms), smoothing_ms: round(reps[0].smoothing_ms)};
  result.loadavg = {before_each: reps.map((r) => r.loadavg_before), at_end: loadavg()};
  result.repeats_detail = reps.map(({first_phases, smoothing_phases, draws, profile}) =>
    ({first_phases, smoothing_phases, draws, ...(profile ? {profile} : {})}));
  result.pass = {first_chart: result.first_chart_ms.median < TARGET_FIRST_MS,
    smoothing: result.smoothing_ms.median < TARGET_SMOOTHING_MS};
  console.log(JSON.stringify(result, null, 2));
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  console.log(`scalars page, ${opts.runs} runs × ${opts.tags} tags × ${opts.steps} steps, ` +
      `${result.visible_charts} visible charts: first chart median ${result.first_chart_ms.median} ms / ` +
      `max ${result.first_chart_ms.max} ms [<${TARGET_FIRST_MS}: ${verdict(result.pass.first_chart)}]; ` +
      `smoothing redraw median ${result.smoothing_ms.median} ms / max ${result.smoothing_ms.max} ms ` +
      `[<${TARGET_SMOOTHING_MS}: ${verdict(result.pass.smoothing)}]; first repeat (cold server) ` +
      `${result.first_repeat.first_chart_ms} / ${result.first_repeat.smoothing_ms} ms; bundle ${bundleGzipKiB} KiB gz; ` +
      `loadavg ${reps[0].loadavg_before.join(' ')} → ${result.loadavg.at_end.join(' ')} (${os.cpus().length} cpus)`);
} finally {
  await browser.close();
  await server.stop();
}

// Polls until /data/runs lists every run and each scalar series answers its last step.
async function waitLoaded(url) {
  const start = Date.now();
  const tags = [];
  for (let t = 0; t < opts.tags; t++) tags.push(`${t % 2 ? 'eval' : 'train'}/metric_${String(t).padStart(2, '0')}`);
  const series = [];
  for (let r = 0; r < opts.runs; r++) {
    for (const tag of tags) series.push({run: `run_${String(r).padStart(2, '0')}`, tag});
  }
  while (Date.now() - start < 600000) {
    try {
      const runs = await (await fetch(url + 'data/runs')).json();
      if (runs.length >= opts.runs) {
        const body = {series, points: 0, step_min: opts.steps - 1};
        const res = await (await fetch(url + 'data/plugin/scalars/batch', {method: 'POST',
          headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})).json();
        if (res.series.every((s) => s.points && s.points.some((p) => p[1] === opts.steps - 1))) {
          return Date.now() - start;
        }
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the logdir did not load within 600 s');
}

// Installed before the app's scripts. Reading a whole canvas every frame costs ~10 ms a frame
// on this machine (it slowed the page it measured by 3x), so pixels are read only when there is
// something new to read: a wrapper on CanvasRenderingContext2D.prototype.stroke counts strokes
// per canvas, and the rAF loop reads a chart canvas's pixels only in the first frame after its
// count moved. Times are that frame's (the one that presents the drawing).
function instrument() {
  const b = window.__pageBench = {firstColoured: null, allVisible: null, pixelReadMs: 0};
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function(...args) {
    this.canvas.__strokes = (this.canvas.__strokes || 0) + 1;
    if (b.awaitStroke) {
      b.awaitStroke = false;
      b.marks.push({name: 'first_stroke_after_batch', start: performance.now()});
    }
    return stroke.apply(this, args);
  };
  // When each batch response's body was read (and for JSON, parsed), and when the next stroke
  // on a chart followed (phases of the timings, not part of the measurement).
  b.marks = [];
  for (const [method, name] of [['json', 'batch_json_parsed'], ['arrayBuffer', 'batch_body_read']]) {
    const read = Response.prototype[method];
    Response.prototype[method] = function() {
      if (!this.url.endsWith('/data/plugin/scalars/batch')) return read.call(this);
      const start = performance.now();
      return read.call(this).then((value) => {
        b.marks.push({name, start, end: performance.now()});
        b.awaitStroke = true;
        return value;
      });
    };
  }
  const pixels = (canvas) => {
    return canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  };
  b.coloured = (canvas) => {
    if (!canvas || !canvas.width || !canvas.height) return false;
    const t = performance.now();
    const d = pixels(canvas);
    let found = false;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 100 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) {
        found = true;
        break;
      }
    }
    b.pixelReadMs += performance.now() - t;
    return found;
  };
  // Over whole pixels (a Uint32Array view): as sensitive as a sum over their bytes, and a
  // quarter of the iterations, which the measured page's main thread would otherwise pay.
  b.checksum = (canvas) => {
    const t = performance.now();
    const d = new Uint32Array(pixels(canvas).buffer);
    let s = 0;
    for (let i = 0; i < d.length; i++) s = (s * 31 + d[i]) % 1000000007;
    b.pixelReadMs += performance.now() - t;
    return s;
  };
  // Chart canvases of cards whose box meets the viewport.
  b.visibleCanvases = () => [...document.querySelectorAll('.card')].filter((card) => {
    if (card.offsetParent === null) return false;
    const r = card.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  }).map((card) => card.querySelector('canvas'));
  const seen = new WeakMap();  // canvas -> stroke count at its last pixel read
  const colouredCanvases = new WeakSet();
  const poll = () => {
    const now = performance.now();
    for (const canvas of document.querySelectorAll('.card canvas')) {
      const strokes = canvas.__strokes || 0;
      if (seen.get(canvas) === strokes) continue;
      seen.set(canvas, strokes);
      if (b.coloured(canvas)) colouredCanvases.add(canvas);
      else colouredCanvases.delete(canvas);
      if (b.firstColoured === null && colouredCanvases.has(canvas)) b.firstColoured = now;
    }
    if (b.firstColoured !== null) {
      const visible = b.visibleCanvases();
      if (visible.length && visible.every((c) => c && colouredCanvases.has(c))) {
        b.allVisible = now;
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

// In the page: change the smoothing box and time the redraw of every visible chart. Each frame
// notes which canvases were stroked since the last one; a canvas counts as redrawn at the frame
// of its last stroke, once no visible canvas has been stroked for settleMs. Only then are the
// pixels read, once per canvas, and every canvas must differ from its pixels before the change.
// A stroke that changed nothing still counts, so the figure can only be later than the frame in
// which the final pixels appeared, never earlier; and the page's main thread is not slowed by
// pixel reads while it works (reading a canvas every frame took 30-50 ms of it).
function changeSmoothing([value, settleMs]) {
  const b = window.__pageBench;
  b.pixelReadMs = 0;
  const canvases = b.visibleCanvases();
  const before = canvases.map(b.checksum);
  const strokesSeen = canvases.map((c) => c.__strokes || 0);
  const strokedAt = canvases.map(() => null);
  const draws = canvases.map(() => 0);
  const input = document.querySelector('.smoothing-number');
  let eventTime = null;
  input.addEventListener('change', (e) => (eventTime = e.timeStamp), {capture: true, once: true});
  return new Promise((resolve) => {
    const poll = () => {
      const now = performance.now();
      canvases.forEach((canvas, i) => {
        const strokes = canvas.__strokes || 0;
        if (strokes === strokesSeen[i]) return;
        strokesSeen[i] = strokes;
        draws[i]++;
        strokedAt[i] = now;
      });
      const all = strokedAt.every((t) => t !== null);
      const lastStroke = Math.max(...strokedAt.map((t) => t ?? 0));
      if ((all && now - lastStroke >= settleMs) || now - eventTime > 30000) {
        const changed = canvases.map((canvas, i) => b.checksum(canvas) !== before[i]);
        resolve({eventTime, redrawnAt: all && changed.every(Boolean) ? lastStroke : null, draws,
          changed, visible: canvases.length, pixelReadMs: b.pixelReadMs,
          series: [...document.querySelectorAll('.card .line-chart')].map((n) => Number(n.dataset.series))});
        return;
      }
      requestAnimationFrame(poll);
    };
    input.value = String(value);
    input.dispatchEvent(new Event('change', {bubbles: true}));
    requestAnimationFrame(poll);
  });
}

// Resource timing of the batch requests made since `since`, on the page clock.
function batchTimings(since) {
  return performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/data/plugin/scalars/batch') && e.startTime >= since)
      .map((e) => ({start: Math.round(e.startTime), response_start: Math.round(e.responseStart),
        end: Math.round(e.responseEnd), bytes: e.transferSize, decoded_bytes: e.decodedBodySize,
        server_compute_ms: e.serverTiming.find((t) => t.name === 'compute')?.duration ?? null}));
}

async function measureOnce(browser, url, profile) {
  const loadBefore = loadavg();
  const context = await browser.newContext({viewport: VIEWPORT});
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(instrument);
  const cdp = profile ? await context.newCDPSession(page) : null;
  const startProfile = async () => {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', {interval: 250});
    await cdp.send('Profiler.start');
  };
  const stopProfile = async (name) => {
    const {profile: p} = await cdp.send('Profiler.stop');
    const file = path.join(os.tmpdir(), `page-bench-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(p));
    return {file, top_self_ms: topSelf(p, 20)};
  };
  const profiles = {};
  try {
    if (cdp) await startProfile();
    await page.goto(url + '#scalars');
    await page.waitForFunction(() => window.__pageBench.allVisible !== null, null,
        {timeout: 60000, polling: 100});
    if (cdp) profiles.first_load = await stopProfile('first-load');
    const first = await page.evaluate(() => {
      const at = (re) => {
        const e = performance.getEntriesByType('resource').find((r) => re.test(r.name));
        return e ? {start: Math.round(e.startTime), end: Math.round(e.responseEnd)} : null;
      };
      const nav = performance.getEntriesByType('navigation')[0];
      return {first: window.__pageBench.firstColoured, all: window.__pageBench.allVisible,
        pixelReadMs: window.__pageBench.pixelReadMs,
        phases: {html_end: Math.round(nav.responseEnd), app_js: at(/\/app\.js$/),
          dom_content_loaded: Math.round(nav.domContentLoadedEventEnd),
          environment: at(/\/data\/environment$/), plugins_listing: at(/\/data\/plugins_listing$/),
          runs: at(/\/data\/runs$/), scalar_tags: at(/\/data\/plugin\/scalars\/tags$/)}};
    });
    first.phases.batches = await page.evaluate(batchTimings, 0);
    first.phases.marks = await page.evaluate(() => window.__pageBench.marks.map((m) =>
      ({name: m.name, start: Math.round(m.start), ...(m.end ? {end: Math.round(m.end)} : {})})));
    first.phases.first_coloured_frame = Math.round(first.first);
    first.phases.bench_pixel_reads_ms = round(first.pixelReadMs);
    // Let the page settle (late requests, the event stream) before the smoothing change.
    await page.waitForTimeout(1000);
    if (cdp) await startProfile();
    const since = await page.evaluate(() => performance.now());
    const sm = await page.evaluate(changeSmoothing, [opts.smoothing, SETTLE_MS]);
    if (cdp) profiles.smoothing = await stopProfile('smoothing');
    const profileSummary = cdp ? profiles : null;
    if (sm.redrawnAt === null) throw new Error(`not every visible chart redrew: ${JSON.stringify(sm)}`);
    const batches = await page.evaluate(batchTimings, since);
    const rel = (t) => Math.round(t - sm.eventTime);
    const marks = (await page.evaluate(() => window.__pageBench.marks)).filter((m) => m.start >= since)
        .map((m) => ({name: m.name, start: rel(m.start), ...(m.end ? {end: rel(m.end)} : {})}));
    if (errors.length) throw new Error('page errors: ' + errors.join('\n'));
    return {
      loadavg_before: loadBefore,
      first_chart_ms: first.first,
      all_visible_ms: first.all,
      first_phases: first.phases,
      smoothing_ms: sm.redrawnAt - sm.eventTime,
      smoothing_change: `0.6 → ${opts.smoothing} (number box, change event)`,
      visible_charts: sm.visible,
      series_per_chart: sm.series,
      draws: sm.draws,
      smoothing_phases: {batches: batches.map((b) => ({start: rel(b.start), response_start: rel(b.response_start),
        end: rel(b.end), bytes: b.bytes, decoded_bytes: b.decoded_bytes, server_compute_ms: b.server_compute_ms})), marks, redrawn: rel(sm.redrawnAt),
        bench_pixel_reads_ms: round(sm.pixelReadMs)},
      profile: profileSummary,
    };
  } finally {
    await context.close();
  }
}

// Self time per function (ms) from a CDP CPU profile, the heaviest first.
function topSelf(p, n) {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) || 0) + (p.timeDeltas[i] || 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, round(v)]);
}
