// plan() as a pure function: a history, the settings and a clock in, the next start out.
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  effectiveIntervalMs,
  intervalProblem,
  jitterFor,
  loginAllowedAt,
  LOGIN_REFUSED_RETRIES_MS,
  MINUTE,
  nextCheck,
  plan,
  STALE_SESSION_WAIT_MS,
  type HistoryEntry,
  type Plan,
  type PolicyInput,
} from './policy.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const ALMOST_ONE = 1 - Number.EPSILON;

/** A session that logged in at `start` and ended with QUIT a few seconds later. */
function ok(start: number): HistoryEntry {
  return { startedAt: start, connectedAt: start + 500, endedAt: start + 3000, outcome: 'ok', errorCode: null, endedBy: 'quit' };
}

/** The server refused the login: the mailbox is in use. */
function locked(start: number, errorCode = 'mailbox-locked'): HistoryEntry {
  return { startedAt: start, connectedAt: null, endedAt: start + 1000, outcome: 'locked', errorCode, endedBy: 'lock-refused' };
}

/** Logged in, then the connection broke before QUIT: the server may still hold the lock. */
function dropped(start: number): HistoryEntry {
  return {
    startedAt: start,
    connectedAt: start + 500,
    endedAt: start + 2000,
    outcome: 'error',
    errorCode: 'network',
    endedBy: 'network-drop',
  };
}

/** Never reached the server. */
function unreachable(start: number): HistoryEntry {
  return {
    startedAt: start,
    connectedAt: null,
    endedAt: start + 1000,
    outcome: 'error',
    errorCode: 'connection-refused',
    endedBy: 'network-drop',
  };
}

function input(history: HistoryEntry[], overrides: Partial<PolicyInput> = {}): PolicyInput {
  return { history, intervalMs: 10 * MINUTE, loginDelayMs: null, paused: false, now: T0, random: () => 0, ...overrides };
}

function at(p: Plan): Extract<Plan, { kind: 'at' }> {
  if (p.kind !== 'at') throw new Error(`expected a time, got ${JSON.stringify(p)}`);
  return p;
}

describe('plan: regular checks', () => {
  it('checks a mailbox with no history at once', () => {
    expect(plan(input([]))).toEqual({ kind: 'at', at: T0, reason: 'first-check', backoffStep: 0 });
    expect(plan(input([], { loginDelayMs: 15 * MINUTE }))).toEqual({ kind: 'at', at: T0, reason: 'first-check', backoffStep: 0 });
  });

  it('waits the interval after a successful session, plus a jitter of at most 10 % and at most a minute', () => {
    const last = ok(T0 - 2 * MINUTE);
    expect(plan(input([last], { random: () => 0 }))).toEqual({
      kind: 'at',
      at: last.endedAt + 10 * MINUTE,
      reason: 'interval',
      backoffStep: 0,
    });
    // 10 % of 10 minutes is a minute: the cap and the fraction meet.
    expect(at(plan(input([last], { random: () => 0.5 }))).at).toBe(last.endedAt + 10 * MINUTE + 30_000);
    for (const [intervalMs, maxJitter] of [
      [2 * MINUTE, 12_000],
      [10 * MINUTE, MINUTE],
      [60 * MINUTE, MINUTE],
    ] as const) {
      const latest = at(plan(input([last], { intervalMs, random: () => ALMOST_ONE }))).at;
      // (At epoch scale, a random value just under 1 rounds to the very end of the range.)
      expect(latest).toBeGreaterThan(last.endedAt + intervalMs + maxJitter - 1);
      expect(latest).toBeLessThanOrEqual(last.endedAt + intervalMs + maxJitter);
    }
  });

  it('never plans before the last login plus LOGIN-DELAY', () => {
    const last = ok(T0 - MINUTE);
    const p = plan(input([last], { intervalMs: MINUTE, loginDelayMs: 15 * MINUTE, random: () => ALMOST_ONE }));
    expect(p).toEqual({ kind: 'at', at: (last.connectedAt ?? 0) + 15 * MINUTE, reason: 'login-delay', backoffStep: 0 });
    // An interval longer than LOGIN-DELAY wins, and says so.
    expect(at(plan(input([last], { intervalMs: 20 * MINUTE, loginDelayMs: 15 * MINUTE }))).reason).toBe('interval');
  });

  it('counts LOGIN-DELAY from the last session that logged in, not the last one', () => {
    const login = ok(T0 - 10 * MINUTE);
    const p = plan(input([unreachable(T0 - 2 * MINUTE), login], { loginDelayMs: 30 * MINUTE }));
    expect(p).toMatchObject({ at: (login.connectedAt ?? 0) + 30 * MINUTE, reason: 'login-delay', backoffStep: 1 });
  });

  it('is paused when the user paused the mailbox, whatever the history', () => {
    expect(plan(input([], { paused: true }))).toEqual({ kind: 'paused', why: 'user' });
    expect(plan(input([locked(T0 - MINUTE)], { paused: true }))).toEqual({ kind: 'paused', why: 'user' });
  });
});

describe('plan: after failures', () => {
  /** `n` lock refusals in a row, the newest ending one minute before T0. */
  function refusals(n: number): HistoryEntry[] {
    return Array.from({ length: n }, (_, i) => locked(T0 - MINUTE - i * 40 * MINUTE));
  }

  it('backs off 2, 4, 8, 16 minutes, then stays at the 30-minute cap', () => {
    const waits = [1, 2, 3, 4, 5, 6, 12].map((n) => {
      const history = refusals(n);
      const p = at(plan(input(history)));
      expect(p).toMatchObject({ reason: 'backoff', backoffStep: n });
      return (p.at - (history[0]?.endedAt ?? 0)) / MINUTE;
    });
    expect(waits).toEqual([2, 4, 8, 16, 30, 30, 30]);
  });

  it('stretches a backoff by up to a quarter with jitter, and the cap still holds', () => {
    const waits = [1, 2, 3, 4, 5].map((n) => {
      const history = refusals(n);
      return (at(plan(input(history, { random: () => ALMOST_ONE }))).at - (history[0]?.endedAt ?? 0)) / MINUTE;
    });
    expect(waits.map((w) => Math.round(w * 1000) / 1000)).toEqual([2.5, 5, 10, 20, 30]);
  });

  it('never waits longer than the cap, however many failures and whatever the random value', () => {
    for (const n of [1, 3, 5, 8, 40, 2000]) {
      const history = refusals(n);
      for (const r of [0, 0.3, 0.7, ALMOST_ONE]) {
        const wait = at(plan(input(history, { random: () => r }))).at - (history[0]?.endedAt ?? 0);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }
    }
  });

  it('starts again from 2 minutes after a success', () => {
    const history = [locked(T0 - MINUTE), ok(T0 - 30 * MINUTE), locked(T0 - 60 * MINUTE), locked(T0 - 90 * MINUTE)];
    expect(plan(input(history))).toEqual({ kind: 'at', at: T0 - MINUTE + 1000 + 2 * MINUTE, reason: 'backoff', backoffStep: 1 });
    // And a success after failures means the interval again.
    expect(at(plan(input([ok(T0 - MINUTE), ...refusals(4)]))).reason).toBe('interval');
  });

  it('backs off after an error that is not a lock refusal too', () => {
    const last = unreachable(T0 - MINUTE);
    expect(plan(input([last]))).toEqual({ kind: 'at', at: last.endedAt + 2 * MINUTE, reason: 'backoff', backoffStep: 1 });
  });

  it('waits for the server to notice our own dropped session before trying again after a lock refusal', () => {
    const drop = dropped(T0 - 4 * MINUTE);
    const refused = locked(T0 - MINUTE);
    const p = plan(input([refused, drop]));
    expect(p).toEqual({ kind: 'at', at: drop.endedAt + STALE_SESSION_WAIT_MS, reason: 'own-stale-session', backoffStep: 2 });
  });

  it('does not blame a stale session of ours when the previous one ended with QUIT, or never logged in', () => {
    const afterQuit = plan(input([locked(T0 - MINUTE), ok(T0 - 4 * MINUTE)]));
    expect(afterQuit).toMatchObject({ reason: 'backoff', backoffStep: 1 });
    const afterUnreachable = plan(input([locked(T0 - MINUTE), unreachable(T0 - 4 * MINUTE)]));
    expect(afterUnreachable).toMatchObject({ reason: 'backoff', backoffStep: 2 });
  });

  it('a drop alone is a plain backoff: the lock may well be free already', () => {
    const drop = dropped(T0 - MINUTE);
    expect(plan(input([drop]))).toEqual({ kind: 'at', at: drop.endedAt + 2 * MINUTE, reason: 'backoff', backoffStep: 1 });
  });

  it('a backoff longer than the stale-session wait wins over it', () => {
    const drop = dropped(T0 - 30 * MINUTE);
    const history = [locked(T0 - MINUTE), locked(T0 - 10 * MINUTE), locked(T0 - 20 * MINUTE), drop];
    const p = at(plan(input(history)));
    expect(p).toMatchObject({ reason: 'backoff', backoffStep: 4 });
    expect(p.at).toBe((history[0]?.endedAt ?? 0) + 16 * MINUTE);
  });

  it('pauses after a refused password: retrying could get the account locked', () => {
    const refused: HistoryEntry = { ...locked(T0 - MINUTE), outcome: 'error', errorCode: 'auth-failed', endedBy: 'auth-failed' };
    expect(plan(input([refused, ok(T0 - 20 * MINUTE)]))).toEqual({ kind: 'paused', why: 'auth-failed' });
  });

  it('after a [LOGIN-DELAY] refusal, waits until the last login plus LOGIN-DELAY', () => {
    const login = ok(T0 - 5 * MINUTE);
    const refused = locked(T0 - MINUTE, 'login-delay');
    const p = plan(input([refused, login], { loginDelayMs: 15 * MINUTE }));
    expect(p).toEqual({ kind: 'at', at: (login.connectedAt ?? 0) + 15 * MINUTE, reason: 'login-delay', backoffStep: 1 });
    const jittered = at(plan(input([refused, login], { loginDelayMs: 15 * MINUTE, random: () => ALMOST_ONE })));
    expect(jittered.at).toBeGreaterThan((login.connectedAt ?? 0) + 15 * MINUTE);
    expect(jittered.at).toBeLessThanOrEqual((login.connectedAt ?? 0) + 16 * MINUTE);
    // Without a known LOGIN-DELAY it is an ordinary backoff.
    expect(plan(input([refused, login]))).toMatchObject({ reason: 'backoff', at: refused.endedAt + 2 * MINUTE });
  });

  it('ignores sessions that met another Poplar process holding the local lock', () => {
    const local: HistoryEntry = { ...locked(T0 - MINUTE), errorCode: 'local-lock', endedBy: 'local-lock' };
    const last = ok(T0 - 5 * MINUTE);
    expect(plan(input([local, last]))).toEqual(plan(input([last])));
    expect(plan(input([local, locked(T0 - 2 * MINUTE)]))).toMatchObject({ reason: 'backoff', backoffStep: 1 });
    expect(plan(input([local]))).toEqual({ kind: 'at', at: T0, reason: 'first-check', backoffStep: 0 });
  });

  it('depends on its input only', () => {
    const history = [locked(T0 - MINUTE), dropped(T0 - 6 * MINUTE), ok(T0 - 60 * MINUTE)];
    const seq = [0.1, 0.9];
    const make = (): PolicyInput => {
      let i = 0;
      return input(history, { random: () => seq[i++ % seq.length] ?? 0, loginDelayMs: 5 * MINUTE });
    };
    expect(plan(make())).toEqual(plan(make()));
  });
});

describe('intervals', () => {
  it('rejects an interval under a minute', () => {
    for (const minutes of [0, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(intervalProblem(minutes, null)).toBe('the check interval must be at least 1 minute');
    }
    expect(intervalProblem(1, null)).toBeNull();
  });

  it('rejects an interval below the server’s LOGIN-DELAY, naming the minutes', () => {
    expect(intervalProblem(5, 900)).toBe(
      'the server allows a login only every 15 minutes (LOGIN-DELAY 900 s), so the interval must be at least 15 minutes',
    );
    expect(intervalProblem(1, 61)).toMatch(/only every 2 minutes .* at least 2 minutes$/);
    expect(intervalProblem(0.5, 30)).toBe('the check interval must be at least 1 minute');
    expect(intervalProblem(15, 900)).toBeNull();
    expect(intervalProblem(1, 60)).toBeNull();
  });

  it('names one minute in the singular', () => {
    expect(intervalProblem(0.9, 45)).toBe('the check interval must be at least 1 minute');
    expect(intervalProblem(1, 45)).toBeNull();
  });

  it('uses LOGIN-DELAY as the interval when the user asked for less', () => {
    expect(effectiveIntervalMs(5, 900)).toBe(15 * MINUTE);
    expect(effectiveIntervalMs(20, 900)).toBe(20 * MINUTE);
    expect(effectiveIntervalMs(5, null)).toBe(5 * MINUTE);
  });
});

describe('plan: refusals without a reason (login-refused)', () => {
  function refusedLogin(start: number): HistoryEntry {
    return {
      startedAt: start,
      connectedAt: null,
      endedAt: start + 1000,
      outcome: 'error',
      errorCode: 'login-refused',
      endedBy: 'server-error',
    };
  }

  it('retries three times, about 2, 5 and 10 minutes apart, then pauses as a probable password problem', () => {
    const history: HistoryEntry[] = [ok(T0 - 60 * MINUTE)];
    const waits: number[] = [];
    let now = T0;
    for (;;) {
      history.unshift(refusedLogin(now));
      const p = plan(input(history, { now, key: 'pop.example.com:110:ann' }));
      if (p.kind === 'paused') {
        expect(p.why).toBe('login-refused');
        break;
      }
      expect(p.reason).toBe('login-refused');
      waits.push(p.at - (history[0]?.endedAt ?? 0));
      now = p.at;
    }
    expect(waits).toHaveLength(LOGIN_REFUSED_RETRIES_MS.length);
    waits.forEach((w, i) => {
      const base = LOGIN_REFUSED_RETRIES_MS[i] ?? 0;
      expect(w).toBeGreaterThanOrEqual(base);
      expect(w).toBeLessThanOrEqual(base * 1.25);
    });
  });

  it('a confirmed wrong password pauses at once; locks, delays and temporary refusals never pause', () => {
    const auth: HistoryEntry = { ...refusedLogin(T0 - MINUTE), errorCode: 'auth-failed', endedBy: 'auth-failed' };
    expect(plan(input([auth]))).toEqual({ kind: 'paused', why: 'auth-failed' });
    for (const errorCode of ['mailbox-locked', 'login-delay', 'login-stalled', 'server-temporary', 'too-many-connections']) {
      const history = Array.from({ length: 30 }, (_, i) => ({ ...locked(T0 - MINUTE - i * 31 * MINUTE, errorCode) }));
      expect(plan(input(history)).kind).toBe('at');
    }
  });

  it('a success starts the count again', () => {
    const history = [
      refusedLogin(T0 - MINUTE),
      ok(T0 - 10 * MINUTE),
      refusedLogin(T0 - 20 * MINUTE),
      refusedLogin(T0 - 30 * MINUTE),
      refusedLogin(T0 - 40 * MINUTE),
    ];
    expect(plan(input(history))).toMatchObject({ kind: 'at', reason: 'login-refused' });
  });

  it('a login stall backs off like a lock', () => {
    const stalled: HistoryEntry = { ...locked(T0 - MINUTE, 'login-stalled') };
    expect(plan(input([stalled]))).toMatchObject({ kind: 'at', reason: 'backoff', backoffStep: 1 });
  });
});

describe('nextCheck: one schedule for the scheduler and the diagnosis', () => {
  const key = 'pop.example.com:995:ann';

  it('is a pure function of the history, the settings and the clock: no Math.random', () => {
    const history = [locked(T0 - MINUTE), ok(T0 - 30 * MINUTE)];
    const a = nextCheck({ key, history, intervalMinutes: 10, loginDelaySeconds: null, paused: false, now: T0 });
    const b = nextCheck({ key, history, intervalMinutes: 10, loginDelaySeconds: null, paused: false, now: T0 + 17_000 });
    expect(a).toEqual(b);
    // And the jitter is really there: a quarter of the 2-minute backoff at most.
    const p = at(a);
    expect(p.at - (history[0]?.endedAt ?? 0)).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(p.at - (history[0]?.endedAt ?? 0)).toBeLessThanOrEqual(2.5 * MINUTE);
  });

  it('spreads mailboxes and sessions over the jitter range', () => {
    const draws = new Set<number>();
    for (let i = 0; i < 200; i++) draws.add(Math.floor(jitterFor(`host:110:user${i}`, ok(T0 + i * 1000))() * 10));
    expect(draws.size).toBe(10);
    const one = jitterFor(key, ok(T0));
    const values = [one(), one(), one()];
    expect(new Set(values).size).toBe(3);
    for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of values) expect(v).toBeLessThan(1);
  });

  it('a person may check without the interval or a pause, never before LOGIN-DELAY', () => {
    const last = ok(T0 - MINUTE);
    expect(
      nextCheck({ key, history: [last], intervalMinutes: 10, loginDelaySeconds: null, paused: true, now: T0, byPerson: true }),
    ).toMatchObject({ kind: 'at', at: last.endedAt });
    expect(
      nextCheck({ key, history: [last], intervalMinutes: 10, loginDelaySeconds: 120, paused: false, now: T0, byPerson: true }),
    ).toMatchObject({ kind: 'at', at: (last.connectedAt ?? 0) + 120_000, reason: 'login-delay' });
    expect(loginAllowedAt([last], 120)).toBe((last.connectedAt ?? 0) + 120_000);
    expect(loginAllowedAt([last], null)).toBeNull();
    expect(loginAllowedAt([unreachable(T0 - MINUTE)], 120)).toBeNull();
  });
});
