// The scheduler against a simulated server over days of fake time: a LOGIN-DELAY learned by
// the first session applies from that moment (no restart), another process's session moves
// the plan before a timer connects, and refusals without a reason are retried minutes apart,
// then paused. No I/O: the "server" is a function of the fake clock.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { LOGIN_REFUSED_RETRIES_MS, MINUTE, type HistoryEntry } from './policy.ts';
import { Scheduler, type KeyConfig } from './scheduler.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const DAY = 24 * 60 * MINUTE;
const KEY = 'pop.example.com:995:ann';

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A server that announces LOGIN-DELAY in CAPA (after login) and refuses logins that come sooner. */
function simulated(options: { delaySeconds: number; refuseEveryLogin?: boolean; intervalMinutes?: number }) {
  const clock = new FakeClock(T0);
  const history: HistoryEntry[] = [];
  let learned: number | null = null; // what the mailbox row says: nothing until a session saw CAPA
  let serverLastLogin: number | null = null;
  const logins: number[] = [];
  const delayRefusals: number[] = [];
  const config = (): KeyConfig => ({
    key: KEY,
    intervalMinutes: options.intervalMinutes ?? 1,
    loginDelaySeconds: learned,
    paused: false,
    checkAtStartup: true,
  });
  const session = (): void => {
    const now = clock.now();
    if (options.refuseEveryLogin) {
      history.unshift({
        startedAt: now,
        endedAt: now + 900,
        connectedAt: null,
        outcome: 'error',
        errorCode: 'login-refused',
        endedBy: 'server-error',
      });
      return;
    }
    if (serverLastLogin !== null && now - serverLastLogin < options.delaySeconds * 1000) {
      delayRefusals.push(now);
      history.unshift({
        startedAt: now,
        endedAt: now + 300,
        connectedAt: null,
        outcome: 'locked',
        errorCode: 'login-delay',
        endedBy: 'lock-refused',
      });
      return;
    }
    serverLastLogin = now + 200;
    logins.push(now + 200);
    learned = options.delaySeconds; // the session stores CAPA's LOGIN-DELAY in the mailbox row
    history.unshift({ startedAt: now, endedAt: now + 1500, connectedAt: now + 200, outcome: 'ok', errorCode: null, endedBy: 'quit' });
  };
  const scheduler = new Scheduler<void>({
    clock,
    keys: () => [config()],
    history: () => history,
    run: async () => session(),
  });
  return { clock, scheduler, history, logins, delayRefusals, session, setServerLastLogin: (t: number) => (serverLastLogin = t) };
}

describe('a LOGIN-DELAY learned by a session applies at once', () => {
  it('three simulated days at a 1-minute interval against LOGIN-DELAY 120: no refusal after the first session', async () => {
    const sim = simulated({ delaySeconds: 120 });
    sim.scheduler.start();
    await sim.clock.advanceToAsync(T0 + 3 * DAY, flush);
    await sim.scheduler.stop(1000);
    expect(sim.delayRefusals).toEqual([]);
    const gaps = sim.logins.slice(1).map((t, i) => t - (sim.logins[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(120_000);
    // And not much more: LOGIN-DELAY plus a jitter of at most 10 % of it.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(120_000 + 12_000 + 2_000);
    expect(sim.logins.length).toBeGreaterThan((3 * DAY) / 134_000);
  });

  it('a login by another process (poplar sync) moves the plan before the timer connects', async () => {
    // An interval of 3 minutes, so the other login 30 s before our timer is itself allowed.
    const sim = simulated({ delaySeconds: 120, intervalMinutes: 3 });
    sim.scheduler.start();
    await sim.clock.advanceToAsync(T0 + 10 * MINUTE, flush);
    const timerAt = sim.clock.nextTimerAt() ?? 0;
    // Another Poplar process checks 30 s before our timer: its session is in the shared history.
    await sim.clock.advanceToAsync(timerAt - 30_000, flush);
    sim.session();
    const other = sim.history[0];
    expect(other?.outcome).toBe('ok');
    await sim.clock.advanceToAsync(timerAt, flush);
    // The timer fired and found the plan moved: it did not connect 30 s after the other login.
    expect(sim.history[0]).toBe(other);
    expect(sim.clock.nextTimerAt()).toBeGreaterThanOrEqual((other?.endedAt ?? 0) + 3 * MINUTE);
    await sim.clock.advanceToAsync(T0 + 60 * MINUTE, flush);
    await sim.scheduler.stop(1000);
    expect(sim.delayRefusals).toEqual([]);
  });
});

describe('refusals without a reason', () => {
  it('are retried three times, minutes apart, then paused for good; a day later nothing more has run', async () => {
    const sim = simulated({ delaySeconds: 0, refuseEveryLogin: true });
    sim.scheduler.start();
    await sim.clock.advanceToAsync(T0 + DAY, flush);
    const attempts = [...sim.history].reverse();
    expect(attempts).toHaveLength(1 + LOGIN_REFUSED_RETRIES_MS.length);
    attempts.slice(1).forEach((a, i) => {
      const wait = a.startedAt - (attempts[i]?.endedAt ?? 0);
      expect(wait).toBeGreaterThanOrEqual(LOGIN_REFUSED_RETRIES_MS[i] ?? 0);
      expect(wait).toBeLessThanOrEqual((LOGIN_REFUSED_RETRIES_MS[i] ?? 0) * 1.25);
    });
    expect(sim.scheduler.state(KEY)).toEqual({ kind: 'paused', why: 'login-refused' });
    // A person's "check now" tries once more (after fixing the password, say), and pauses again.
    expect((await sim.scheduler.trigger(KEY, 'check-now')).kind).toBe('ran');
    expect(sim.history).toHaveLength(2 + LOGIN_REFUSED_RETRIES_MS.length);
    expect(sim.scheduler.state(KEY)).toEqual({ kind: 'paused', why: 'login-refused' });
    await sim.scheduler.stop(1000);
  });
});
