// `poplar account add|set --notify yes|no` in process: the switch is stored, listed and changed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';
import { runPoplar } from '../../tests/support/poplar-cli.ts';
import { seconds } from '../../tests/support/timeouts.ts';

function io(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const input = new PassThrough();
  input.end('');
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: input, env };
}

describe('poplar account --notify', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  async function listed(): Promise<Array<{ name: string; notify: boolean }>> {
    const streams = io();
    expect(await main(['account', 'list', '--json', '--profile', dir], streams)).toBe(0);
    return (JSON.parse(streams.stdout.join('\n')) as { accounts: Array<{ name: string; notify: boolean }> }).accounts.map(({ name, notify }) => ({ name, notify }));
  }

  it('is on by default, can be turned off at add and with set, and list says when it is off', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-account-'));
    const add = (name: string, ...extra: string[]) => main(['account', 'add', '--profile', dir, '--name', name, '--host', 'pop.example.com', '--user', name, '--password-env', 'PW', ...extra], io());
    expect(await add('home')).toBe(0);
    expect(await add('work', '--notify', 'no')).toBe(0);
    expect(await listed()).toEqual([{ name: 'home', notify: true }, { name: 'work', notify: false }]);

    const text = io();
    expect(await main(['account', 'list', '--profile', dir], text)).toBe(0);
    expect(text.stdout.find((l) => l.startsWith('home:'))).not.toMatch(/notifications off/);
    expect(text.stdout.find((l) => l.startsWith('work:'))).toMatch(/; notifications off;/);

    const set = io();
    expect(await main(['account', 'set', 'home', '--notify', 'no', '--profile', dir], set)).toBe(0);
    expect(set.stdout.join('\n')).toMatch(/Changed account 'home': .*notifications off/);
    expect(await main(['account', 'set', 'work', '--notify', 'yes', '--profile', dir], io())).toBe(0);
    // A set that does not mention --notify keeps it.
    expect(await main(['account', 'set', 'home', '--interval', '15', '--profile', dir], io())).toBe(0);
    expect(await listed()).toEqual([{ name: 'home', notify: false }, { name: 'work', notify: true }]);
  });

  it('takes only yes or no (exit 2 with the usage)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-account-'));
    const streams = io();
    expect(await main(['account', 'add', '--profile', dir, '--name', 'home', '--host', 'pop.example.com', '--user', 'ann', '--password-env', 'PW', '--notify', 'maybe'], streams)).toBe(2);
    expect(streams.stderr.join('\n')).toMatch(/--notify takes yes or no, not 'maybe'/);
    expect(streams.stderr.join('\n')).toMatch(/--notify yes\|no/);
    expect(await listed()).toEqual([]);
  });
});

// As a user runs it: `poplar` child processes on one profile.
describe('poplar account: one mailbox, one account', { timeout: seconds(90) }, () => {
  let profileDir = '';
  afterEach(async () => {
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    profileDir = '';
  });
  const run = (...args: string[]) => runPoplar([...args, '--profile', profileDir], { env: { PW: 'x' }, timeoutMs: seconds(30) });
  const add = (name: string, host: string, ...extra: string[]) => run('account', 'add', '--name', name, '--host', host, '--user', 'me', '--password-env', 'PW', ...extra);

  it('refuses a second account for the same mailbox under another name or standard port, naming the first; add and set alike', async () => {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-same-mailbox-'));
    expect((await add('work', 'pop.example.com')).code).toBe(0);
    const sameMailbox = /^poplar account (add|set): This is the same mailbox as account 'work' \(pop\.example\.com, user me\): .+Change account 'work' instead, or remove it first\.\n$/;
    for (const [host, extra] of [['POP.Example.COM.', []], ['pop.example.com', ['--security', 'starttls']], ['pop.example.com', ['--port', '110', '--security', 'none']]] as const) {
      const refused = await add('again', host, ...extra);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(sameMailbox);
    }
    expect((await add('local', '127.0.0.1', '--security', 'none')).code).toBe(0);
    const loop = await add('loop', 'localhost');
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(/This is the same mailbox as account 'local' \(127\.0\.0\.1, user me\)/);

    // Another port is another mailbox, until it is set to the standard pair.
    expect((await add('alt', 'pop.example.com', '--port', '1995')).code).toBe(0);
    const set = await run('account', 'set', 'alt', '--port', '995');
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(sameMailbox);
    const listed = await run('account', 'list', '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { accounts: Array<{ name: string; port: number }> }).accounts.map((a) => [a.name, a.port])).toEqual([['alt', 1995], ['local', 110], ['work', 995]]);
  });
});
