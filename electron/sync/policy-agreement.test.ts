// The time a diagnosis promises ("Poplar will try again at 21:30") is the time of the
// scheduler's real timer, for every cause: both come from policy.ts nextCheck() on the same
// history and settings, read from a real profile. Measured before this test existed: diagnosis
// "21:29" while the scheduler's timer was set for 21:30:06 (random 0 against Math.random).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import type { Account } from '../../shared/account.ts';
import { mailboxReport } from '../diagnostics/mailbox.ts';
import { addAccount } from '../store/accounts.ts';
import { openProfile, type Profile } from '../store/profile.ts';
import { finishSession, startSession, updateMailbox, type EndedBy } from '../store/sessions.ts';
import { MINUTE } from './policy.ts';
import { createProfileScheduler } from './profile-scheduler.ts';
import { plainDiagnosis } from '../diagnostics/plain-diagnosis.ts';

// A time of day with seconds, so that a rounding to the minute would show.
const NOW = new Date(2026, 10, 26, 21, 27, 41, 250).getTime();

interface Past {
  /** Minutes before NOW the session started. */
  readonly ago: number;
  readonly code: string | null;
  readonly endedBy: EndedBy;
  readonly connected: boolean;
  readonly responseCode?: string;
  readonly serverText?: string;
}

const ok = (ago: number): Past => ({ ago, code: null, endedBy: 'quit', connected: true });
const refusal = (ago: number, code: string, endedBy: EndedBy, extra: Partial<Past> = {}): Past => ({
  ago,
  code,
  endedBy,
  connected: false,
  ...extra,
});

/** Each cause's history, oldest first, and what the scheduler's state must be. */
const CAUSES: ReadonlyArray<{ name: string; past: Past[]; loginDelay?: number; reason: string }> = [
  { name: 'interval', past: [ok(2)], reason: 'interval' },
  {
    name: 'lock',
    past: [
      ok(40),
      refusal(1, 'mailbox-locked', 'lock-refused', { responseCode: 'IN-USE', serverText: 'Mailbox is locked by another POP3 session.' }),
    ],
    reason: 'backoff',
  },
  {
    name: 'own-stale-session',
    past: [
      { ago: 4, code: 'network', endedBy: 'network-drop', connected: true },
      refusal(1, 'mailbox-locked', 'lock-refused', { responseCode: 'IN-USE' }),
    ],
    reason: 'own-stale-session',
  },
  // The interval is raised to the LOGIN-DELAY (20 minutes, above the account's 5).
  { name: 'login-delay (CAPA)', past: [ok(3)], loginDelay: 1200, reason: 'interval' },
  {
    name: 'login-delay (refusal naming a time)',
    past: [
      ok(3),
      refusal(1, 'login-delay', 'lock-refused', { responseCode: 'LOGIN-DELAY', serverText: 'Logins must be at least 10 minutes apart' }),
    ],
    reason: 'login-delay',
  },
  {
    name: 'backoff',
    past: [
      refusal(9, 'connection-refused', 'network-drop'),
      refusal(4, 'connection-refused', 'network-drop'),
      refusal(1, 'connection-refused', 'network-drop'),
    ],
    reason: 'backoff',
  },
  {
    name: 'login-refused',
    past: [ok(60), refusal(1, 'login-refused', 'server-error', { serverText: 'Login failed.' })],
    reason: 'login-refused',
  },
  { name: 'login-stalled', past: [ok(60), refusal(2, 'login-stalled', 'lock-refused')], reason: 'backoff' },
  { name: 'timeout', past: [ok(60), refusal(1, 'timeout', 'timeout')], reason: 'backoff' },
  { name: 'network', past: [ok(60), { ago: 1, code: 'network', endedBy: 'network-drop', connected: true }], reason: 'backoff' },
];

describe('the diagnosis promises the scheduler’s own time', () => {
  let root: string | null = null;
  let profile: Profile | null = null;

  afterEach(async () => {
    profile?.close();
    profile = null;
    if (root) await rm(root, { recursive: true, force: true });
    root = null;
  });

  async function setUp(past: readonly Past[], loginDelay: number | null): Promise<{ profile: Profile; account: Account }> {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-agree-'));
    profile = openProfile(path.join(root, 'profile'));
    const account = addAccount(
      profile.db,
      {
        name: 'home',
        host: 'pop.example.com',
        port: 995,
        security: 'tls',
        user: 'ann',
        auth: 'user',
        caFile: null,
        fingerprint: null,
        retention: { kind: 'leave', deleteWhenDeletedLocally: false },
        intervalMinutes: 5,
        checkAtStartup: true,
        paused: false,
        notify: true,
        maxSizeBytes: null,
        passwordSource: { kind: 'prompt' },
      },
      NOW - 2 * 60 * MINUTE,
    );
    for (const p of past) {
      const startedAt = NOW - p.ago * MINUTE - 7_321; // not on a whole second either
      const id = startSession(profile.db, { mailboxKey: account.mailboxKey, accountId: account.id, trigger: 'timer', startedAt });
      const connectedAt = p.connected ? startedAt + 412 : null;
      if (connectedAt !== null)
        updateMailbox(profile.db, account.mailboxKey, {
          uidlSupported: true,
          loginDelaySeconds: loginDelay,
          expireDays: null,
          loginAt: connectedAt,
        });
      finishSession(profile.db, id, {
        endedAt: startedAt + 1_733,
        endedBy: p.endedBy,
        connectedAt,
        error:
          p.code === null
            ? null
            : { code: p.code, message: p.code, responseCode: p.responseCode ?? null, serverText: p.serverText ?? null },
        downloaded: 0,
        deletedOnServer: 0,
        bytes: 0,
        greeting: '+OK',
        capabilities: null,
        security: 'TLSv1.3',
        authMethod: 'USER',
        notes: [],
        transcript: [],
      });
    }
    return { profile, account };
  }

  /** The scheduler as the app and `poplar watch` build it, on a fake clock: where its timer is set. */
  async function schedulerTimer(p: Profile, account: Account): Promise<{ at: number | null; state: unknown }> {
    const clock = new FakeClock(NOW);
    const scheduler = createProfileScheduler({ profile: p, lockDir: path.join(root ?? '', 'locks'), clock, password: async () => null });
    scheduler.start();
    const state = scheduler.state(account.mailboxKey);
    const at = clock.nextTimerAt();
    await scheduler.stop(1000);
    return { at, state };
  }

  it.each(CAUSES)('$name', async ({ past, loginDelay, reason }) => {
    const { profile: p, account } = await setUp(past, loginDelay ?? null);
    const timer = await schedulerTimer(p, account);
    const report = mailboxReport(p.db, account, NOW);
    expect(timer.at).not.toBeNull();
    expect(timer.at).toBeGreaterThan(NOW);
    expect(timer.state).toMatchObject({ until: timer.at, reason });
    expect(report.nextCheckAt).toBe(timer.at);
    expect(report.state).toMatchObject({ until: timer.at, reason });

    // The words carry the scheduler's own instant, as a time mark (shared/time-marks.ts) that
    // the window and the command line each say in their own way…
    const marks = [...report.diagnosis.poplarWillDo.matchAll(/\uE000\w+:(\d+)\uE001/g)].map((m) => Number(m[1]));
    expect(marks).toEqual([Math.floor(timer.at ?? 0)]);
    // …and the minute printed is the minute the check happens in — never a minute before it
    // is due ("21:29" for 21:30:06), never one after.
    const words = plainDiagnosis(report.diagnosis, NOW).poplarWillDo;
    const said = /at (\d\d):(\d\d)/.exec(words);
    expect(said, words).not.toBeNull();
    const minute = new Date(NOW);
    minute.setHours(Number(said?.[1]), Number(said?.[2]), 0, 0);
    expect(timer.at ?? 0).toBeGreaterThanOrEqual(minute.getTime());
    expect(timer.at ?? 0).toBeLessThan(minute.getTime() + MINUTE);
  });

  it('says Poplar already keeps its checks LOGIN-DELAY apart only when the refused login did', async () => {
    const refusedAt = (gapMinutes: number): Past[] => [
      ok(1 + gapMinutes),
      refusal(1, 'login-delay', 'lock-refused', { responseCode: 'LOGIN-DELAY', serverText: 'Logins must be at least 2 minutes apart' }),
    ];
    // The watch that did not know the delay yet: its login came 61 s after the previous one.
    const early = await setUp(refusedAt(1), null);
    const tooSoon = mailboxReport(early.profile.db, early.account, NOW).diagnosis;
    expect(tooSoon.cause).toBe('too-frequent');
    expect(tooSoon.youCanDo.join(' ')).not.toMatch(/already keeps/);
    expect(tooSoon.youCanDo.join(' ')).toMatch(/has now learned the server’s minimum time between logins \(2 minutes\)/);
    early.profile.close();
    profile = null;
    await rm(root ?? '', { recursive: true, force: true });
    // Poplar kept the delay; someone else used up the allowance.
    const kept = await setUp(refusedAt(3), null);
    expect(mailboxReport(kept.profile.db, kept.account, NOW).diagnosis.youCanDo.join(' ')).toMatch(
      /already keeps its checks at least the server’s minimum time apart/,
    );
  });

  it.each([
    {
      name: 'a confirmed wrong password',
      past: [ok(60), refusal(1, 'auth-failed', 'auth-failed', { responseCode: 'AUTH' })],
      why: 'auth-failed',
    },
    {
      name: 'the fourth refusal without a reason',
      past: [ok(60), ...[20, 17, 11, 1].map((ago) => refusal(ago, 'login-refused', 'server-error'))],
      why: 'login-refused',
    },
  ])('paused after $name: no timer, and the diagnosis does not promise one', async ({ past, why }) => {
    const { profile: p, account } = await setUp(past, null);
    const timer = await schedulerTimer(p, account);
    expect(timer.at).toBeNull();
    expect(timer.state).toEqual({ kind: 'paused', why });
    const report = mailboxReport(p.db, account, NOW);
    expect(report.nextCheckAt).toBeNull();
    expect(report.state).toEqual({ kind: 'paused', why });
    expect(report.diagnosis.poplarWillDo).toMatch(/stopped checking/);
    expect(report.diagnosis.poplarWillDo).not.toMatch(/will try again/);
  });
});
