// What bench:window runs inside the page: each function here is handed to Playwright, which
// sends its source to Chromium, so it may use only its argument and the page's globals (no
// imports, no module constants). Times are the page's own performance.now(), taken in
// MutationObserver callbacks and animation frames, never Node-side round trips.
//
// The bench type-checks under Node's types (tests/tsconfig.json has no DOM library), so the few
// page globals used are described by the small PageWindow interface below and reached through
// `globalThis as unknown as PageWindow`, which declares nothing globally.
//
// The hooks (see /work/bench-window-selectors.txt):
//   [role="listbox"][aria-label^="Messages"]   the list, the element that scrolls
//   [role="option"] in it                      a row; aria-posinset (1-based index), aria-setsize (total)
//   aria-busy="true" or class "placeholder"    a skeleton row
//   .row-subject, .row-from                    the text of a real row

interface Rect {
  readonly top: number;
  readonly bottom: number;
  readonly height: number;
}

interface PageElement {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  readonly classList: { contains(name: string): boolean };
  readonly textContent: string | null;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

interface Observer {
  observe(target: unknown, options: object): void;
  disconnect(): void;
}

interface PerfEntry {
  readonly startTime: number;
  readonly duration: number;
}

export interface LongTask {
  readonly start: number;
  readonly duration: number;
}

export interface Probe {
  /** performance.now() when a real row was first in view (navigation start is 0). */
  firstRows: number | null;
  longTasks: LongTask[];
  /** Long animation frames (over 50 ms from the frame's start to its paint), which include rendering work. */
  longFrames: LongTask[];
  /** Calls the page sent over the WebSocket: time and channel. */
  sends: Array<{ t: number; channel: string }>;
  lastKey: number | null;
  watch: Promise<WatchResult> | null;
  sample: { stop: () => ScrollSample } | null;
}

interface PageWindow {
  readonly document: PageElement & {
    addEventListener(type: string, listener: () => void, capture: boolean): void;
  };
  readonly top: unknown;
  readonly self: unknown;
  readonly innerHeight: number;
  readonly performance: { now(): number; memory?: { usedJSHeapSize: number; totalJSHeapSize: number } };
  requestAnimationFrame(callback: (time: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  readonly MutationObserver: new (callback: () => void) => Observer;
  readonly PerformanceObserver: new (callback: (list: { getEntries(): PerfEntry[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  readonly WebSocket: { prototype: { send(data: unknown): void } };
  __bench?: Probe;
}

/** What the list must show for a wait to end. */
export type Expect =
  /** Row 1 is this message, the rows in view are real, and the list says it holds `count`. */
  | { readonly kind: 'top'; readonly subject: string; readonly from: string; readonly count: number }
  /** The list is empty and says so, naming `word`. */
  | { readonly kind: 'empty'; readonly word: string }
  /** The rows in view at the current scroll position are real and are these (by index). */
  | { readonly kind: 'here'; readonly subjects: Readonly<Record<number, string>> };

export interface WatchResult {
  /** From the start (the last key, or the jump) to the list settled; null when it timed out. */
  readonly ms: number | null;
  /** From the start to the first change inside the list pane. */
  readonly firstChangeMs: number | null;
  /** For 'here': whether a row in view showed another message than expected (stale rows). */
  readonly wrong: boolean;
}

export interface ScrollSample {
  readonly frames: number[];
  readonly longTasks: LongTask[];
  readonly longFrames: LongTask[];
  readonly skeletonFrames: number;
  readonly scrolledPx: number;
  readonly ms: number;
}

/** Installed before the window's own scripts (context.addInitScript): long tasks, calls, first rows. */
export function installProbe(): void {
  const w = globalThis as unknown as PageWindow;
  if (w.top !== w.self) return; // the reading pane's mail frame
  const probe: Probe = { firstRows: null, longTasks: [], longFrames: [], sends: [], lastKey: null, watch: null, sample: null };
  w.__bench = probe;
  for (const [type, into] of [
    ['longtask', probe.longTasks],
    ['long-animation-frame', probe.longFrames],
  ] as const) {
    try {
      new w.PerformanceObserver((list) => {
        for (const e of list.getEntries()) into.push({ start: e.startTime, duration: e.duration });
      }).observe({ type, buffered: true });
    } catch {
      // Not timed by this browser: the figures count none.
    }
  }
  const send = w.WebSocket.prototype.send;
  w.WebSocket.prototype.send = function (this: unknown, data: unknown) {
    try {
      const channel = typeof data === 'string' ? String((JSON.parse(data) as { channel?: unknown }).channel ?? '?') : '?';
      probe.sends.push({ t: w.performance.now(), channel });
    } catch {
      probe.sends.push({ t: w.performance.now(), channel: '?' });
    }
    send.call(this, data);
  };
  w.document.addEventListener('keydown', () => (probe.lastKey = w.performance.now()), true);
  const realRowInView = (): boolean => {
    const list = w.document.querySelector('[role="listbox"][aria-label^="Messages"]');
    if (!list) return false;
    const rows = list.querySelectorAll('[role="option"]');
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row || row.getAttribute('aria-busy') === 'true' || row.classList.contains('placeholder')) continue;
      const r = row.getBoundingClientRect();
      if (r.height > 0 && r.bottom > 0 && r.top < w.innerHeight) return true;
    }
    return false;
  };
  const observer = new w.MutationObserver(() => {
    if (probe.firstRows === null && realRowInView()) {
      probe.firstRows = w.performance.now();
      observer.disconnect();
    }
  });
  observer.observe(w.document, { childList: true, subtree: true, attributes: true });
}

/**
 * Starts waiting for the list to show `expect`; the result is left in __bench.watch. With
 * `fromKey`, the time counts from the next keydown (the last key of a search), else from now.
 * `jumpTo` sets the list's scrollTop first (a scrollbar jump), timed from just before.
 */
export function startWatch(arg: { expect: Expect; fromKey: boolean; jumpTo: number | null; timeoutMs: number }): void {
  const w = globalThis as unknown as PageWindow;
  const probe = w.__bench;
  if (!probe) throw new Error('the bench probe is not installed');
  const { expect } = arg;
  const listOf = () => w.document.querySelector('[role="listbox"][aria-label^="Messages"]');
  const isSkeleton = (row: PageElement) => row.getAttribute('aria-busy') === 'true' || row.classList.contains('placeholder');
  const text = (row: PageElement, selector: string) => (row.querySelector(selector)?.textContent ?? '').trim();
  let wrong = false;

  const settled = (): boolean => {
    const list = listOf();
    if (!list) return false;
    const rows = list.querySelectorAll('[role="option"]');
    if (expect.kind === 'empty') return rows.length === 0 && (list.textContent ?? '').includes(expect.word);
    const box = list.getBoundingClientRect();
    const inView: PageElement[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row) continue;
      const r = row.getBoundingClientRect();
      if (r.height > 0 && r.bottom > box.top + 1 && r.top < box.bottom - 1) inView.push(row);
    }
    if (inView.length === 0 || inView.some(isSkeleton)) return false;
    if (expect.kind === 'top') {
      const first = list.querySelector('[role="option"][aria-posinset="1"]');
      if (!first || isSkeleton(first)) return false;
      if (text(first, '.row-subject') !== expect.subject || text(first, '.row-from') !== expect.from) return false;
      return first.getAttribute('aria-setsize') === String(expect.count);
    }
    // 'here': every row in view is real and is the message expected at its index; and the rows
    // cover the view from the row at the top of the current scroll position.
    const total = Number(inView[0]?.getAttribute('aria-setsize') ?? '0');
    const rowHeight = total > 0 ? list.scrollHeight / total : 0;
    if (rowHeight <= 0) return false;
    const topIndex = Math.floor(list.scrollTop / rowHeight);
    const indices = inView.map((row) => Number(row.getAttribute('aria-posinset') ?? '0') - 1);
    if (!indices.includes(topIndex)) return false;
    for (const [i, row] of inView.entries()) {
      const want = expect.subjects[indices[i] ?? -1];
      if (want !== undefined && text(row, '.row-subject') !== want) {
        wrong = true;
        return false;
      }
    }
    return true;
  };

  probe.watch = new Promise<WatchResult>((resolve) => {
    let start: number | null = null;
    let firstChange: number | null = null;
    let done = false;
    const finish = (ms: number | null) => {
      if (done) return;
      done = true;
      observer.disconnect();
      resolve({ ms, firstChangeMs: firstChange === null || start === null ? null : firstChange - start, wrong });
    };
    const check = () => {
      if (done) return;
      if (start === null && probe.lastKey !== null && arg.fromKey) start = probe.lastKey;
      if (start === null) return;
      const now = w.performance.now();
      if (settled()) finish(now - start);
    };
    const observer = new w.MutationObserver(() => {
      if (start !== null && firstChange === null) firstChange = w.performance.now();
      check();
    });
    observer.observe(w.document, { childList: true, subtree: true, attributes: true, characterData: true });
    const frame = () => {
      if (done) return;
      check();
      w.requestAnimationFrame(frame);
    };
    w.requestAnimationFrame(frame);
    w.setTimeout(() => finish(null), arg.timeoutMs);
    if (arg.fromKey) probe.lastKey = null;
    else {
      start = w.performance.now();
      const list = listOf();
      if (arg.jumpTo !== null && list) list.scrollTop = arg.jumpTo;
      check();
    }
  });
}

/** The result of the last startWatch. */
export function watchResult(): Promise<WatchResult> | null {
  return (globalThis as unknown as PageWindow).__bench?.watch ?? null;
}

/** The list's scroll geometry and total. */
export function listGeometry(): { scrollHeight: number; clientHeight: number; scrollTop: number; total: number } | null {
  const w = globalThis as unknown as PageWindow;
  const list = w.document.querySelector('[role="listbox"][aria-label^="Messages"]');
  if (!list) return null;
  const total = Number(list.querySelector('[role="option"]')?.getAttribute('aria-setsize') ?? '0');
  return { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight, scrollTop: list.scrollTop, total };
}

/** Starts recording frames (requestAnimationFrame) and whether skeletons were in view. */
export function startScrollSample(): void {
  const w = globalThis as unknown as PageWindow;
  const probe = w.__bench;
  if (!probe) throw new Error('the bench probe is not installed');
  const list = w.document.querySelector('[role="listbox"][aria-label^="Messages"]');
  const frames: number[] = [];
  let skeletonFrames = 0;
  let stopped = false;
  let last: number | null = null;
  let scrolled = 0;
  let lastTop = list?.scrollTop ?? 0;
  const started = w.performance.now();
  const frame = (time: number) => {
    if (stopped) return;
    if (last !== null) frames.push(time - last);
    last = time;
    if (list) {
      scrolled += Math.abs(list.scrollTop - lastTop);
      lastTop = list.scrollTop;
      // A skeleton in view, not one of the rows rendered beyond it (overscan).
      const box = list.getBoundingClientRect();
      const skeletons = list.querySelectorAll('[role="option"][aria-busy="true"], [role="option"].placeholder');
      for (let i = 0; i < skeletons.length; i++) {
        const r = skeletons[i]?.getBoundingClientRect();
        if (r && r.height > 0 && r.bottom > box.top + 1 && r.top < box.bottom - 1) {
          skeletonFrames++;
          break;
        }
      }
    }
    w.requestAnimationFrame(frame);
  };
  w.requestAnimationFrame(frame);
  probe.sample = {
    stop: () => {
      stopped = true;
      const end = w.performance.now();
      const longTasks = probe.longTasks.filter((t) => t.start >= started && t.start < end);
      const longFrames = probe.longFrames.filter((t) => t.start >= started && t.start < end);
      return { frames, longTasks, longFrames, skeletonFrames, scrolledPx: scrolled, ms: end - started };
    },
  };
}

export function stopScrollSample(): ScrollSample | null {
  const probe = (globalThis as unknown as PageWindow).__bench;
  const sample = probe?.sample?.stop() ?? null;
  if (probe) probe.sample = null;
  return sample;
}

/** What the probe saw of the page's start: first rows and the calls sent before them. */
export function startFigures(): { firstRows: number | null; sendsBefore: string[]; longTasksBefore: LongTask[] } {
  const probe = (globalThis as unknown as PageWindow).__bench;
  if (!probe) return { firstRows: null, sendsBefore: [], longTasksBefore: [] };
  const until = probe.firstRows ?? Number.POSITIVE_INFINITY;
  return {
    firstRows: probe.firstRows,
    sendsBefore: probe.sends.filter((s) => s.t <= until).map((s) => s.channel),
    longTasksBefore: probe.longTasks.filter((t) => t.start <= until),
  };
}

export function firstRowsSeen(): boolean {
  return (globalThis as unknown as PageWindow).__bench?.firstRows != null;
}

/** performance.memory (Chromium), as a cross-check of the CDP heap figures. */
export function pageMemory(): { used: number; total: number } | null {
  const m = (globalThis as unknown as PageWindow).performance.memory;
  return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize } : null;
}
