// The scheduler soak test: more than a week of simulated time in seconds, with thousands of
// random triggers — timers, "check now", resume from sleep, the network going and coming
// back, restarts — and faults — another program holding the mailbox, dropped connections,
// slow sessions, a server that enforces LOGIN-DELAY — against real POP3 sessions over
// loopback (the scripted server, on the fake clock). What must hold, checked from the
// servers' own records and from the history the scheduler was fed (DESIGN.md, promise 2):
//   - no two sessions on one mailbox ever overlap;
//   - an automatic check comes no sooner than the interval after a successful one, and no
//     check, not even "check now", comes inside LOGIN-DELAY or a backoff;
//   - the LOGIN-DELAY server never has to refuse a login;
//   - every backoff is at most the cap;
//   - every session ends with QUIT, unless the test itself cut the connection.
//
// Reproducible: one seed drives every decision of the test (POPLAR_SOAK_SEED=n to replay one,
// POPLAR_SOAK_SEED=random for a fresh one), the scheduler's jitter has its own seeded source,
// and sessions hand their results to the scheduler in the order they started, so socket
// timing never changes what the scheduler sees. Real time is spent only on socket I/O and on
// a few milliseconds of server delay in slow sessions; nothing sleeps.
import { describe, expect, it } from 'vitest';
import { FakeClock, mulberry32 } from '../../tests/support/fake-clock.ts';
import { LOCK_REFUSAL_WORDINGS, lockRefusal, startScriptedPop3, type ScriptedPop3Server } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Pop3Error } from '../pop3/errors.ts';
import { Secret } from '../secrets/secret.ts';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, MINUTE, STALE_SESSION_WAIT_MS, type HistoryEntry } from './policy.ts';
import { endedByFor, outcomeFor } from './result.ts';
import { Scheduler, type KeyConfig, type KeyState, type TriggerResult, type Trigger } from './scheduler.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);
const SIMULATED_MS = 10 * DAY;
const LOGIN_DELAY_S = 15 * 60;
/** How long stop() lets a running session finish (the app's QUIT bound, on the fake clock). */
const STOP_BOUND_MS = 5000;
const AUTOMATIC: ReadonlySet<Trigger> = new Set(['timer', 'startup', 'resume', 'network-back']);
const USER = { name: 'alice', password: 'alice-pw' } as const;

function soakSeed(): number {
  const env = process.env.POPLAR_SOAK_SEED;
  if (env === 'random') return Math.floor(Math.random() * 2 ** 32);
  if (env !== undefined && env !== '') return Number(env) >>> 0;
  return 20260105;
}

interface SoakResult {
  readonly id: number;
  readonly key: string;
  readonly outcome: HistoryEntry['outcome'];
}

/** One session as the test saw it (the history entry, plus what the history does not hold). */
interface Logged extends HistoryEntry {
  readonly id: number;
  readonly trigger: Trigger;
  /** Paused by the user on every account of the mailbox, or globally, when it started. */
  readonly pausedAtStart: boolean;
}

interface Mailbox {
  readonly name: string;
  readonly server: ScriptedPop3Server;
  readonly key: string;
  /** The interval the schedule must keep: the accounts' shortest, at least LOGIN-DELAY. */
  readonly intervalMs: number;
  readonly loginDelayMs: number | null;
  readonly checkAtStartup: boolean;
  /** Newest first: what the scheduler reads. */
  readonly history: HistoryEntry[];
  /** Oldest first. */
  readonly log: Logged[];
  /** Server session numbers the test ended without QUIT (a drop, or a stop that aborted). */
  readonly cutByTest: Set<number>;
  dropNext: boolean;
  slowNext: boolean;
  inFlight: number;
  maxInFlight: number;
}

/** One call of `run`, for settling: its socket work, and its hand-over to the scheduler. */
interface RunTrack {
  readonly mailbox: Mailbox;
  readonly io: Promise<void>;
  readonly released: Promise<void>;
  done: boolean;
  /** A slow session's gate: reached once logged in; the test opens it. */
  readonly gate: { readonly atGate: Promise<void>; readonly open: () => void; reached: boolean } | null;
}

describe('Scheduler soak: a week against scripted POP3 servers on a fake clock', () => {
  it(
    'never overlaps, never checks too soon, never leaves a session without QUIT',
    async () => {
      const realStart = performance.now();
      const seed = soakSeed();
      const rand = mulberry32(seed);
      const jitter = mulberry32(seed ^ 0x5eed);
      const clock = new FakeClock(T0);
      const chance = (p: number): boolean => rand() < p;
      const pick = <T>(xs: readonly T[]): T => {
        const x = xs[Math.floor(rand() * xs.length)];
        if (x === undefined) throw new Error('pick from an empty list');
        return x;
      };
      const wordings = Object.values(LOCK_REFUSAL_WORDINGS);

      // --- the mailboxes and the accounts on them ---------------------------------------
      const serverClock = (): number => clock.now();
      const messages = [{ uidl: 'm1', body: 'Subject: one\r\n\r\nhello\r\n' }];
      const mailboxes: Mailbox[] = [];
      const addMailbox = async (
        name: string,
        intervalMs: number,
        checkAtStartup: boolean,
        loginDelaySeconds?: number,
      ): Promise<Mailbox> => {
        const server = await startScriptedPop3({
          users: [USER],
          messages,
          clock: serverClock,
          ...(loginDelaySeconds === undefined ? {} : { loginDelaySeconds }),
        });
        const mailbox: Mailbox = {
          name,
          server,
          key: `${server.host}:${server.port}:${USER.name}`,
          intervalMs,
          loginDelayMs: loginDelaySeconds === undefined ? null : loginDelaySeconds * 1000,
          checkAtStartup,
          history: [],
          log: [],
          cutByTest: new Set(),
          dropNext: false,
          slowNext: false,
          inFlight: 0,
          maxInFlight: 0,
        };
        mailboxes.push(mailbox);
        return mailbox;
      };
      const plain = await addMailbox('plain', 10 * MINUTE, true);
      const shared = await addMailbox('shared', 6 * MINUTE, true);
      const delayed = await addMailbox('login-delay', LOGIN_DELAY_S * 1000, true, LOGIN_DELAY_S);
      const quiet = await addMailbox('quiet', 30 * MINUTE, false);
      const byKey = new Map(mailboxes.map((m) => [m.key, m]));
      const mailboxOf = (key: string): Mailbox => {
        const m = byKey.get(key);
        if (!m) throw new Error(`no mailbox ${key}`);
        return m;
      };
      const config = (m: Mailbox, intervalMinutes: number, checkAtStartup: boolean): KeyConfig => ({
        key: m.key,
        intervalMinutes,
        loginDelaySeconds: m.loginDelayMs === null ? null : m.loginDelayMs / 1000,
        paused: false,
        checkAtStartup,
      });
      // Two accounts on `shared` (one mailbox key, one schedule); `login-delay` asks for every
      // 5 minutes, which its server's LOGIN-DELAY stretches to 15.
      const accounts: KeyConfig[] = [
        config(plain, 10, true),
        config(shared, 15, false),
        config(shared, 6, true),
        config(delayed, 5, true),
        config(quiet, 30, false),
      ];
      let globalPause = false;
      const pausedNow = (m: Mailbox): boolean => globalPause || accounts.filter((a) => a.key === m.key).every((a) => a.paused);

      // --- run: one real POP3 session --------------------------------------------------
      let networkDown = false;
      const unexpected: unknown[] = [];
      const tracks: RunTrack[] = [];
      let handOver: Promise<void> = Promise.resolve();
      let sessionIds = 0;
      const holdFor = (m: Mailbox, ms: number, wording: string): void => {
        // Another program (or the server's memory of our dropped connection) holds the
        // mailbox until the fake clock says otherwise.
        const remove = m.server.addRule(lockRefusal(wording, 'LOGIN'));
        clock.setTimeout(remove, ms);
      };

      const run = (key: string, trigger: Trigger, signal: AbortSignal): Promise<SoakResult> => {
        const m = mailboxOf(key);
        const id = ++sessionIds;
        const startedAt = clock.now();
        const pausedAtStart = pausedNow(m);
        m.inFlight += 1;
        m.maxInFlight = Math.max(m.maxInFlight, m.inFlight);
        // Every decision is drawn here, when the session starts, in an order that does not
        // depend on socket timing.
        const drop = m.dropNext;
        const slow = m.slowNext;
        m.dropNext = false;
        m.slowNext = false;
        const staleLockMs = drop && chance(0.6) ? Math.round((1 + rand() * 9) * MINUTE) : 0;
        const staleWording = pick(wordings).reply;
        const down = networkDown;

        // A slow session waits after login until the test opens its gate (or a stop aborts it).
        let gate: RunTrack['gate'] = null;
        let gateOpened: Promise<void> = Promise.resolve();
        let reachedGate: () => void = () => undefined;
        if (slow) {
          let open: () => void = () => undefined;
          gateOpened = new Promise<void>((resolve) => {
            open = resolve;
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          const atGate = new Promise<void>((resolve) => {
            reachedGate = resolve;
          });
          gate = { atGate, open: () => open(), reached: false };
        }

        let connectedAt: number | null = null;
        let failure: unknown = null;
        const io = (async () => {
          try {
            if (down) throw new Pop3Error('connection-refused', { message: 'the network is down (soak test)' });
            const client = await Pop3Client.connect({
              host: m.server.host,
              port: m.server.port,
              security: 'none',
              auth: 'user',
              credentials: { kind: 'password', user: USER.name, password: new Secret(USER.password) },
              connectBudgetMs: 10_000,
              idleTimeoutMs: 10_000,
              signal,
            });
            connectedAt = clock.now();
            // One session at a time on this server, so ours is its latest.
            const serverSession = m.server.sessions().length;
            if (gate !== null) {
              gate.reached = true;
              reachedGate();
              await gateOpened;
            }
            try {
              await client.uidl();
            } catch (error) {
              if (signal.aborted) {
                m.cutByTest.add(serverSession);
                await m.server.waitForSessionClosed(serverSession);
              }
              throw error;
            }
            if (drop) {
              m.cutByTest.add(serverSession);
              client.destroy();
              // The server notices the dead connection before the next session; whether it
              // also keeps the lock a while is the stale-lock rule's business.
              await m.server.waitForSessionClosed(serverSession);
              if (staleLockMs > 0) holdFor(m, staleLockMs, staleWording);
              throw new Pop3Error('network', { message: 'connection dropped by the soak test' });
            }
            const quit = await client.quit();
            if (!quit.acknowledged) throw new Error(`session ${id}: QUIT was not acknowledged`);
          } catch (error) {
            failure = error;
          } finally {
            reachedGate(); // a session refused at login never reaches it
          }
        })();

        const previous = handOver;
        let release: () => void = () => undefined;
        handOver = new Promise<void>((resolve) => {
          release = resolve;
        });
        const track: RunTrack = { mailbox: m, io, released: handOver, done: false, gate };
        tracks.push(track);
        const endedAt = io.then(() => clock.now());
        return (async () => {
          const end = await endedAt;
          m.inFlight -= 1;
          // Hand results over in the order the sessions started: the scheduler then plans (and
          // draws its jitter) in the same order on every run with this seed.
          await previous;
          if (failure !== null && !(failure instanceof Pop3Error)) {
            // Not a POP3 failure: a bug in the client or in this test. The scheduler swallows a
            // timer session's error, so it is kept for the end.
            unexpected.push(failure);
            track.done = true;
            release();
            throw failure;
          }
          const entry: HistoryEntry = {
            startedAt,
            endedAt: end,
            connectedAt,
            outcome: outcomeFor(failure),
            errorCode: failure instanceof Pop3Error ? failure.code : null,
            endedBy: failure === null ? 'quit' : endedByFor(failure),
          };
          m.history.unshift(entry);
          m.log.push({ ...entry, id, trigger, pausedAtStart });
          track.done = true;
          release();
          return { id, key, outcome: entry.outcome };
        })();
      };

      // --- settling: wait for work, never for time -------------------------------------
      const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
      /** Every session started so far has ended and been handed to the scheduler. */
      const settleAll = async (): Promise<void> => {
        for (;;) {
          const pending = tracks.filter((t) => !t.done);
          if (pending.length === 0) {
            await flush();
            if (tracks.every((t) => t.done)) {
              tracks.length = 0;
              return;
            }
            continue;
          }
          await Promise.all(pending.map((t) => t.released));
          await flush();
        }
      };
      /** Every session but the gated ones has finished its socket work. */
      const settleIo = async (): Promise<void> => {
        for (;;) {
          const pending = tracks.filter((t) => !t.done && t.gate === null);
          await Promise.all(pending.map((t) => t.io));
          await flush();
          if (tracks.filter((t) => !t.done && t.gate === null).every((t) => pending.includes(t))) return;
        }
      };
      const advanceTo = (t: number): Promise<void> => clock.advanceToAsync(t, settleAll);

      // --- the scheduler, and what it reports --------------------------------------------
      const backoffs: Array<{ key: string; at: number; lastEnd: number; state: Extract<KeyState, { kind: 'backoff' }> }> = [];
      const makeScheduler = (): Scheduler<SoakResult> =>
        new Scheduler<SoakResult>({
          clock,
          random: jitter,
          keys: () => accounts,
          // As the app reads it (history.ts, mailboxHistory): the newest 50.
          history: (key) => mailboxOf(key).history.slice(0, 50),
          run,
          onEvent: (event) => {
            if (event.type === 'state' && event.state.kind === 'backoff') {
              const lastEnd = mailboxOf(event.key).history[0]?.endedAt ?? clock.now();
              backoffs.push({ key: event.key, at: clock.now(), lastEnd, state: event.state });
            }
          },
        });
      const counts = {
        actions: 0,
        timerFirings: 0,
        checkNow: 0,
        resume: 0,
        networkBack: 0,
        startup: 0,
        joined: 0,
        notBefore: 0,
        restarts: 0,
        aborted: 0,
        slow: 0,
        holders: 0,
        drops: 0,
      };
      /** When the scheduler (re)started, and the last session id before it. */
      const restarts: Array<{ at: number; afterId: number }> = [];
      let scheduler!: Scheduler<SoakResult>;
      const startScheduler = (): void => {
        scheduler = makeScheduler();
        scheduler.setGlobalPause(globalPause);
        scheduler.start();
        counts.startup += mailboxes.length;
        restarts.push({ at: clock.now(), afterId: sessionIds });
      };
      const restart = async (stopping?: Promise<void>): Promise<void> => {
        await (stopping ?? scheduler.stop(STOP_BOUND_MS));
        await settleAll();
        counts.restarts += 1;
        startScheduler();
        await settleAll();
      };
      /** A trigger for a mailbox; "check now" is told "not before" only inside a wait the server or a backoff imposes. */
      const checkNow = async (m: Mailbox): Promise<void> => {
        counts.checkNow += 1;
        const result = await scheduler.trigger(m.key, 'check-now');
        if (result.kind === 'not-before') {
          counts.notBefore += 1;
          expect(result.at, `check now on ${m.name}`).toBeGreaterThan(clock.now());
          expect(['backoff', 'login-delay', 'own-stale-session']).toContain(result.reason);
        } else {
          expect(['ran', 'joined']).toContain(result.kind);
        }
      };
      const triggerAll = async (trigger: 'resume' | 'network-back'): Promise<void> => {
        if (trigger === 'resume') counts.resume += mailboxes.length;
        else counts.networkBack += mailboxes.length;
        await scheduler.triggerAll(trigger);
      };

      /** A slow session started by "check now": more triggers and time pass while it runs. */
      const slowSession = async (m: Mailbox): Promise<void> => {
        m.slowNext = true;
        const before = tracks.length;
        const removeDelay = m.server.addRule({ when: { command: 'UIDL' }, delayMs: 1 + Math.floor(rand() * 4), once: true });
        counts.checkNow += 1;
        const first = scheduler.trigger(m.key, 'check-now');
        m.slowNext = false; // the session, if any, started synchronously and took it
        const track = tracks.slice(before).find((t) => t.mailbox === m && t.gate !== null);
        if (!track?.gate) {
          removeDelay();
          const result = await first;
          expect(result.kind).toBe('not-before');
          counts.notBefore += 1;
          return;
        }
        await track.gate.atGate;
        if (!track.gate.reached) {
          // Refused at login (someone holds the mailbox) or no network: it ended at once.
          removeDelay();
          await first;
          await settleAll();
          return;
        }
        counts.slow += 1;
        const joiners: Array<Promise<TriggerResult<SoakResult>>> = [];
        const others: Array<Promise<unknown>> = [];
        let stopping: Promise<void> | null = null;
        for (let i = 1 + Math.floor(rand() * 6); i > 0 && stopping === null; i--) {
          const what = rand();
          if (what < 0.45) {
            const trigger = pick<Trigger>(['check-now', 'resume', 'network-back', 'timer']);
            if (trigger === 'check-now') counts.checkNow += 1;
            if (trigger === 'resume') counts.resume += 1;
            if (trigger === 'network-back') counts.networkBack += 1;
            joiners.push(scheduler.trigger(m.key, trigger));
          } else if (what < 0.6) {
            const trigger = pick(['resume', 'network-back'] as const);
            if (trigger === 'resume') counts.resume += mailboxes.length;
            else counts.networkBack += mailboxes.length;
            others.push(scheduler.triggerAll(trigger));
            await settleIo(); // a stop below must find the sessions this started finished
          } else if (what < 0.93) {
            // Time passes while the session runs: other mailboxes' timers fire meanwhile.
            clock.advanceTo(clock.now() + Math.floor(rand() * 3 * MINUTE));
            await settleIo();
          } else {
            // The app quits in the middle of it.
            stopping = scheduler.stop(STOP_BOUND_MS);
            if (chance(0.5)) {
              counts.aborted += 1;
              clock.advanceTo(clock.now() + STOP_BOUND_MS);
              await settleIo();
            }
          }
        }
        track.gate.open();
        const ran = await first;
        expect(ran.kind).toBe('ran');
        for (const joined of await Promise.all(joiners)) {
          expect(joined.kind).toBe('joined');
          if (joined.kind === 'joined' && ran.kind === 'ran') expect(joined.result).toBe(ran.result);
          counts.joined += 1;
        }
        await Promise.all(others);
        await settleAll();
        if (stopping !== null) await restart(stopping);
      };

      // --- the week ---------------------------------------------------------------------
      startScheduler();
      await settleAll();
      const end = T0 + SIMULATED_MS;
      while (clock.now() < end) {
        counts.actions += 1;
        if (globalPause && chance(0.15)) {
          // "Pause all" lasts a few actions, not half the week.
          globalPause = false;
          scheduler.setGlobalPause(false);
        }
        const roll = rand();
        if (roll < 0.45) {
          await advanceTo(Math.min(end, clock.now() + Math.floor(rand() ** 2 * 15 * MINUTE)));
        } else if (roll < 0.63) {
          await checkNow(pick(mailboxes));
        } else if (roll < 0.7) {
          clock.sleepBy(Math.floor(rand() ** 3 * 2 * HOUR));
          await triggerAll('resume');
        } else if (roll < 0.77) {
          // The network goes away for a while: sessions started meanwhile cannot connect.
          networkDown = true;
          await advanceTo(Math.min(end, clock.now() + Math.floor(rand() * 20 * MINUTE)));
          networkDown = false;
          await triggerAll('network-back');
        } else if (roll < 0.82) {
          counts.holders += 1;
          holdFor(pick(mailboxes), Math.round((1 + rand() * 39) * MINUTE), pick(wordings).reply);
        } else if (roll < 0.86) {
          counts.drops += 1;
          pick(mailboxes).dropNext = true;
        } else if (roll < 0.91) {
          await slowSession(pick(mailboxes));
        } else if (roll < 0.93) {
          await restart();
        } else if (roll < 0.96) {
          // A user pauses or resumes one account: `quiet` alone, or one of the two on `shared`.
          const i = pick([1, 4]);
          const a = accounts[i];
          if (a) accounts[i] = { ...a, paused: !a.paused };
          scheduler.refresh();
        } else if (roll < 0.97) {
          globalPause = !globalPause;
          scheduler.setGlobalPause(globalPause);
        } else {
          pick(mailboxes).server.deliver({ uidl: `m${counts.actions}`, body: `Subject: ${counts.actions}\r\n\r\nnew\r\n` });
        }
        await settleAll();
      }
      await scheduler.stop(STOP_BOUND_MS);
      await settleAll();

      // --- what must hold -----------------------------------------------------------------
      const all = mailboxes.flatMap((m) => m.log);
      counts.timerFirings = all.filter((s) => s.trigger === 'timer').length;
      const triggers = counts.timerFirings + counts.checkNow + counts.resume + counts.networkBack + counts.startup;
      const serverSessions = mailboxes.reduce((n, m) => n + m.server.sessions().length, 0);
      const realSeconds = (performance.now() - realStart) / 1000;
      console.log(
        `scheduler soak: seed ${seed}, ${((clock.now() - T0) / DAY).toFixed(2)} simulated days, ${counts.actions} actions, ` +
          `${all.length} sessions (${serverSessions} reached a server: ` +
          `${all.filter((s) => s.outcome === 'ok').length} ok, ${all.filter((s) => s.outcome === 'locked').length} locked, ` +
          `${all.filter((s) => s.outcome === 'error').length} failed), ${triggers} triggers (${counts.timerFirings} timer, ` +
          `${counts.checkNow} check now, ${counts.resume} resume, ${counts.networkBack} network back, ${counts.startup} start-up; ` +
          `${counts.joined} joined a running session, ${counts.notBefore} told "not before"), ${counts.restarts} restarts, ` +
          `${counts.slow} slow sessions, ${counts.aborted} stops that aborted one, ${counts.holders} holders, ${counts.drops} drops; ` +
          `${realSeconds.toFixed(1)} s real time`,
      );
      const context = (m: Mailbox, s: Logged): string =>
        `seed ${seed}, ${m.name}, session ${s.id} (${s.trigger}) at +${((s.startedAt - T0) / MINUTE).toFixed(2)} min`;

      for (const m of mailboxes) {
        const records = m.server.sessions();
        // One session at a time: by the server's count, by its records, and by ours.
        expect(m.server.maxConcurrentSessions, `${m.name}: sessions open at once (seed ${seed})`).toBe(1);
        expect(m.maxInFlight, `${m.name}: sessions running at once (seed ${seed})`).toBe(1);
        expect(m.server.activeSessionCount()).toBe(0);
        for (let i = 1; i < records.length; i++) {
          const [prev, next] = [records[i - 1], records[i]];
          if (!prev || !next) continue;
          expect(prev.closedAt, `${m.name}: server session ${prev.index} still open`).not.toBeNull();
          expect(
            prev.closedAt ?? Infinity,
            `${m.name}: server sessions ${prev.index} and ${next.index} overlap (seed ${seed})`,
          ).toBeLessThanOrEqual(next.openedAt);
        }
        for (let i = 1; i < m.log.length; i++) {
          const [prev, next] = [m.log[i - 1], m.log[i]];
          if (prev && next) expect(prev.endedAt, context(m, next)).toBeLessThanOrEqual(next.startedAt);
        }
        // Every session ends with QUIT, unless the test cut it.
        for (const r of records) {
          expect(r.endedBy, `${m.name}: server session ${r.index} (seed ${seed})`).toBe(
            m.cutByTest.has(r.index) ? 'client-closed' : 'quit',
          );
        }
        expect(records.length).toBe(m.log.filter((s) => s.errorCode !== 'connection-refused').length);

        let lastOk: Logged | null = null;
        let lastLogin: Logged | null = null;
        /** Failures since the last success, oldest first. */
        let streak: Logged[] = [];
        let seenSinceStart = 0;
        let start = restarts[0];
        for (const s of m.log) {
          const startBefore = restarts.filter((r) => r.afterId < s.id).at(-1);
          if (startBefore !== start) {
            start = startBefore;
            seenSinceStart = 0;
          }
          const prev = streak.at(-1) ?? null;
          // An automatic check: never while paused, and an interval after the last success.
          if (AUTOMATIC.has(s.trigger)) {
            expect(s.pausedAtStart, `${context(m, s)}: automatic check while paused`).toBe(false);
            if (prev === null && lastOk !== null) {
              expect(s.startedAt - lastOk.endedAt, `${context(m, s)}: sooner than the interval`).toBeGreaterThanOrEqual(m.intervalMs);
            }
          }
          if (s.trigger === 'startup') expect(m.checkAtStartup, `${context(m, s)}: start-up check not asked for`).toBe(true);
          // Without "check at start-up", the first automatic check after a start waits an interval.
          if (!m.checkAtStartup && seenSinceStart === 0 && start !== undefined && AUTOMATIC.has(s.trigger)) {
            expect(s.startedAt - start.at, `${context(m, s)}: first check after start-up`).toBeGreaterThanOrEqual(m.intervalMs);
          }
          if (prev !== null) {
            // No check at all, not even "check now", inside a backoff (2, 4, 8 … minutes) ...
            const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (streak.length - 1));
            expect(s.startedAt - prev.endedAt, `${context(m, s)}: inside a backoff of step ${streak.length}`).toBeGreaterThanOrEqual(base);
            // ... nor, after lock refusals that followed a connection of ours that was cut,
            // before the server can have forgotten that connection.
            const cause = [...streak].reverse().find((f) => f.outcome !== 'locked');
            if (prev.outcome === 'locked' && cause?.connectedAt != null && ['network-drop', 'aborted'].includes(cause.endedBy)) {
              expect(s.startedAt - cause.endedAt, `${context(m, s)}: inside the stale-session wait`).toBeGreaterThanOrEqual(
                STALE_SESSION_WAIT_MS,
              );
            }
          }
          // ... nor inside LOGIN-DELAY.
          if (m.loginDelayMs !== null && lastLogin?.connectedAt != null) {
            expect(s.startedAt - lastLogin.connectedAt, `${context(m, s)}: inside LOGIN-DELAY`).toBeGreaterThanOrEqual(m.loginDelayMs);
          }
          expect(s.errorCode, `${context(m, s)}: refused for LOGIN-DELAY`).not.toBe('login-delay');

          if (s.outcome === 'ok') {
            lastOk = s;
            streak = [];
          } else {
            streak.push(s);
          }
          if (s.connectedAt !== null) lastLogin = s;
          seenSinceStart += 1;
        }
        // The server's own view of LOGIN-DELAY: logins at least that far apart.
        if (m.loginDelayMs !== null) {
          const logins = records.filter((r) => r.user !== null).map((r) => r.openedAt);
          for (let i = 1; i < logins.length; i++) {
            expect((logins[i] ?? 0) - (logins[i - 1] ?? 0), `${m.name}: logins too close (seed ${seed})`).toBeGreaterThanOrEqual(
              m.loginDelayMs,
            );
          }
        }
      }
      // Every backoff the scheduler planned is within the cap.
      for (const b of backoffs) {
        expect(
          b.state.until - b.lastEnd,
          `seed ${seed}: ${mailboxOf(b.key).name} backoff planned at +${(b.at - T0) / MINUTE} min`,
        ).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }

      expect(unexpected).toEqual([]);

      // The soak exercised what it is meant to.
      expect(clock.now() - T0).toBeGreaterThanOrEqual(7 * DAY);
      expect(triggers).toBeGreaterThan(3000);
      expect(all.filter((s) => s.outcome === 'locked').length).toBeGreaterThan(20);
      expect(all.some((s) => s.endedBy === 'network-drop' && s.connectedAt !== null)).toBe(true);
      expect(counts.joined).toBeGreaterThan(10);
      expect(backoffs.some((b) => b.state.reason === 'own-stale-session')).toBe(true);
      expect(backoffs.some((b) => b.state.reason === 'login-delay' || b.state.reason === 'backoff')).toBe(true);
      expect(all.filter((s) => s.trigger === 'startup').length).toBeGreaterThan(0);
      expect(shared.log.length).toBeGreaterThan(plain.log.length);

      await Promise.all(mailboxes.map((m) => m.server.close()));
    },
    seconds(180),
  );
});
