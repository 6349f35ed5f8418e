// Benchmark: the window at 100,000 messages, in Debian's Chromium, against the issue's targets
// (issue 13): first rows < 300 ms, search p95 < 100 ms, scrollbar jump < 100 ms, no long task
// over 50 ms while scrolling. It prints figures and asserts nothing.
//
//   npm run bench:window [-- --messages 100000 --runs 10 --fresh --use-dist --tree DIR --new-mail N]
//
// --new-mail N (default 5000) keeps the engine busy during the first scroll, as after a real
// start: a third account downloads N messages from a POP3 server on 127.0.0.1 at start-up
// (bench/window-new-mail.ts), so sync progress and new-mail events reach the window while it
// scrolls. --new-mail 0 measures a quiet engine.
//
// --tree DIR measures another checkout with this bench, e.g. the last commit as the "before":
//   mkdir /tmp/poplar-head && git archive HEAD | tar -x -C /tmp/poplar-head
//   ln -s "$PWD/node_modules" /tmp/poplar-head/node_modules
//   npm run bench:window -- --tree /tmp/poplar-head
// Its profile is written by that tree's store (its schema, its indexes), its window built from
// its renderer/, and its own `poplar serve` serves both.
//
// 1. A profile of --messages N (bench/window-profile.ts, messages from bench/window-mail.ts):
//    real .eml files and rows through the store's API, cached under os.tmpdir() by N, bench
//    version and schema; --fresh rebuilds it.
// 2. The window as the tree has it: renderer/ built with Vite into a temp folder (--use-dist
//    serves dist/renderer from `npm run build` instead), served by `poplar serve` on that
//    profile as `npm run serve` runs it (bench/window-serve.ts: a child process, 127.0.0.1, its
//    own lock folder), opened in /usr/bin/chromium through playwright-core, 1440×900.
// 3. Measured in the page (bench/window-page.ts: performance.now() in MutationObserver callbacks
//    and animation frames, PerformanceObserver 'longtask' and 'long-animation-frame'), in this
//    order: the main page opens and scrolls at once (the first minute), then the fresh pages,
//    jumps and searches, then the main page scrolls again once LATER_MS have passed since the
//    engine started:
//    - navigation → first real row in view (not a skeleton), each time in a fresh page;
//    - search as you type, a common, a rare and a missing word, typed key by key 80–120 ms
//      apart: last keydown → the list settled (row 1 is the query's newest message, the rows in
//      view are real, the list's aria-setsize is the query's count; or the empty state);
//    - scrollbar jumps (scrollTop set) to far positions, then back to positions already seen:
//      until the rows in view there are the real rows of those indices;
//    - a 20 s wheel scroll (real wheel events over the list, ~5,000 px/s) soon after start and
//      again two minutes after: long tasks, frame times, frames with skeletons in view;
//    - the renderer's JS heap (CDP Performance.getMetrics) after each scroll.
// Everything it starts is stopped at the end, each step bounded: poplar serve by its process id,
// Chromium through Playwright (which started it), the POP3 server; its temp folders are
// removed, the cached profile stays. With a cached profile a run takes about 2.5 minutes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium.ts';
import { seededRandom } from '../tests/support/messages.ts';
import { mailMeta } from './window-mail.ts';
import {
  firstRowsSeen,
  installProbe,
  listGeometry,
  pageMemory,
  startFigures,
  startScrollSample,
  startWatch,
  stopScrollSample,
  watchResult,
  type Expect,
  type ScrollSample,
  type WatchResult,
} from './window-page.ts';
import { benchProfile, type BenchProfile, type SearchName } from './window-profile.ts';
import { prepareNewMail, type NewMail } from './window-new-mail.ts';
import { serve as startServe, type Served } from './window-serve.ts';
import { percentile, table, type Row } from './window-stats.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    fresh: { type: 'boolean', default: false },
    runs: { type: 'string', default: '10' },
    'nav-runs': { type: 'string', default: '6' },
    jumps: { type: 'string', default: '12' },
    'scroll-seconds': { type: 'string', default: '20' },
    'later-seconds': { type: 'string', default: '120' },
    'use-dist': { type: 'boolean', default: false },
    tree: { type: 'string' },
    'new-mail': { type: 'string', default: '5000' },
  },
});
const MESSAGES = Number(values.messages);
const SEARCH_RUNS = Number(values.runs);
const NAV_RUNS = Number(values['nav-runs']);
const JUMPS = Number(values.jumps);
const JUMPS_BACK = 4;
/** Messages downloaded at start-up, during the first scroll (bench/window-new-mail.ts); 0: none. */
const NEW_MAIL = Number(values['new-mail']);
const SCROLL_MS = Number(values['scroll-seconds']) * 1000;
/** The second scroll starts at least this long after the engine did ("later", not the first minute). */
const LATER_MS = Number(values['later-seconds']) * 1000;
const WAIT_MS = 20_000;
const VIEWPORT = { width: 1440, height: 900 };
/** A brisk wheel: 200 px a notch, a notch every ~20 ms plus the time Chromium takes to take it. */
const WHEEL_PX = 200;
const WHEEL_GAP_MS = 20;
const LIST = '[role="listbox"][aria-label^="Messages"]';
const SEARCH = 'input[type="search"]';
const REPO = path.resolve(import.meta.dirname, '..');
/** The source tree measured: this one, or --tree. */
const TREE = path.resolve(values.tree ?? REPO);

if (!Number.isInteger(NEW_MAIL) || NEW_MAIL < 0) {
  console.error('--new-mail must be a whole number ≥ 0');
  process.exit(2);
}
for (const [name, n] of Object.entries({
  messages: MESSAGES,
  runs: SEARCH_RUNS,
  'nav-runs': NAV_RUNS,
  jumps: JUMPS,
  'scroll-seconds': SCROLL_MS,
})) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number ≥ 1`);
    process.exit(2);
  }
}

/** What the bench started, stopped last-first; each step is bounded, so one that hangs cannot keep the others from running. */
const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
const CLEANUP_STEP_MS = 30_000;
async function cleanUp(): Promise<void> {
  for (let c = cleanups.pop(); c; c = cleanups.pop()) {
    const step = c;
    try {
      const bounded = sleep(CLEANUP_STEP_MS, 'timeout' as const, { ref: false });
      if ((await Promise.race([step.run().then(() => 'done' as const), bounded])) === 'timeout')
        console.error(`clean-up: ${step.what} did not finish within ${CLEANUP_STEP_MS / 1000} s`);
    } catch (error) {
      console.error(`clean-up: ${step.what}: ${(error as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the bench started`);
    void cleanUp().then(() => process.exit(130));
  });
}

const log = (line: string): void => console.log(line);
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  log(`bench:window — ${new Date().toISOString()}`);
  log(
    `machine: ${cpus.length} cores, ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; Node ${process.version}`,
  );
  if (TREE === REPO) {
    const changed = git(['status', '--porcelain']).split('\n').filter(Boolean).length;
    log(`tree: ${REPO} at ${git(['rev-parse', '--short', 'HEAD'])} with ${changed} changed file(s)`);
  } else log(`tree: ${TREE} (--tree), measured with the bench of ${REPO}`);
  if (!existsSync(path.join(TREE, 'electron/cli/poplar.ts'))) throw new Error(`${TREE} is not a Poplar source tree`);
  if (!existsSync(CHROMIUM_PATH)) {
    log(`Skipping: no Chromium at ${CHROMIUM_PATH}. Install Debian's package: apt-get install chromium`);
    return;
  }

  const profile = await prepareProfile();
  const rendererDir = await prepareRenderer();
  let served = profile.dir;
  let newMail: NewMail | null = null;
  if (NEW_MAIL > 0) {
    newMail = await prepareNewMail(TREE, profile, NEW_MAIL);
    cleanups.push({ what: 'the new-mail server and profile copy', run: () => newMail?.close() ?? Promise.resolve() });
    served = newMail.dir;
    log(
      `new mail: ${NEW_MAIL} messages on a POP3 server at 127.0.0.1:${newMail.server.port}, downloaded at start-up into a copy of the profile`,
    );
  }

  const lockDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-window-locks-'));
  cleanups.push({ what: 'the lock folder', run: () => rm(lockDir, { recursive: true, force: true }) });
  const serveStarted = performance.now();
  const env = { POPLAR_LOCK_DIR: lockDir, POPLAR_RENDERER_DIR: rendererDir, ...newMail?.env };
  const serve = await startServe(TREE, served, env, 60_000);
  cleanups.push({ what: `poplar serve (pid ${serve.pid})`, run: () => serve.stop() });
  const engineStart = performance.now();
  log(`poplar serve (pid ${serve.pid}) ready in ${s(engineStart - serveStarted)} at http://127.0.0.1:${serve.port}/`);
  const since = (): string => s(performance.now() - engineStart);
  const downloaded = newMail?.server.waitForSessionClosed(1).then(() => performance.now() - engineStart);

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
  cleanups.push({ what: 'Chromium', run: () => browser.close() });
  log(`Chromium ${browser.version()} (${CHROMIUM_PATH}), viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(installProbe);

  // The main page first, and its first scroll at once: "in the first minute after start".
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const opened = performance.now();
  await page.goto(serve.url, { waitUntil: 'commit' });
  await page.waitForFunction(firstRowsSeen, undefined, { timeout: 60_000, polling: 50 });
  const early = await wheelScroll(page, `scroll 1 (from ${since()} after the engine started)`);
  const heap1 = await heap(context, page);

  let total = profile.expect.total;
  const notes: string[] = [];
  if (newMail && downloaded) {
    const ended = await Promise.race([downloaded, sleep(600_000, null, { ref: false })]);
    total += NEW_MAIL;
    notes.push(
      `new mail: the download of ${NEW_MAIL} messages ended ${ended === null ? '(not within 10 min)' : s(ended)} after the engine started`,
    );
    const shown = await waitFor(page, topOfList(profile, total), false, undefined, 0); // back at the top after the scroll
    if (shown.ms === null) {
      const sessions = newMail.server.sessions().map((r) => JSON.stringify(r).slice(0, 300));
      throw new Error(
        `the list did not come to show ${total} messages after the download.\nPOP3 sessions: ${sessions.join('\n')}\n` +
          `poplar serve said:\n${serve.stderr().slice(-3000)}`,
      );
    }
  } else {
    const shown = await waitFor(page, topOfList(profile, total), false, undefined, 0);
    if (shown.ms === null) throw new Error(`the list did not show the profile's ${total} messages`);
  }

  const rows: Row[] = [];
  rows.push(...(await navigation(context, serve, notes)));
  rows.push(...(await jumps(page, profile)));
  rows.push(...(await searches(page, profile, total)));
  const wait = LATER_MS - (performance.now() - engineStart);
  if (wait > 0) {
    log(`waiting ${s(wait)} so the second scroll starts ${s(LATER_MS)} after the engine`);
    await sleep(wait);
  }
  const late = await wheelScroll(page, `scroll 2 (from ${since()} after the engine started)`);
  const heap2 = await heap(context, page);
  log(`main page open for ${s(performance.now() - opened)}`);

  log(`\nResults: ${total} messages in All inboxes (${MESSAGES + NEW_MAIL} stored), ${new Date().toISOString()}`);
  log(table(rows));
  log('');
  log(scrollTable([early, late]));
  log('');
  for (const [label, h] of [
    ['after scroll 1', heap1],
    ['after scroll 2', heap2],
  ] as const) {
    log(
      `renderer JS heap ${label}: ${mb(h.used)} MB used of ${mb(h.total)} MB (${mb(h.afterGc)} MB after a forced GC), ` +
        `${h.nodes} DOM nodes${h.pageUsed === null ? '' : `; performance.memory ${mb(h.pageUsed)} MB`}`,
    );
  }
  for (const note of notes) log(note);
  log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

async function prepareProfile(): Promise<BenchProfile> {
  const started = performance.now();
  log(`profile: ${MESSAGES} messages…`);
  const profile = await benchProfile(TREE, MESSAGES, values.fresh === true, log);
  const size = `${(profile.bytes / 1e6).toFixed(0)} MB of .eml files`;
  if (profile.reused) {
    log(`profile: reused the cached one at ${profile.dir} (${size}; built earlier in ${s(profile.buildMs)}; --fresh rebuilds)`);
  } else log(`profile: built in ${s(performance.now() - started)} at ${profile.dir} (${size}; cached for the next run)`);
  const { search } = profile.expect;
  log(
    `search words: common '${search.common.word}' in ${search.common.count}, rare '${search.rare.word}' in ${search.rare.count}, ` +
      `missing '${search.missing.word}' in none`,
  );
  return profile;
}

/** The working tree's renderer, built now, so the bench measures the source as it is. */
async function prepareRenderer(): Promise<string> {
  if (values['use-dist']) {
    const dir = path.join(TREE, 'dist/renderer');
    if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: run npm run build, or leave out --use-dist`);
    log(`renderer: ${dir} (--use-dist)`);
    return dir;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-window-renderer-'));
  cleanups.push({ what: 'the renderer build', run: () => rm(dir, { recursive: true, force: true }) });
  const started = performance.now();
  const { build } = await import('vite');
  await build({
    configFile: path.join(TREE, 'vite.config.ts'),
    root: path.join(TREE, 'renderer'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  log(`renderer: built from ${path.join(TREE, 'renderer')} in ${s(performance.now() - started)}`);
  return dir;
}

function topOfList(profile: BenchProfile, total: number): Expect {
  const first = profile.expect.order[0];
  if (first === undefined) throw new Error('the profile has no messages');
  const m = mailMeta(first, MESSAGES);
  return { kind: 'top', subject: m.subject, from: m.fromName, count: total };
}

/** Waits for `expect` (timed from the next keydown when `fromKey`, else from now), after `act`. */
async function waitFor(page: Page, expect: Expect, fromKey: boolean, act?: () => Promise<void>, jumpTo: number | null = null) {
  await page.evaluate(startWatch, { expect, fromKey, jumpTo, timeoutMs: WAIT_MS });
  if (act) await act();
  const result = await page.evaluate(watchResult);
  if (!result) throw new Error('the page lost its watch (did it reload?)');
  return result;
}

async function navigation(context: BrowserContext, serve: Served, notes: string[]): Promise<Row[]> {
  const inPage: number[] = [];
  const wall: number[] = [];
  let failed = 0;
  for (let run = 0; run < NAV_RUNS; run++) {
    const page = await context.newPage();
    try {
      const started = performance.now();
      await page.goto(serve.url, { waitUntil: 'commit' });
      const seen = await page
        .waitForFunction(firstRowsSeen, undefined, { timeout: WAIT_MS, polling: 20 })
        .then(() => true)
        .catch(() => false);
      if (!seen) {
        failed++;
        continue;
      }
      wall.push(performance.now() - started);
      const f = await page.evaluate(startFigures);
      if (f.firstRows !== null) inPage.push(f.firstRows);
      if (run === 0 || run === NAV_RUNS - 1) {
        const longest = Math.max(0, ...f.longTasksBefore.map((t) => t.duration));
        notes.push(
          `navigation ${run + 1}: first rows at ${f.firstRows?.toFixed(0)} ms after ${f.sendsBefore.length} call(s) ` +
            `[${summarise(f.sendsBefore)}]; ${f.longTasksBefore.length} long task(s) before them, longest ${longest.toFixed(0)} ms`,
        );
      }
    } finally {
      await page.close();
    }
  }
  log(`navigation: ${inPage.map((x) => x.toFixed(0)).join(', ')} ms`);
  return [
    { measure: 'navigation → first rows', samples: inPage, failed, target: '< 300', note: 'in-page, from navigation start' },
    { measure: '  (page.goto → seen, Node side)', samples: wall, note: 'includes Playwright round trips' },
  ];
}

function summarise(channels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of channels) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${c}×${n}` : c)).join(', ');
}

async function searches(page: Page, profile: BenchProfile, total: number): Promise<Row[]> {
  const random = seededRandom(4242);
  const names: SearchName[] = ['common', 'rare', 'missing'];
  const settled: Record<SearchName, number[]> = { common: [], rare: [], missing: [] };
  const firstChange: Record<SearchName, number[]> = { common: [], rare: [], missing: [] };
  const failed: Record<SearchName, number> = { common: 0, rare: 0, missing: 0 };
  const clears: number[] = [];
  let clearFailed = 0;
  const all = topOfList(profile, total);
  for (let run = 0; run < SEARCH_RUNS; run++) {
    for (const name of names) {
      const q = profile.expect.search[name];
      const expect: Expect =
        q.first === null
          ? { kind: 'empty', word: q.word }
          : { kind: 'top', subject: mailMeta(q.first, MESSAGES).subject, from: mailMeta(q.first, MESSAGES).fromName, count: q.count };
      await page.click(SEARCH);
      const keys = [...q.word];
      const last = keys.pop() ?? '';
      for (const key of keys) {
        const started = performance.now();
        await page.keyboard.press(key);
        await sleep(Math.max(0, 80 + random() * 40 - (performance.now() - started)));
      }
      const r = await waitFor(page, expect, true, () => page.keyboard.press(last));
      record(r, settled[name], () => failed[name]++);
      if (r.firstChangeMs !== null) firstChange[name].push(r.firstChangeMs);
      const c = await waitFor(page, all, true, () => page.keyboard.press('Escape'));
      record(c, clears, () => clearFailed++);
      await sleep(200);
    }
    log(`search round ${run + 1}/${SEARCH_RUNS}: ${names.map((n) => `${n} ${settled[n].at(-1)?.toFixed(0) ?? 'timeout'} ms`).join(', ')}`);
  }
  return [
    ...names.map((name) => ({
      measure: `search '${profile.expect.search[name].word}' (${name}, ${profile.expect.search[name].count} hits)`,
      samples: settled[name],
      failed: failed[name],
      target: 'p95 < 100',
      note: `last key → settled; first DOM change p50 ${percentile(firstChange[name], 0.5).toFixed(0)} ms`,
    })),
    { measure: 'search cleared (Escape → full list)', samples: clears, failed: clearFailed },
  ];
}

function record(r: WatchResult, into: number[], onFail: () => void): void {
  if (r.ms === null) onFail();
  else into.push(r.ms);
}

async function jumps(page: Page, profile: BenchProfile): Promise<Row[]> {
  const g = await page.evaluate(listGeometry);
  if (!g || g.total === 0) throw new Error('the message list is not on the page');
  const rowHeight = g.scrollHeight / g.total;
  const maxTop = g.scrollHeight - g.clientHeight;
  const random = seededRandom(777);
  const fresh: number[] = [];
  const back: number[] = [];
  let failed = 0;
  let wrong = 0;
  let previous = 0;
  const targets: Array<{ top: number; again: boolean }> = [];
  for (let i = 0; i < JUMPS; i++) {
    let top = Math.round(random() * maxTop);
    while (Math.abs(top - previous) < maxTop * 0.05) top = Math.round(random() * maxTop);
    targets.push({ top, again: false });
    previous = top;
  }
  for (let i = 0; i < JUMPS_BACK; i++) targets.push({ top: targets[Math.floor(random() * JUMPS)]?.top ?? 0, again: true });
  for (const { top, again } of targets) {
    const subjects: Record<number, string> = {};
    const firstIndex = Math.floor(top / rowHeight);
    for (let i = Math.max(0, firstIndex - 2); i <= Math.min(g.total - 1, firstIndex + Math.ceil(g.clientHeight / rowHeight) + 2); i++) {
      const n = profile.expect.order[i];
      if (n !== undefined) subjects[i] = mailMeta(n, MESSAGES).subject;
    }
    const r = await waitFor(page, { kind: 'here', subjects }, false, undefined, top);
    if (r.wrong) wrong++;
    record(r, again ? back : fresh, () => failed++);
    await sleep(300);
  }
  log(`jumps: ${fresh.map((x) => x.toFixed(0)).join(', ')} ms; back: ${back.map((x) => x.toFixed(0)).join(', ')} ms`);
  const wrongNote = wrong ? `; ${wrong} showed other messages first` : '';
  return [
    { measure: 'scrollbar jump → real rows', samples: fresh, failed, target: '< 100', note: `far positions${wrongNote}` },
    { measure: 'jump back to rows already seen', samples: back, target: '< 100' },
  ];
}

async function wheelScroll(page: Page, label: string): Promise<ScrollSample & { label: string }> {
  const box = await page.locator(LIST).boundingBox();
  if (!box) throw new Error('the message list has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(startScrollSample);
  const end = performance.now() + SCROLL_MS;
  let direction = 1;
  for (let notch = 0; performance.now() < end; notch++) {
    await page.mouse.wheel(0, WHEEL_PX * direction);
    await sleep(WHEEL_GAP_MS);
    if (notch % 25 === 0) {
      const g = await page.evaluate(listGeometry);
      if (g && g.scrollTop + g.clientHeight >= g.scrollHeight - 2000) direction = -1;
      if (g && g.scrollTop <= 2000) direction = 1;
    }
  }
  const sample = await page.evaluate(stopScrollSample);
  if (!sample) throw new Error('the scroll sample was lost');
  log(`${label}: ${sample.longTasks.length} long tasks, ${sample.frames.length} frames`);
  return { ...sample, label };
}

function scrollTable(samples: ReadonlyArray<ScrollSample & { label: string }>): string {
  const lines = [`wheel scroll, ${SCROLL_MS / 1000} s each (target: no long task over 50 ms)`];
  for (const x of samples) {
    const longest = Math.max(0, ...x.longTasks.map((t) => t.duration));
    const busy = x.longTasks.reduce((sum, t) => sum + t.duration, 0);
    lines.push(
      `  ${x.label}: ${x.longTasks.length} long tasks (longest ${longest.toFixed(0)} ms, ${busy.toFixed(0)} ms in all); ` +
        `${x.longFrames.length} long animation frames (longest ${Math.max(0, ...x.longFrames.map((t) => t.duration)).toFixed(0)} ms); ` +
        `frames ${x.frames.length}, median ${percentile(x.frames, 0.5).toFixed(1)} ms, p95 ${percentile(x.frames, 0.95).toFixed(1)} ms, ` +
        `max ${Math.max(0, ...x.frames).toFixed(0)} ms; ` +
        `skeletons in view in ${((100 * x.skeletonFrames) / Math.max(1, x.frames.length)).toFixed(0)} % of frames; ` +
        `${((x.scrolledPx / x.ms) * 1000).toFixed(0)} px/s`,
    );
  }
  return lines.join('\n');
}

async function heap(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize'), nodes: get('Nodes') };
    };
    const before = await read();
    const pageUsed = (await page.evaluate(pageMemory))?.used ?? null;
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await read();
    return { ...before, afterGc: after.used, pageUsed };
  } finally {
    await cdp.detach();
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

try {
  await main();
} catch (error) {
  console.error(`bench:window failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
