// `poplar account add|set --notify yes|no` in process: the switch is stored, listed and changed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';

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
