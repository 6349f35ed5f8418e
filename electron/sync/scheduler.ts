// The poll scheduler: one small state machine per mailbox key, so that nothing — timer,
// "check now", start-up, resume from sleep, network back — ever starts a second session on a
// mailbox, and no check comes sooner than the interval, the server's LOGIN-DELAY or a backoff
// allows (policy.ts decides when).
//
//            start / settings changed
//   idle ───────────────────────────────► waiting(until) ◄──────────────┐
//                                            │ timer at `until`,         │ success
//                                            │ or check now              │
//                                            ▼                           │
//   paused(user|global) ◄── pause ──     running ── failure ──► backoff(until, why)
//   paused(auth-failed) ◄── refused password ┘   ▲        (timer) ───────┘
//   paused(login-refused) ◄── the 4th refusal without a reason in a row
//                                                │
//                           any trigger while running joins it
//
// Every plan is policy.ts nextCheck() of the mailbox's settings and history as they are at
// that moment: settings are read again before each plan, so a LOGIN-DELAY that a session (of
// this process or another) has just learned applies at once, and a timer that fires re-checks
// the plan before it connects. Time is injected (Clock), so tests run days of simulated time
// in milliseconds; the jitter is a function of the history (policy.ts jitterFor).
import {
  BACKOFF_BASE_MS,
  effectiveIntervalMs,
  isBackoff,
  nextCheck,
  type HistoryEntry,
  type PauseWhy,
  type Plan,
  type PlanReason,
} from './policy.ts';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A clock that runs `speed` times faster than real time, from now on: for end-to-end tests
 * and demonstrations of backoff and intervals (POPLAR_CLOCK_SPEED in `poplar watch`), where
 * waiting real minutes would prove nothing more.
 */
export function acceleratedClock(speed: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    setTimeout: (callback, ms) => setTimeout(callback, ms / speed),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

export type Trigger = 'timer' | 'check-now' | 'startup' | 'resume' | 'network-back';

export type KeyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'waiting'; readonly until: number; readonly reason: PlanReason }
  | { readonly kind: 'running'; readonly since: number; readonly trigger: Trigger }
  | { readonly kind: 'backoff'; readonly until: number; readonly reason: PlanReason; readonly step: number }
  | { readonly kind: 'paused'; readonly why: 'global' | PauseWhy };

/** The settings of one mailbox key (accounts sharing a mailbox share one of these). */
export interface KeyConfig {
  readonly key: string;
  readonly intervalMinutes: number;
  readonly loginDelaySeconds: number | null;
  readonly paused: boolean;
  readonly checkAtStartup: boolean;
}

export interface SchedulerDeps<R> {
  readonly clock: Clock;
  /**
   * Tests only: pins the jitter. Without it the jitter comes from the history (policy.ts
   * jitterFor), which is what makes the diagnosis's promised time the timer's time.
   */
  readonly random?: () => number;
  /** Current settings, one entry per account; entries with the same key are merged. */
  readonly keys: () => readonly KeyConfig[];
  /** Finished sessions of a key, newest first (including the one that just ended). */
  readonly history: (key: string) => readonly HistoryEntry[];
  /** Runs one session; resolves once it has ended and is in the history. */
  readonly run: (key: string, trigger: Trigger, signal: AbortSignal) => Promise<R>;
  readonly onEvent?: (event: SchedulerEvent<R>) => void;
}

export type SchedulerEvent<R> =
  | { readonly type: 'state'; readonly key: string; readonly state: KeyState }
  | { readonly type: 'session-start'; readonly key: string; readonly trigger: Trigger; readonly at: number }
  | { readonly type: 'session-end'; readonly key: string; readonly result: R; readonly at: number }
  | { readonly type: 'session-failed'; readonly key: string; readonly error: Error; readonly at: number };

export type TriggerResult<R> =
  | { readonly kind: 'ran' | 'joined'; readonly result: R }
  /** "Check now" during a backoff or LOGIN-DELAY: when a check is allowed again, and why. */
  | { readonly kind: 'not-before'; readonly at: number; readonly reason: PlanReason }
  | { readonly kind: 'unknown-key' }
  | { readonly kind: 'stopped' };

interface Entry<R> {
  config: KeyConfig;
  state: KeyState;
  timer: unknown;
  running: Promise<R> | null;
  abort: AbortController | null;
  /**
   * No automatic check before `at`: after start-up without "check at start-up", or after a
   * session that threw before it was recorded. Null when none; cleared when a session starts.
   */
  hold: { readonly at: number; readonly reason: PlanReason } | null;
  /** The account went away while its session ran: forget the key when the session ends. */
  removed: boolean;
}

export class Scheduler<R> {
  readonly #deps: SchedulerDeps<R>;
  readonly #entries = new Map<string, Entry<R>>();
  #globalPause = false;
  #stopped = false;

  constructor(deps: SchedulerDeps<R>) {
    this.#deps = deps;
  }

  /** Start-up: plans every mailbox; those with "check at start-up" run now if allowed. */
  start(): void {
    this.refresh();
    const now = this.#deps.clock.now();
    for (const [key, entry] of this.#entries) {
      if (entry.running) continue;
      if (!entry.config.checkAtStartup) {
        // Without "check at start-up" the first automatic check comes an interval after
        // start-up: the plan alone would run a mailbox with no recent session at once, by its
        // timer, and the setting would do nothing (scheduler.test.ts, start-up).
        entry.hold = { at: now + intervalMsOf(entry.config), reason: 'interval' };
        this.#replan(key, entry, 'settings');
      } else if (entry.state.kind === 'waiting' && entry.state.until <= now) {
        // Only when due (scheduler.test.ts, start-up). `waiting` also covers a wait for the
        // interval or for LOGIN-DELAY, which a restart does not shorten; running those at once
        // would check sooner than the interval, or get a [LOGIN-DELAY] refusal.
        void this.#tryRun(key, 'startup').catch(() => undefined); // failures are in the history and events
      }
    }
  }

  /** Re-reads settings (an account added, changed or removed) and plans again. */
  refresh(): void {
    const merged = mergeKeys(this.#deps.keys());
    for (const [key, entry] of this.#entries) {
      if (merged.has(key)) continue;
      // A key removed while its session runs is only marked: replanned when the session ends,
      // it would go on being checked for good (scheduler.test.ts, settings change).
      if (entry.running) entry.removed = true;
      else {
        this.#clearTimer(entry);
        this.#entries.delete(key);
      }
    }
    for (const [key, config] of merged) {
      const entry = this.#entries.get(key);
      if (entry) {
        entry.config = config;
        entry.removed = false;
      } else
        this.#entries.set(key, { config, state: { kind: 'idle' }, timer: null, running: null, abort: null, hold: null, removed: false });
      const current = this.#entries.get(key);
      if (current && !current.running) this.#replan(key, current, 'settings');
    }
  }

  state(key: string): KeyState | null {
    return this.#entries.get(key)?.state ?? null;
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Pauses (or resumes) automatic checking of every mailbox; running sessions finish. */
  setGlobalPause(paused: boolean): void {
    this.#globalPause = paused;
    for (const [key, entry] of this.#entries) if (!entry.running) this.#replan(key, entry, 'settings');
  }

  /**
   * A trigger for one mailbox. "Check now" runs at once unless a backoff or LOGIN-DELAY
   * forbids it (then it says until when), and joins a session that is already running.
   */
  async trigger(key: string, trigger: Trigger): Promise<TriggerResult<R>> {
    if (this.#stopped) return { kind: 'stopped' };
    const entry = this.#entries.get(key);
    if (!entry) return { kind: 'unknown-key' };
    if (entry.running) return { kind: 'joined', result: await entry.running };
    this.#freshConfig(key, entry);
    const now = this.#deps.clock.now();
    // Only a person's "check now" overrides a pause; resume or network-back never does.
    const p = this.#plan(key, entry, trigger === 'check-now');
    if (trigger === 'check-now') {
      // The interval is for automatic checks; a person may check whenever the server allows.
      // That plan is made without the interval (scheduler.test.ts, "check now" inside
      // LOGIN-DELAY): skipping any plan whose reason is 'interval' would also skip LOGIN-DELAY
      // when the interval ends later than it, and the server would refuse with [LOGIN-DELAY].
      if (p.kind === 'at' && p.at > now) return { kind: 'not-before', at: p.at, reason: p.reason };
      return this.#tryRun(key, trigger);
    }
    // resume / network-back / timer: run only what is due now. After sleep, timers may have
    // fired late or not at all; replanning re-arms them for what is still ahead.
    if (p.kind === 'at' && p.at <= now) return this.#tryRun(key, trigger);
    this.#replan(key, entry, 'settings');
    return { kind: 'not-before', at: p.kind === 'at' ? p.at : Number.POSITIVE_INFINITY, reason: p.kind === 'at' ? p.reason : 'backoff' };
  }

  /** A trigger for every mailbox (resume from sleep, network back). */
  async triggerAll(trigger: Trigger): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((key) => this.trigger(key, trigger)));
  }

  /**
   * Stops: no new sessions; running ones may finish (their QUIT) within `boundMs`, then are
   * aborted. Resolves when none is left.
   */
  async stop(boundMs: number): Promise<void> {
    this.#stopped = true;
    for (const entry of this.#entries.values()) this.#clearTimer(entry);
    const running = [...this.#entries.values()].filter((e) => e.running);
    if (running.length === 0) return;
    let timer: unknown = null;
    const bound = new Promise<void>((resolve) => {
      timer = this.#deps.clock.setTimeout(resolve, boundMs);
    });
    const settled = Promise.allSettled(running.map((e) => e.running));
    await Promise.race([settled, bound]);
    this.#deps.clock.clearTimeout(timer);
    for (const e of running) e.abort?.abort();
    await settled;
  }

  async #tryRun(key: string, trigger: Trigger): Promise<TriggerResult<R>> {
    const entry = this.#entries.get(key);
    if (!entry || this.#stopped) return { kind: 'stopped' };
    if (entry.running) return { kind: 'joined', result: await entry.running };
    this.#clearTimer(entry);
    entry.hold = null; // from now on the history says when
    const abort = new AbortController();
    const at = this.#deps.clock.now();
    this.#setState(key, entry, { kind: 'running', since: at, trigger });
    this.#deps.onEvent?.({ type: 'session-start', key, trigger, at });
    const running = this.#deps.run(key, trigger, abort.signal);
    entry.running = running;
    entry.abort = abort;
    try {
      const result = await running;
      this.#deps.onEvent?.({ type: 'session-end', key, result, at: this.#deps.clock.now() });
      return { kind: 'ran', result };
    } catch (error) {
      // A session that fails before it is recorded leaves the history as it was, so the plan
      // would again be "now" and the session retried at once, over and over (a full disk spins
      // the CPU). Wait a first backoff instead (scheduler.test.ts, sessions that fail before
      // they are recorded).
      entry.hold = { at: this.#deps.clock.now() + BACKOFF_BASE_MS, reason: 'backoff' };
      this.#deps.onEvent?.({ type: 'session-failed', key, error: error as Error, at: this.#deps.clock.now() });
      throw error;
    } finally {
      entry.running = null;
      entry.abort = null;
      if (entry.removed) {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      } else if (!this.#stopped) {
        this.#freshConfig(key, entry);
        this.#replan(key, entry, 'after-session');
      }
    }
  }

  /**
   * Reads the key's settings again (scheduler.test.ts, LOGIN-DELAY learned by a session). Read
   * at start-up and on refresh() only, a LOGIN-DELAY that the first session learned from CAPA
   * would wait for a restart, and `poplar watch` would go on checking every minute against a
   * server that allows one login in two (Cyrus popminpoll).
   */
  #freshConfig(key: string, entry: Entry<R>): void {
    const fresh = mergeKeys(this.#deps.keys()).get(key);
    if (fresh) entry.config = fresh;
  }

  /** The plan for automatic checks, or (byPerson) for "check now": no pause, no interval. */
  #plan(key: string, entry: Entry<R>, byPerson = false): Plan {
    const { config } = entry;
    const p = nextCheck({
      key,
      history: this.#deps.history(key),
      intervalMinutes: config.intervalMinutes,
      loginDelaySeconds: config.loginDelaySeconds,
      paused: config.paused || this.#globalPause,
      now: this.#deps.clock.now(),
      byPerson,
      ...(this.#deps.random ? { random: this.#deps.random } : {}),
    });
    if (!byPerson && p.kind === 'at' && entry.hold !== null && p.at < entry.hold.at)
      return { ...p, at: entry.hold.at, reason: entry.hold.reason };
    return p;
  }

  #replan(key: string, entry: Entry<R>, _why: 'settings' | 'after-session'): void {
    this.#clearTimer(entry);
    if (this.#stopped) return;
    const p = this.#plan(key, entry);
    if (p.kind === 'paused') {
      this.#setState(key, entry, { kind: 'paused', why: this.#globalPause && p.why === 'user' && !entry.config.paused ? 'global' : p.why });
      return;
    }
    const now = this.#deps.clock.now();
    const state: KeyState = isBackoff(p)
      ? { kind: 'backoff', until: p.at, reason: p.reason, step: p.backoffStep }
      : { kind: 'waiting', until: p.at, reason: p.reason };
    this.#setState(key, entry, state);
    entry.timer = this.#deps.clock.setTimeout(
      () => {
        entry.timer = null;
        // The plan may have moved since the timer was set (scheduler.test.ts, another process's
        // session) — `poplar sync` ran from cron, or learned the server's LOGIN-DELAY — so
        // it is made again from what the history and settings say now before connecting.
        this.#freshConfig(key, entry);
        const again = this.#plan(key, entry);
        if (again.kind === 'at' && again.at > this.#deps.clock.now()) {
          this.#replan(key, entry, 'settings');
          return;
        }
        if (again.kind === 'paused') {
          this.#replan(key, entry, 'settings');
          return;
        }
        void this.#tryRun(key, 'timer').catch(() => undefined); // failures are in the history and events
      },
      Math.max(0, p.at - now),
    );
  }

  #setState(key: string, entry: Entry<R>, state: KeyState): void {
    // Replanning an unchanged history gives the same plan (the jitter comes from the history),
    // so a periodic refresh() (poplar watch) is silent unless something changed.
    if (JSON.stringify(entry.state) === JSON.stringify(state) && state.kind !== 'running') return;
    entry.state = state;
    this.#deps.onEvent?.({ type: 'state', key, state });
  }

  #clearTimer(entry: Entry<R>): void {
    if (entry.timer !== null) this.#deps.clock.clearTimeout(entry.timer);
    entry.timer = null;
  }
}

function intervalMsOf(config: KeyConfig): number {
  return effectiveIntervalMs(config.intervalMinutes, config.loginDelaySeconds);
}

/**
 * Accounts on one mailbox share its schedule: the shortest interval, paused only when all
 * are, checked at start-up when any asks for it.
 */
export function mergeKeys(configs: readonly KeyConfig[]): Map<string, KeyConfig> {
  const merged = new Map<string, KeyConfig>();
  for (const c of configs) {
    const seen = merged.get(c.key);
    merged.set(
      c.key,
      seen
        ? {
            key: c.key,
            intervalMinutes: Math.min(seen.intervalMinutes, c.intervalMinutes),
            loginDelaySeconds: seen.loginDelaySeconds ?? c.loginDelaySeconds,
            paused: seen.paused && c.paused,
            checkAtStartup: seen.checkAtStartup || c.checkAtStartup,
          }
        : c,
    );
  }
  return merged;
}
