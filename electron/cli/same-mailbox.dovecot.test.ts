// One Dovecot mailbox under two names, 127.0.0.1 and localhost (issue 11, item 4: taken as two
// accounts, every message is stored twice and Dovecot logs two logins a second apart). One
// profile refuses the second account, naming the first; and two profiles that
// use the two names share one machine-wide lock, so the second never logs in beside the first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import { hasStackTrace, runPoplar, syncJson } from '../../tests/support/poplar-cli.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { seconds } from '../../tests/support/timeouts.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';

const PASSWORD = 'Same-Mailbox-Pw-4711';

describeWith(DOVECOT, 'one Dovecot mailbox as 127.0.0.1 and as localhost', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-same-mailbox-'));
    dovecot = await startDovecot({ users: [{ name: 'me', password: PASSWORD }] });
    await dovecot.seed('me', plainCorpus(5));
    env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), ME_PW: PASSWORD };
  }, seconds(60));

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  }, seconds(30));

  const poplar = (args: string[]) => runPoplar(args, { env, timeoutMs: seconds(50) });
  const add = (profile: string, name: string, host: string) =>
    poplar([
      'account',
      'add',
      '--profile',
      profile,
      '--name',
      name,
      '--host',
      host,
      '--port',
      String(dovecot.port),
      '--security',
      'starttls',
      '--ca-file',
      dovecot.caFile,
      '--user',
      'me',
      '--password-env',
      'ME_PW',
    ]);
  const keyOf = async (profile: string): Promise<string> => {
    const list = await poplar(['account', 'list', '--json', '--profile', profile]);
    return (JSON.parse(list.stdout) as { accounts: Array<{ mailboxKey: string }> }).accounts[0]?.mailboxKey ?? '';
  };
  const logins = async (from: number): Promise<number> => ((await dovecot.logText()).slice(from).match(/Login: user=<me>/g) ?? []).length;

  it(
    'refuses the second name in one profile; across profiles the two names share one lock',
    async () => {
      const a = path.join(root, 'a');
      const b = path.join(root, 'b');
      expect((await add(a, 'home', '127.0.0.1')).code).toBe(0);
      const refused = await add(a, 'loop', 'localhost');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^poplar account add: This is the same mailbox as account 'home' \(127\.0\.0\.1, user me\): /);

      // A second profile (a cron job's, say) may have its own account, but it is the same mailbox.
      expect((await add(b, 'loop', 'localhost')).code).toBe(0);
      const key = await keyOf(a);
      expect(key).toBe(`localhost:${dovecot.port}:me`);
      expect(await keyOf(b)).toBe(key);

      // While profile a's Poplar holds the mailbox (the test stands in for it), profile b's sync
      // through "localhost" must not log in: it meets the same lock.
      const logBefore = (await dovecot.logText()).length;
      const held = await tryAcquireMailboxLock(env.POPLAR_LOCK_DIR ?? '', key, { profile: a });
      if (!held.acquired) throw new Error(`the test could not take the lock: ${held.reason}`);
      const running = poplar(['sync', '--json', '--profile', b]);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(await logins(logBefore)).toBe(0);
      await held.lock.release();
      const run = await running;
      expect(hasStackTrace(run.stderr), run.stderr).toBe(false);

      const sync = await poplar(['sync', '--json', '--profile', a]);
      expect(sync.code, sync.stderr).toBe(0);
      expect(syncJson(sync)).toEqual([expect.objectContaining({ account: 'home', outcome: 'ok', downloaded: 5 })]);
      // The server's view: never two sessions at once, never "in use".
      expect(await dovecot.logText()).not.toMatch(/IN-USE|locked by another/i);
    },
    seconds(180),
  );
});
