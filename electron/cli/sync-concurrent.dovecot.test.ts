// Three `poplar sync` processes on one mailbox, against Dovecot with pop3_lock_session = yes
// (a second session's PASS would be refused with [IN-USE]): each waits for the one before it
// to end, then runs; all three exit 0 with outcome ok, and their server sessions never overlap.
// Before, the two that met another Poplar's lock printed "nothing is wrong" and exited 1.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { plainCorpus } from '../../tests/support/messages.ts';
import { hasStackTrace, runPoplar, syncJson } from '../../tests/support/poplar-cli.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { seconds } from '../../tests/support/timeouts.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';
import { openProfile } from '../store/profile.ts';
import { listSessions } from '../store/sessions.ts';

const PASSWORD = 'Three-Pw-1939';

describeWith(DOVECOT, 'three poplar sync processes on one mailbox, against Dovecot', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-three-'));
    dovecot = await startDovecot({ users: [{ name: 'trio', password: PASSWORD }] });
    await dovecot.seed('trio', plainCorpus(60));
    env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), TRIO_PW: PASSWORD };
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('one server login at a time, each after the previous ended, all three exit 0', async () => {
    // Three profiles (the app, a cron job, a second profile): one machine-wide lock per mailbox.
    const profiles = ['a', 'b', 'c'].map((p) => path.join(root, p));
    let mailboxKey = '';
    for (const profile of profiles) {
      const add = await runPoplar(
        [
          'account',
          'add',
          '--profile',
          profile,
          '--name',
          'trio',
          '--host',
          '127.0.0.1',
          '--port',
          String(dovecot.port),
          '--security',
          'starttls',
          '--ca-file',
          dovecot.caFile,
          '--user',
          'trio',
          '--password-env',
          'TRIO_PW',
        ],
        { env },
      );
      expect(add.code, add.stderr).toBe(0);
      const list = await runPoplar(['account', 'list', '--json', '--profile', profile], { env });
      mailboxKey = (JSON.parse(list.stdout) as { accounts: Array<{ mailboxKey: string }> }).accounts[0]?.mailboxKey ?? '';
    }
    const logBefore = (await dovecot.logText()).length;

    // Another Poplar holds the mailbox as the three start, so that each surely meets a lock.
    const held = await tryAcquireMailboxLock(env.POPLAR_LOCK_DIR ?? '', mailboxKey, { profile: 'the test' });
    if (!held.acquired) throw new Error(`the test could not take the lock: ${held.reason}`);
    const runs = Promise.all(
      profiles.map((profile) => runPoplar(['sync', '--json', '--profile', profile], { env, timeoutMs: seconds(50) })),
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await held.lock.release();
    const results = await runs;

    for (const run of results) {
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
      expect(run.code, run.stderr).toBe(0);
      expect(syncJson(run)).toEqual([expect.objectContaining({ account: 'trio', outcome: 'ok', downloaded: 60, error: null })]);
      expect(run.stderr).not.toMatch(/nothing is wrong/i);
    }
    // Node takes a moment to start: one may only begin once the test's lock is gone, but at
    // least two met another Poplar's lock and waited for it.
    expect(results.filter((r) => /is checking this mailbox; waiting for it to finish/.test(r.stderr)).length).toBeGreaterThanOrEqual(2);

    // The server's view: three logins, none turned away as "in use".
    const log = (await dovecot.logText()).slice(logBefore);
    expect(log).not.toMatch(/IN-USE|locked by another/i);
    expect(log.match(/Login: user=<trio>/g) ?? []).toHaveLength(3);

    // Poplar's own records: the three sessions that logged in, one after the other.
    const sessions = profiles
      .flatMap((profile) => {
        const p = openProfile(profile);
        try {
          return listSessions(p.db, mailboxKey, 20).filter((s) => s.connectedAt != null);
        } finally {
          p.close();
        }
      })
      .sort((x, y) => x.startedAt - y.startedAt);
    expect(sessions).toHaveLength(3);
    for (const [i, s] of sessions.entries()) {
      expect(s.endedBy).toBe('quit');
      const before = sessions[i - 1];
      if (before) expect(s.startedAt).toBeGreaterThanOrEqual(before.endedAt ?? Number.POSITIVE_INFINITY);
    }
    console.log(
      `three syncs, one mailbox: sessions ${sessions.map((s) => `${s.startedAt % 100_000}–${(s.endedAt ?? 0) % 100_000}`).join(', ')} (ms, mod 100 s)`,
    );
  });
});
