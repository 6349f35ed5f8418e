// `poplar diagnose` in-process: a profile built with the store's own functions, sessions
// recorded as the sync records them, and the clock fixed so the report's times are known.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at } from '../diagnostics/fixtures/sessions.ts';
import { addAccount } from '../store/accounts.ts';
import { accountSettings } from '../../shared/fixtures/account-settings.ts';
import { openProfile } from '../store/profile.ts';
import { finishSession, startSession, updateMailbox, type SessionEnd } from '../store/sessions.ts';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const input = new PassThrough();
  input.end();
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: input, env: {} };
}

const KEY = mailboxKey('pop.example.com', 995, 'dana');

function record(db: DatabaseSync, startedAt: number, end: Partial<SessionEnd> & Pick<SessionEnd, 'endedBy'>, ms = 1000): number {
  const id = startSession(db, { mailboxKey: KEY, accountId: 1, trigger: 'timer', startedAt });
  finishSession(db, id, {
    endedAt: startedAt + ms,
    connectedAt: end.endedBy === 'lock-refused' ? null : startedAt + 200,
    error: null,
    downloaded: 0,
    deletedOnServer: 0,
    bytes: 0,
    greeting: '+OK Dovecot ready.',
    capabilities: null,
    security: 'TLSv1.3',
    authMethod: 'PLAIN',
    notes: [],
    transcript: [],
    ...end,
  });
  return id;
}

const LOCKED = {
  code: 'mailbox-locked',
  message: 'POP3 PASS failed (mailbox-locked): [IN-USE] Mailbox is locked by another POP3 session.',
  responseCode: 'IN-USE',
  serverText: 'Mailbox is locked by another POP3 session.',
};

describe('poplar diagnose', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-diagnose-'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at(10, 6));
    const profile = openProfile(dir);
    try {
      addAccount(profile.db, accountSettings({ user: 'dana', passwordSource: { kind: 'env', variable: 'PW' } }), at(8, 0));
    } finally {
      profile.close();
    }
  });

  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  function withDb(body: (db: DatabaseSync) => void): void {
    const profile = openProfile(dir);
    try {
      body(profile.db);
    } finally {
      profile.close();
    }
  }

  it('needs --account (exit 2 with the usage)', async () => {
    const streams = io();
    expect(await main(['diagnose', '--profile', dir], streams)).toBe(2);
    expect(streams.stderr.join('\n')).toMatch(/--account NAME is required\nUsage: poplar diagnose --account NAME/);
  });

  it('says so for an unknown account (exit 1)', async () => {
    const streams = io();
    expect(await main(['diagnose', '--profile', dir, '--account', 'work'], streams)).toBe(1);
    expect(streams.stderr).toEqual(["There is no account named 'work'. 'poplar account list' shows them."]);
  });

  it('is listed in the help', async () => {
    const streams = io();
    await main(['--help'], streams);
    expect(streams.stdout.join('\n')).toMatch(/^ {2}diagnose +explain why checking an account failed/m);
  });

  it('explains a lock held by another program, in text', async () => {
    withDb((db) => {
      updateMailbox(db, KEY, { uidlSupported: true, loginDelaySeconds: null, expireDays: null, loginAt: at(9, 55) });
      record(db, at(9, 55), { endedBy: 'quit', downloaded: 3 }, 1200);
      record(db, at(10, 5), { endedBy: 'lock-refused', error: LOCKED }, 300);
    });
    const streams = io();
    expect(await main(['diagnose', '--profile', dir, '--account', 'home'], streams)).toBe(0);
    expect(streams.stderr).toEqual([]);
    const text = streams.stdout.join('\n');
    expect(text).toContain(`home (${KEY})`);
    expect(text).toContain(
      'State:       backing off until 10:07 (in 2 minutes) after 1 failed check in a row: waiting longer after each failure',
    );
    expect(text).toContain('Last error:  10:05  mailbox-locked: [IN-USE] Mailbox is locked by another POP3 session.');
    expect(text).toContain('Another program or device is using this mailbox   [cause: other-client]');
    expect(text).toContain(
      '  - Poplar held no connection to this mailbox at that moment: its previous one ended at 09:55 with an acknowledged QUIT, 10 minutes before.',
    );
    expect(text).toMatch(/What Poplar will do:\n {2}Poplar does not keep knocking: .* checks again at 10:07 \(in 2 minutes\)\./);
    expect(text).toMatch(/What you can do:\n {2}- Look for the other program/);
    expect(text).toContain('Next check:  10:07 (in 2 minutes)');
    expect(text).toMatch(
      /Recent sessions \(newest first\):\n {2}10:05 {2}lock-refused {2}mailbox-locked: \[IN-USE\] Mailbox is locked by another POP3 session\. {3}\(0\.3 s\)\n {2}09:55 {2}quit {10}3 new, 0 deleted {3}\(1\.2 s\)$/,
    );
    expect(text).not.toMatch(/Pattern:/);
  });

  it('prints one JSON object with --json: the stale-session wait, the pattern and the sessions', async () => {
    withDb((db) => {
      // Another program's hourly check refused Poplar at :00 three times; then Poplar's own connection broke.
      for (const h of [6, 7, 8]) {
        record(db, at(h, 0, 20), { endedBy: 'lock-refused', error: LOCKED }, 300);
        record(db, at(h, 3), { endedBy: 'quit' });
      }
      record(
        db,
        at(9, 59),
        { endedBy: 'network-drop', error: { code: 'network', message: 'read ECONNRESET', responseCode: null, serverText: null } },
        60_000,
      );
      record(db, at(10, 0, 10), { endedBy: 'lock-refused', error: LOCKED }, 300);
    });
    const streams = io();
    expect(await main(['diagnose', '--profile', dir, '--account', 'home', '--json'], streams)).toBe(0);
    expect(streams.stdout).toHaveLength(1);
    const report = JSON.parse(streams.stdout[0] ?? '') as Record<string, unknown>;
    expect(report).toMatchObject({
      account: 'home',
      mailboxKey: KEY,
      cause: 'own-stale-session',
      title: 'Poplar’s previous connection is still open on the server',
      // The drop ended at 10:00:00; the server's autologout is waited out: 10 minutes.
      nextCheckAt: new Date(at(10, 10)).toISOString(),
      state: { kind: 'backoff', reason: 'own-stale-session', failures: 2, until: new Date(at(10, 10)).toISOString() },
      lastError: { code: 'mailbox-locked', responseCode: 'IN-USE', at: new Date(at(10, 0, 10)).toISOString() },
      loginDelaySeconds: null,
      intervalMinutes: 10,
    });
    expect(report.pattern).toMatch(
      /^The server refused Poplar 4 times in the last 24 hours, each time at :00 past the hour: another program checks this mailbox on a fixed schedule, every hour/,
    );
    expect(report.evidence).toContain('Poplar’s previous connection, at 09:59, ended without QUIT (the network dropped) at 10:00.');
    expect(report.poplarWillDo).toBe(
      'Poplar waits for the server to let go of the old connection and checks again at 10:10 (in 4 minutes).',
    );
    expect((report.sessions as unknown[]).length).toBe(8);
    expect((report.sessions as { endedBy: string }[])[0]?.endedBy).toBe('lock-refused');
    expect((report.timeline as string[])[1]).toMatch(/^09:59 {2}network-drop {2}network: read ECONNRESET {3}\(1 min 0 s\)$/);
  });

  it('reports a healthy mailbox and a waiting state', async () => {
    withDb((db) => record(db, at(10, 0), { endedBy: 'quit', downloaded: 1 }));
    const streams = io();
    expect(await main(['diagnose', '--profile', dir, '--account', 'home', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.stdout[0] ?? '') as Record<string, unknown>;
    expect(report).toMatchObject({ cause: 'none', failedSessionId: null, lastError: null, state: { kind: 'waiting', reason: 'interval' } });
    // The end of the last session plus the interval, plus the jitter drawn from the mailbox key (at most a minute).
    const next = Date.parse(String(report.nextCheckAt));
    expect(next).toBeGreaterThanOrEqual(at(10, 10, 1));
    expect(next).toBeLessThan(at(10, 11, 1));
  });
});
