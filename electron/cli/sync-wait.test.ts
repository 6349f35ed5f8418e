// `poplar sync` as a child process against the scripted server: it never connects before the
// last login plus the server's LOGIN-DELAY (a long wait is reported as 'not-before', exit 0; a
// short one is waited out), and another Poplar holding the mailbox is waited for, or with
// --no-wait reported as 'skipped', exit 0 — not "nothing is wrong" with exit 1.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runPoplar, type PoplarRun } from '../../tests/support/poplar-cli.ts';
import { testScriptedPop3, testTempDir } from '../../tests/support/per-test.ts';
import type { ScriptedPop3Server } from '../../tests/support/scripted-pop3.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const PW = 'Wait-Pw-2449';

interface SyncJson {
  accounts: Array<{
    account: string;
    outcome: string;
    downloaded: number;
    notBefore?: string;
    message?: string | null;
    error: { code: string; message: string } | null;
  }>;
}

describe('poplar sync waits for what the server and other Poplars allow', { timeout: seconds(90) }, () => {
  async function setUp(loginDelaySeconds: number | null): Promise<{
    poplar: (...args: string[]) => Promise<PoplarRun>;
    server: ScriptedPop3Server;
    profile: string;
    lockDir: string;
    mailboxKey: string;
  }> {
    const root = await testTempDir('poplar-sync-wait-');
    const server = await testScriptedPop3({
      users: [{ name: 'ann', password: PW }],
      messages: plainCorpus(2).map((body, i) => ({ uidl: `u${i}`, body })),
      ...(loginDelaySeconds !== null ? { loginDelaySeconds } : {}),
    });
    const profile = path.join(root, 'profile');
    const lockDir = path.join(root, 'locks');
    const poplar = async (...args: string[]): Promise<PoplarRun> => {
      const run = await runPoplar([...args, '--profile', profile], {
        env: { POPLAR_LOCK_DIR: lockDir, POPLAR_PW: PW },
        timeoutMs: seconds(60),
      });
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
      return run;
    };
    const add = await poplar(
      'account',
      'add',
      '--name',
      'home',
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--security',
      'none',
      '--auth',
      'user',
      '--user',
      'ann',
      '--password-env',
      'POPLAR_PW',
      '--interval',
      '10',
    );
    expect(add.code, add.stderr).toBe(0);
    const list = await poplar('account', 'list', '--json');
    const mailboxKey = (JSON.parse(list.stdout) as { accounts: Array<{ mailboxKey: string }> }).accounts[0]?.mailboxKey ?? '';
    return { poplar, server, profile, lockDir, mailboxKey };
  }

  it('inside a long LOGIN-DELAY: outcome not-before, exit 0, and no connection at all', async () => {
    const { poplar, server } = await setUp(600);
    const first = await poplar('sync', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as SyncJson).accounts[0]).toMatchObject({ outcome: 'ok', downloaded: 2 });
    expect(server.sessions()).toHaveLength(1);

    const started = Date.now();
    const second = await poplar('sync', '--json');
    expect(second.code, second.stderr).toBe(0);
    const result = (JSON.parse(second.stdout) as SyncJson).accounts[0];
    expect(result).toMatchObject({ account: 'home', outcome: 'not-before', downloaded: 0, error: null });
    const allowed = Date.parse(result?.notBefore ?? '');
    expect(allowed).toBeGreaterThan(started + 590_000);
    expect(allowed).toBeLessThan(started + 601_000);
    expect(result?.message).toMatch(/LOGIN-DELAY/);

    const text = await poplar('sync');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^home: not checked yet: the next login is allowed at \d\d:\d\d:\d\d\./);
    // The scripted server saw the first session only: nothing connected to be refused.
    expect(server.sessions()).toHaveLength(1);
  });

  it('inside a short LOGIN-DELAY: waits it out, says so, and is not refused', async () => {
    // Longer than `poplar` takes to start on a busy machine (up to ~15 s at a load of 20), so the
    // second sync still finds the delay running; shorter than the 2 minutes sync waits out.
    const delay = Math.round(seconds(15) / 1000);
    const { poplar, server } = await setUp(delay);
    expect((await poplar('sync')).code).toBe(0);
    const second = await poplar('sync', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as SyncJson).accounts[0]).toMatchObject({ outcome: 'ok' });
    // stderr is not a terminal here: one plain line, no carriage returns.
    expect(second.stderr).toMatch(
      new RegExp(`home: waiting for the server’s LOGIN-DELAY \\(${delay} seconds between logins\\): \\d+ s, until \\d\\d:\\d\\d:\\d\\d\\.`),
    );
    expect(second.stderr).not.toContain('\r');
    const sessions = server.sessions() ?? [];
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.user)).toEqual(['ann', 'ann']); // both logins accepted: none refused
    const nb = await poplar('sync', '--json', '--no-wait');
    expect(nb.code).toBe(0);
    expect((JSON.parse(nb.stdout) as SyncJson).accounts[0]).toMatchObject({ outcome: 'not-before' });
    expect(server.sessions()).toHaveLength(2);
  });

  it('another Poplar holds the mailbox: waits for it, or with --no-wait is skipped, exit 0', async () => {
    const { poplar, server, lockDir, mailboxKey } = await setUp(null);
    const held = await tryAcquireMailboxLock(lockDir, mailboxKey, { profile: 'a test' });
    if (!held.acquired) throw new Error(`the test could not take the lock: ${held.reason}`);

    const skipped = await poplar('sync', '--json', '--no-wait');
    expect(skipped.code, skipped.stderr).toBe(0);
    const r = (JSON.parse(skipped.stdout) as SyncJson).accounts[0];
    expect(r).toMatchObject({ outcome: 'skipped', downloaded: 0, error: { code: 'local-lock' } });
    expect(r?.error?.message).toMatch(new RegExp(`process ${process.pid}.*skipped \\(--no-wait\\)`));
    expect(r?.error?.message).not.toMatch(/nothing is wrong/i);
    const text = await poplar('sync', '--no-wait');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^home: skipped\. Another Poplar on this computer/);
    expect(server.sessions()).toHaveLength(0);

    const waiting = poplar('sync', '--json');
    const releaseAt = Date.now() + 2500;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await held.lock.release();
    const ran = await waiting;
    expect(ran.code, ran.stderr).toBe(0);
    expect((JSON.parse(ran.stdout) as SyncJson).accounts[0]).toMatchObject({ outcome: 'ok', downloaded: 2 });
    expect(ran.stderr).toMatch(
      /another Poplar on this computer \(process \d+\) is checking this mailbox; waiting for it to finish \(at most 5 minutes\)/,
    );
    const sessions = server.sessions() ?? [];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.openedAt ?? 0).toBeGreaterThanOrEqual(releaseAt - 50);
  });
});
