// The scheduler with a fake clock and a fake session: what runs when, and what never runs.
// No I/O happens here, so draining the promise jobs (flush) is all a test ever waits for.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { MINUTE, type HistoryEntry } from './policy.ts';
import { Scheduler, type KeyConfig, type SchedulerEvent, type Trigger } from './scheduler.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const HOUR = 60 * MINUTE;

type Outcome = 'ok' | 'locked' | 'dropped' | 'auth-failed' | 'aborted';

interface Result {
  readonly id: number;
  readonly key: string;
  readonly outcome: Outcome;
}

/** One call of `run`: the test ends it, or it ended at once. */
interface FakeRun {
  readonly id: number;
  readonly key: string;
  readonly trigger: Trigger;
  readonly startedAt: number;
  readonly signal: AbortSignal;
  readonly ended: boolean;
  /** Ends the session now (fake time): records it in the history, then resolves `run`. */
  end(outcome?: Outcome): void;
}

function account(key: string, overrides: Partial<KeyConfig> = {}): KeyConfig {
  return { key, intervalMinutes: 10, loginDelaySeconds: null, paused: false, checkAtStartup: true, ...overrides };
}

function entryFor(outcome: Outcome, startedAt: number, endedAt: number): HistoryEntry {
  switch (outcome) {
    case 'ok':
      return { startedAt, endedAt, connectedAt: startedAt, outcome: 'ok', errorCode: null, endedBy: 'quit' };
    case 'locked':
      return { startedAt, endedAt, connectedAt: null, outcome: 'locked', errorCode: 'mailbox-locked', endedBy: 'lock-refused' };
    case 'dropped':
      return { startedAt, endedAt, connectedAt: startedAt, outcome: 'error', errorCode: 'network', endedBy: 'network-drop' };
    case 'auth-failed':
      return { startedAt, endedAt, connectedAt: null, outcome: 'error', errorCode: 'auth-failed', endedBy: 'auth-failed' };
    case 'aborted':
      return { startedAt, endedAt, connectedAt: startedAt, outcome: 'error', errorCode: 'aborted', endedBy: 'aborted' };
  }
}

interface Setup {
  /** The accounts `keys()` returns: change it, then call refresh(). */
  accounts?: KeyConfig[];
  /** Finished sessions before the test, newest first, per key. */
  history?: Record<string, HistoryEntry[]>;
  /** What a session does when it starts: end at once with an outcome, or wait for the test. */
  behave?: (key: string, trigger: Trigger) => Outcome | 'hold';
  random?: () => number;
}

function harness(setup: Setup = {}) {
  const clock = new FakeClock(T0);
  const accounts = setup.accounts ?? [account('a')];
  const histories = new Map<string, HistoryEntry[]>(Object.entries(setup.history ?? {}).map(([k, h]) => [k, [...h]]));
  const runs: FakeRun[] = [];
  const events: Array<SchedulerEvent<Result>> = [];
  const scheduler = new Scheduler<Result>({
    clock,
    random: setup.random ?? (() => 0),
    keys: () => accounts,
    history: (key) => histories.get(key) ?? [],
    onEvent: (event) => events.push(event),
    run: (key, trigger, signal) =>
      new Promise<Result>((resolve) => {
        const id = runs.length + 1;
        const startedAt = clock.now();
        let ended = false;
        const run: FakeRun = {
          id,
          key,
          trigger,
          startedAt,
          signal,
          get ended() {
            return ended;
          },
          end(outcome = 'ok') {
            if (ended) throw new Error(`session ${id} already ended`);
            ended = true;
            histories.set(key, [entryFor(outcome, startedAt, clock.now()), ...(histories.get(key) ?? [])]);
            resolve({ id, key, outcome });
          },
        };
        runs.push(run);
        // Like a real session, one that is stopped ends at once, without its QUIT.
        signal.addEventListener('abort', () => {
          if (!ended) run.end('aborted');
        });
        const behaviour = setup.behave?.(key, trigger) ?? 'ok';
        if (behaviour !== 'hold') run.end(behaviour);
      }),
  });
  return { clock, scheduler, runs, events, accounts, histories };
}

/** Lets the scheduler finish what the last step set off: there is no I/O, only promise jobs. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Advances the fake clock timer by timer, letting the sessions each timer started end (they
 * end at once unless held) and plan the next one before time moves on.
 */
function advance(clock: FakeClock, ms: number): Promise<void> {
  return clock.advanceToAsync(clock.now() + ms, flush);
}

function started(runs: readonly FakeRun[], key?: string): Array<[string, Trigger, number]> {
  return runs.filter((r) => key === undefined || r.key === key).map((r) => [r.key, r.trigger, r.startedAt - T0]);
}

describe('Scheduler: start-up', () => {
  it('checks the mailboxes that ask for it at once; the others wait an interval', async () => {
    const { clock, scheduler, runs } = harness({ accounts: [account('a'), account('b', { checkAtStartup: false })] });
    scheduler.start();
    await flush();
    expect(started(runs)).toEqual([['a', 'startup', 0]]);
    await advance(clock, 10 * MINUTE - 1);
    expect(runs).toHaveLength(1);
    await advance(clock, 1);
    expect(started(runs).slice(1)).toEqual(
      expect.arrayContaining([
        ['a', 'timer', 10 * MINUTE],
        ['b', 'timer', 10 * MINUTE],
      ]),
    );
    expect(runs).toHaveLength(3);
  });

  it('does not check at start-up sooner than the interval, LOGIN-DELAY or a backoff allows', async () => {
    const recent = entryFor('ok', T0 - 3 * MINUTE, T0 - 2 * MINUTE);
    const refused = entryFor('locked', T0 - MINUTE, T0 - MINUTE);
    const { clock, scheduler, runs } = harness({
      accounts: [account('recent'), account('delay', { intervalMinutes: 1, loginDelaySeconds: 900 }), account('refused')],
      history: { recent: [recent], delay: [recent], refused: [refused] },
    });
    scheduler.start();
    await flush();
    expect(runs).toEqual([]);
    expect(scheduler.state('refused')).toMatchObject({ kind: 'backoff', until: T0 + MINUTE, reason: 'backoff', step: 1 });
    await advance(clock, 13 * MINUTE);
    // `delay` checks every 15 minutes (its LOGIN-DELAY), counted from the end of its last session.
    expect(started(runs)).toEqual([
      ['refused', 'timer', MINUTE],
      ['recent', 'timer', 8 * MINUTE],
      ['refused', 'timer', 11 * MINUTE],
      ['delay', 'timer', 13 * MINUTE],
    ]);
  });

  it('checks at start-up a mailbox whose time has come, and only with the start-up trigger', async () => {
    const old = entryFor('ok', T0 - 3 * HOUR, T0 - 3 * HOUR);
    const { scheduler, runs } = harness({ accounts: [account('a')], history: { a: [old] } });
    scheduler.start();
    await flush();
    expect(started(runs)).toEqual([['a', 'startup', 0]]);
  });
});

describe('Scheduler: one session at a time', () => {
  it('joins every trigger that comes while a session runs: one run, one result', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'hold', accounts: [account('a', { checkAtStartup: false })] });
    scheduler.refresh();
    const first = scheduler.trigger('a', 'check-now');
    expect(scheduler.state('a')).toMatchObject({ kind: 'running', trigger: 'check-now' });
    const others = (['check-now', 'resume', 'network-back', 'timer', 'startup'] as const).map((t) => scheduler.trigger('a', t));
    const all = scheduler.triggerAll('resume');
    // The session's own timer is not armed while it runs: a day passes, still one run.
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(1);
    runs[0]?.end('ok');
    const result = await first;
    expect(result).toMatchObject({ kind: 'ran', result: { id: 1 } });
    if (result.kind !== 'ran') throw new Error('unreachable');
    for (const other of await Promise.all(others)) {
      expect(other.kind).toBe('joined');
      if (other.kind === 'joined') expect(other.result).toBe(result.result);
    }
    await all;
    expect(runs).toHaveLength(1);
  });

  it('starts the next automatic check an interval after the session ended, not after it started', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'hold' });
    scheduler.start();
    await advance(clock, 3 * MINUTE);
    runs[0]?.end('ok');
    await flush();
    expect(scheduler.state('a')).toEqual({ kind: 'waiting', until: T0 + 13 * MINUTE, reason: 'interval' });
  });
});

describe('Scheduler: "check now"', () => {
  it('during a backoff says until when, and does not run', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'locked' });
    scheduler.start();
    await flush();
    expect(scheduler.state('a')).toEqual({ kind: 'backoff', until: T0 + 2 * MINUTE, reason: 'backoff', step: 1 });
    await advance(clock, MINUTE);
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'not-before', at: T0 + 2 * MINUTE, reason: 'backoff' });
    expect(runs).toHaveLength(1);
    expect(scheduler.state('a')).toMatchObject({ kind: 'backoff', until: T0 + 2 * MINUTE });
    await advance(clock, MINUTE);
    expect(started(runs)).toEqual([
      ['a', 'startup', 0],
      ['a', 'timer', 2 * MINUTE],
    ]);
  });

  it('during the wait for our own dropped session says so', async () => {
    const outcomes: Outcome[] = ['dropped', 'locked'];
    const { clock, scheduler } = harness({ behave: () => outcomes.shift() ?? 'ok' });
    scheduler.start();
    await advance(clock, 2 * MINUTE);
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'not-before', at: T0 + 10 * MINUTE, reason: 'own-stale-session' });
  });

  it('inside LOGIN-DELAY says until when, even though the interval may be skipped', async () => {
    const { clock, scheduler, runs } = harness({ accounts: [account('a', { intervalMinutes: 20, loginDelaySeconds: 900 })] });
    scheduler.start();
    await advance(clock, 5 * MINUTE);
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'not-before', at: T0 + 15 * MINUTE, reason: 'login-delay' });
    expect(runs).toHaveLength(1);
    await advance(clock, 11 * MINUTE);
    expect(await scheduler.trigger('a', 'check-now')).toMatchObject({ kind: 'ran' });
    expect(started(runs)).toEqual([
      ['a', 'startup', 0],
      ['a', 'check-now', 16 * MINUTE],
    ]);
  });

  it('skips the interval: a person may check whenever the server allows', async () => {
    const { clock, scheduler, runs } = harness();
    scheduler.start();
    await advance(clock, MINUTE);
    expect(await scheduler.trigger('a', 'check-now')).toMatchObject({ kind: 'ran', result: { id: 2 } });
    expect(scheduler.state('a')).toEqual({ kind: 'waiting', until: T0 + 11 * MINUTE, reason: 'interval' });
    expect(runs).toHaveLength(2);
  });

  it('runs while the user paused the mailbox, which stays paused', async () => {
    const { clock, scheduler, runs } = harness({ accounts: [account('a', { paused: true })] });
    scheduler.start();
    await advance(clock, 24 * HOUR);
    expect(runs).toEqual([]);
    expect(scheduler.state('a')).toEqual({ kind: 'paused', why: 'user' });
    expect(await scheduler.trigger('a', 'check-now')).toMatchObject({ kind: 'ran' });
    expect(scheduler.state('a')).toEqual({ kind: 'paused', why: 'user' });
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(1);
  });

  it('runs after a refused password, which otherwise pauses the mailbox', async () => {
    const outcomes: Outcome[] = ['auth-failed'];
    const { clock, scheduler, runs } = harness({ behave: () => outcomes.shift() ?? 'ok' });
    scheduler.start();
    await flush();
    expect(scheduler.state('a')).toEqual({ kind: 'paused', why: 'auth-failed' });
    clock.sleepBy(24 * HOUR);
    expect((await scheduler.trigger('a', 'resume')).kind).toBe('not-before');
    expect(runs).toHaveLength(1);
    expect(await scheduler.trigger('a', 'check-now')).toMatchObject({ kind: 'ran', result: { outcome: 'ok' } });
    expect(scheduler.state('a')).toMatchObject({ kind: 'waiting', reason: 'interval' });
  });

  it('knows no mailbox it was not given', async () => {
    const { scheduler } = harness();
    scheduler.start();
    expect(await scheduler.trigger('nope', 'check-now')).toEqual({ kind: 'unknown-key' });
  });
});

describe('Scheduler: resume and network back', () => {
  it('run a mailbox whose time passed while the computer slept, and nothing else', async () => {
    const { clock, scheduler, runs } = harness({
      accounts: [account('due', { intervalMinutes: 10 }), account('later', { intervalMinutes: 240 }), account('paused', { paused: true })],
    });
    scheduler.start();
    await flush();
    expect(started(runs)).toEqual([
      ['due', 'startup', 0],
      ['later', 'startup', 0],
    ]);
    clock.sleepBy(HOUR);
    await scheduler.triggerAll('resume');
    expect(started(runs).slice(2)).toEqual([['due', 'resume', HOUR]]);
    // The late timer of `due` does not fire a second session: the resume replanned it.
    await advance(clock, 0);
    expect(runs).toHaveLength(3);
    clock.sleepBy(HOUR);
    expect(await scheduler.trigger('due', 'network-back')).toMatchObject({ kind: 'ran' });
    expect(await scheduler.trigger('paused', 'network-back')).toMatchObject({ kind: 'not-before' });
    expect(await scheduler.trigger('later', 'network-back')).toEqual({ kind: 'not-before', at: T0 + 240 * MINUTE, reason: 'interval' });
    expect(runs.map((r) => r.key)).not.toContain('paused');
  });

  it('a mailbox not yet due keeps its timer', async () => {
    const { clock, scheduler, runs } = harness();
    scheduler.start();
    await advance(clock, 4 * MINUTE);
    expect((await scheduler.trigger('a', 'resume')).kind).toBe('not-before');
    expect((await scheduler.trigger('a', 'network-back')).kind).toBe('not-before');
    await advance(clock, 6 * MINUTE);
    expect(started(runs)).toEqual([
      ['a', 'startup', 0],
      ['a', 'timer', 10 * MINUTE],
    ]);
  });

  it('never run during a backoff', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'locked' });
    scheduler.start();
    await flush();
    clock.sleepBy(MINUTE);
    expect(await scheduler.trigger('a', 'network-back')).toEqual({ kind: 'not-before', at: T0 + 2 * MINUTE, reason: 'backoff' });
    expect(runs).toHaveLength(1);
  });
});

describe('Scheduler: pausing', () => {
  it('a global pause stops every automatic check; check now still works; unpausing checks what is due', async () => {
    const { clock, scheduler, runs } = harness({ accounts: [account('a'), account('b', { intervalMinutes: 30 })] });
    scheduler.start();
    await flush();
    scheduler.setGlobalPause(true);
    expect([scheduler.state('a'), scheduler.state('b')]).toEqual([
      { kind: 'paused', why: 'global' },
      { kind: 'paused', why: 'global' },
    ]);
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(2);
    clock.sleepBy(HOUR);
    await scheduler.triggerAll('resume');
    expect(runs).toHaveLength(2);
    expect(await scheduler.trigger('a', 'check-now')).toMatchObject({ kind: 'ran' });
    expect(scheduler.state('a')).toEqual({ kind: 'paused', why: 'global' });
    scheduler.setGlobalPause(false);
    await advance(clock, 0);
    expect(started(runs).slice(2)).toEqual([
      ['a', 'check-now', 25 * HOUR],
      ['b', 'timer', 25 * HOUR],
    ]);
    expect(scheduler.state('a')).toMatchObject({ kind: 'waiting', until: T0 + 25 * HOUR + 10 * MINUTE });
  });

  it('a global pause lets a running session finish, then holds', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'hold' });
    scheduler.start();
    scheduler.setGlobalPause(true);
    expect(scheduler.state('a')).toMatchObject({ kind: 'running' });
    runs[0]?.end('ok');
    await flush();
    expect(scheduler.state('a')).toEqual({ kind: 'paused', why: 'global' });
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(1);
  });
});

describe('Scheduler: accounts on one mailbox', () => {
  it('share one schedule: one session per due time, at the shorter interval', async () => {
    const { clock, scheduler, runs } = harness({
      accounts: [
        account('pop:110:alice', { intervalMinutes: 10 }),
        account('pop:110:alice', { intervalMinutes: 4, checkAtStartup: false }),
      ],
    });
    scheduler.start();
    await advance(clock, HOUR);
    expect(scheduler.keys()).toEqual(['pop:110:alice']);
    expect(runs.map((r) => (r.startedAt - T0) / MINUTE)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60]);
    expect(runs[0]?.trigger).toBe('startup');
  });

  it('are paused only when every one of them is', async () => {
    const { clock, scheduler, runs, accounts } = harness({
      accounts: [account('k', { paused: true, checkAtStartup: false }), account('k', { paused: false, checkAtStartup: false })],
    });
    scheduler.start();
    await advance(clock, 10 * MINUTE);
    expect(runs).toHaveLength(1);
    accounts[1] = account('k', { paused: true });
    scheduler.refresh();
    expect(scheduler.state('k')).toEqual({ kind: 'paused', why: 'user' });
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(1);
  });
});

describe('Scheduler: settings change', () => {
  it('refresh picks up a new account and forgets a removed one', async () => {
    const { clock, scheduler, runs, accounts } = harness({ accounts: [account('a')] });
    scheduler.start();
    await flush();
    accounts.push(account('b', { intervalMinutes: 5 }));
    scheduler.refresh();
    expect(scheduler.keys()).toEqual(['a', 'b']);
    await advance(clock, 0);
    expect(started(runs)).toEqual([
      ['a', 'startup', 0],
      ['b', 'timer', 0],
    ]);
    accounts.splice(0, 1);
    scheduler.refresh();
    expect(scheduler.keys()).toEqual(['b']);
    expect(scheduler.state('a')).toBeNull();
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'unknown-key' });
    await advance(clock, HOUR);
    expect(runs.filter((r) => r.key === 'a')).toHaveLength(1);
    expect(runs.filter((r) => r.key === 'b')).toHaveLength(13);
  });

  it('an account removed while its session runs is forgotten when the session ends', async () => {
    let hold = true;
    const { clock, scheduler, runs, accounts } = harness({ accounts: [account('a')], behave: () => (hold ? 'hold' : 'ok') });
    scheduler.start();
    accounts.splice(0, 1);
    scheduler.refresh();
    hold = false;
    runs[0]?.end('ok');
    await flush();
    expect(scheduler.keys()).toEqual([]);
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(1);
  });

  it('a new, shorter interval applies from the last session', async () => {
    const { clock, scheduler, runs, accounts } = harness({ accounts: [account('a', { intervalMinutes: 60 })] });
    scheduler.start();
    await advance(clock, 2 * MINUTE);
    accounts[0] = account('a', { intervalMinutes: 5 });
    scheduler.refresh();
    expect(scheduler.state('a')).toEqual({ kind: 'waiting', until: T0 + 5 * MINUTE, reason: 'interval' });
    await advance(clock, 3 * MINUTE);
    expect(started(runs)).toEqual([
      ['a', 'startup', 0],
      ['a', 'timer', 5 * MINUTE],
    ]);
  });
});

describe('Scheduler: failures', () => {
  it('retries after a backoff that grows, and returns to the interval after a success', async () => {
    const outcomes: Outcome[] = ['locked', 'locked', 'locked', 'ok'];
    const { clock, scheduler, runs } = harness({ behave: () => outcomes.shift() ?? 'ok' });
    scheduler.start();
    await advance(clock, HOUR);
    expect(runs.map((r) => (r.startedAt - T0) / MINUTE)).toEqual([0, 2, 6, 14, 24, 34, 44, 54]);
    expect(scheduler.state('a')).toMatchObject({ kind: 'waiting', reason: 'interval' });
  });

  it('a session that throws is not left running: the key is planned again', async () => {
    const clock = new FakeClock(T0);
    const history: HistoryEntry[] = [];
    let calls = 0;
    const scheduler = new Scheduler<number>({
      clock,
      random: () => 0,
      keys: () => [account('a')],
      history: () => history,
      run: async () => {
        calls += 1;
        history.unshift(entryFor('dropped', clock.now(), clock.now()));
        throw new Error('connection reset');
      },
    });
    scheduler.refresh();
    await expect(scheduler.trigger('a', 'check-now')).rejects.toThrow('connection reset');
    expect(scheduler.state('a')).toMatchObject({ kind: 'backoff', until: T0 + 2 * MINUTE });
    clock.advanceBy(2 * MINUTE);
    await flush();
    expect(calls).toBe(2);
  });
});

describe('Scheduler: sessions that fail before they are recorded', () => {
  /** A scheduler whose session always throws without adding to the history (a full disk). */
  function throwing() {
    const clock = new FakeClock(T0);
    let calls = 0;
    const scheduler = new Scheduler<number>({
      clock,
      random: () => 0,
      keys: () => [account('a')],
      history: () => [],
      run: async () => {
        calls += 1;
        throw new Error('database or disk is full');
      },
    });
    return { clock, scheduler, calls: () => calls };
  }

  it('a start-up session that throws is no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { scheduler, calls } = throwing();
      scheduler.start();
      await flush();
      await flush();
      expect(calls()).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('is retried after a wait, not at once and over and over', async () => {
    const { clock, scheduler, calls } = throwing();
    scheduler.start();
    await flush();
    expect(scheduler.state('a')).toEqual({ kind: 'backoff', until: T0 + 2 * MINUTE, reason: 'backoff', step: 0 });
    await advance(clock, 2 * MINUTE - 1);
    expect(calls()).toBe(1);
    await advance(clock, 1);
    expect(calls()).toBe(2);
    // A person may still try at once.
    await expect(scheduler.trigger('a', 'check-now')).rejects.toThrow('disk is full');
    expect(calls()).toBe(3);
  });
});

describe('Scheduler: stop', () => {
  it('lets a running session finish within the bound, then starts nothing', async () => {
    const { clock, scheduler, runs } = harness({ behave: () => 'hold', accounts: [account('a'), account('b')] });
    scheduler.start();
    let stopped = false;
    const stopping = scheduler.stop(5000).then(() => {
      stopped = true;
    });
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'stopped' });
    await advance(clock, 4000);
    expect(stopped).toBe(false);
    runs[0]?.end('ok');
    await advance(clock, 0);
    expect(stopped).toBe(false);
    runs[1]?.end('ok');
    await stopping;
    expect(runs.map((r) => r.signal.aborted)).toEqual([false, false]);
    expect(clock.pendingTimers()).toBe(0);
    await advance(clock, 24 * HOUR);
    expect(runs).toHaveLength(2);
  });

  it('aborts a session that overruns the bound', async () => {
    const { clock, scheduler, runs, histories } = harness({ behave: () => 'hold' });
    scheduler.start();
    let stopped = false;
    const stopping = scheduler.stop(5000).then(() => {
      stopped = true;
    });
    await advance(clock, 4999);
    expect(runs[0]?.signal.aborted).toBe(false);
    expect(stopped).toBe(false);
    await advance(clock, 1);
    expect(runs[0]?.signal.aborted).toBe(true);
    await stopping;
    expect(histories.get('a')?.[0]).toMatchObject({ endedBy: 'aborted', endedAt: T0 + 5000 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('with nothing running, stops at once', async () => {
    const { clock, scheduler } = harness();
    scheduler.start();
    await flush();
    await scheduler.stop(5000);
    expect(clock.pendingTimers()).toBe(0);
    expect(await scheduler.trigger('a', 'check-now')).toEqual({ kind: 'stopped' });
  });
});

describe('Scheduler: events', () => {
  it('reports every state change and each session’s start and end', async () => {
    const { clock, scheduler, events } = harness({ behave: () => 'ok' });
    scheduler.start();
    await advance(clock, 10 * MINUTE);
    expect(events.map((e) => (e.type === 'state' ? `${e.type}:${e.state.kind}` : `${e.type}@${(e.at - T0) / MINUTE}`))).toEqual([
      'state:waiting',
      'state:running',
      'session-start@0',
      'session-end@0',
      'state:waiting',
      'state:running',
      'session-start@10',
      'session-end@10',
      'state:waiting',
    ]);
  });
});
