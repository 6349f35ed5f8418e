// `poplar account add|set --notify yes|no` in process: the switch is stored, listed and changed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSettings } from '../../shared/account.ts';
import { accountSettings } from '../../shared/fixtures/account-settings.ts';
import { validateCall, type AccountInput } from '../../shared/contract.ts';
import { AccountError, addAccount, listAccounts } from '../store/accounts.ts';
import { openProfile } from '../store/profile.ts';
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
    return (JSON.parse(streams.stdout.join('\n')) as { accounts: Array<{ name: string; notify: boolean }> }).accounts.map(
      ({ name, notify }) => ({ name, notify }),
    );
  }

  it('is on by default, can be turned off at add and with set, and list says when it is off', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-account-'));
    const add = (name: string, ...extra: string[]) =>
      main(
        ['account', 'add', '--profile', dir, '--name', name, '--host', 'pop.example.com', '--user', name, '--password-env', 'PW', ...extra],
        io(),
      );
    expect(await add('home')).toBe(0);
    expect(await add('work', '--notify', 'no')).toBe(0);
    expect(await listed()).toEqual([
      { name: 'home', notify: true },
      { name: 'work', notify: false },
    ]);

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
    expect(await listed()).toEqual([
      { name: 'home', notify: false },
      { name: 'work', notify: true },
    ]);
  });

  it('takes only yes or no (exit 2 with the usage)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-account-'));
    const streams = io();
    expect(
      await main(
        [
          'account',
          'add',
          '--profile',
          dir,
          '--name',
          'home',
          '--host',
          'pop.example.com',
          '--user',
          'ann',
          '--password-env',
          'PW',
          '--notify',
          'maybe',
        ],
        streams,
      ),
    ).toBe(2);
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
  const add = (name: string, host: string, ...extra: string[]) =>
    run('account', 'add', '--name', name, '--host', host, '--user', 'me', '--password-env', 'PW', ...extra);

  it('refuses a second account for the same mailbox under another name or standard port, naming the first; add and set alike', async () => {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-same-mailbox-'));
    expect((await add('work', 'pop.example.com')).code).toBe(0);
    const sameMailbox =
      /^poplar account (add|set): This is the same mailbox as account 'work' \(pop\.example\.com, user me\): .+Change account 'work' instead, or remove it first\.\n$/;
    for (const [host, extra] of [
      ['POP.Example.COM.', []],
      ['pop.example.com', ['--security', 'starttls']],
      ['pop.example.com', ['--port', '110', '--security', 'none']],
    ] as const) {
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
    expect(
      (JSON.parse(listed.stdout) as { accounts: Array<{ name: string; port: number }> }).accounts.map((a) => [a.name, a.port]),
    ).toEqual([
      ['alt', 1995],
      ['local', 110],
      ['work', 995],
    ]);
  });
});

// One set of rules (shared/account-rules.ts): a setting refused by one way in is refused by all,
// in the same words. The command line names its option where it checks a value before using it.
describe('account settings: the window, the command line and the store refuse alike', { timeout: seconds(180) }, () => {
  let profileDir = '';
  afterEach(async () => {
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    profileDir = '';
  });

  const FINGERPRINT = 'AB'.repeat(32);
  const window: AccountInput = {
    name: 'home',
    host: 'pop.example.com',
    port: 995,
    security: 'tls',
    user: 'me',
    auth: 'auto',
    password: 'x',
    fingerprint: null,
    retention: { kind: 'leave', deleteWhenDeletedLocally: false },
    intervalMinutes: 10,
    checkAtStartup: true,
    maxSizeBytes: null,
  };
  const stored: AccountSettings = accountSettings({ user: 'me', passwordSource: { kind: 'env', variable: 'PW' } });
  const bad = (what: string, settings: Record<string, unknown>, options: string[], words: RegExp) => ({ what, settings, options, words });
  const days = (n: number) => ({ retention: { kind: 'delete-after-days', days: n, deleteWhenDeletedLocally: false } });
  const DAYS = /"delete from the server after N days" needs a whole number of days, from 1 to 3650/;
  const BAD = [
    bad('a name of punctuation', { name: '(work)' }, ['--name', '(work)'], /account name must start with a letter or digit/),
    bad('a name of 65 letters', { name: 'a'.repeat(65) }, ['--name', 'a'.repeat(65)], /account name must be at most 64 characters/),
    bad(
      'a host with a space',
      { host: 'mail server' },
      ['--host', 'mail server'],
      /server must be a server name or an IP address, not 'mail server'/,
    ),
    bad('port 0', { port: 0 }, ['--port', '0'], /port must be at least 1\b/),
    bad('port 70000', { port: 70000 }, ['--port', '70000'], /port must be at most 65535/),
    bad('an unknown security', { security: 'ssl' }, ['--security', 'ssl'], /security must be one of tls, starttls, none/),
    bad('a user name with a space at the start', { user: ' me' }, ['--user', ' me'], /user name must not start or end with a space/),
    bad(
      'a user name longer than an address',
      { user: 'u'.repeat(321) },
      ['--user', 'u'.repeat(321)],
      /user name must be at most 320 characters/,
    ),
    bad(
      'an unknown login method',
      { auth: 'kerberos' },
      ['--auth', 'kerberos'],
      /must be one of auto, plain, login, cram-md5, apop, user, xoauth2/,
    ),
    bad(
      'a short fingerprint',
      { fingerprint: 'abc' },
      ['--fingerprint', 'abc'],
      /fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed/,
    ),
    bad(
      'a pinned certificate without TLS',
      { security: 'none', port: 110, fingerprint: FINGERPRINT },
      ['--security', 'none', '--fingerprint', FINGERPRINT],
      /a CA file or a pinned certificate needs TLS or STARTTLS/,
    ),
    bad('an interval of 0', { intervalMinutes: 0 }, ['--interval', '0'], /check interval must be at least 1 minute/),
    bad('an interval over a day', { intervalMinutes: 1441 }, ['--interval', '1441'], /check interval must be at most 1440 minutes/),
    bad('deleting after 0 days', days(0), ['--delete-after-days', '0'], DAYS),
    bad('deleting after 3651 days', days(3651), ['--delete-after-days', '3651'], DAYS),
    bad('a size limit under 1024 bytes', { maxSizeBytes: 100 }, ['--max-size', '100'], /size limit must be at least 1024 bytes/),
  ];

  it.each(BAD)('the contract and the store refuse $what', async ({ settings, words }) => {
    const call = validateCall('accounts.add', [{ ...window, ...settings }]);
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error).toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(words) as unknown });

    profileDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-account-rules-'));
    const profile = openProfile(profileDir);
    try {
      expect(() => addAccount(profile.db, { ...stored, ...settings } as AccountSettings, 1)).toThrow(AccountError);
      expect(() => addAccount(profile.db, { ...stored, ...settings } as AccountSettings, 1)).toThrow(words);
      expect(listAccounts(profile.db)).toEqual([]);
    } finally {
      profile.close();
    }
  });

  it('the command line refuses the same settings, in the same words, and adds nothing', async () => {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-account-rules-'));
    const base = [
      'account',
      'add',
      '--profile',
      profileDir,
      '--name',
      'home',
      '--host',
      'pop.example.com',
      '--user',
      'me',
      '--password-env',
      'PW',
    ];
    for (const { what, options, words } of BAD) {
      const run = await runPoplar([...base, ...options], { env: { PW: 'x' }, timeoutMs: seconds(30) });
      expect(run.code, what).not.toBe(0);
      expect(run.stderr, what).toMatch(words);
      expect(run.stdout, what).toBe('');
    }
    // And the same settings, made good, are taken.
    const edge = ['--interval', '1440', '--delete-after-days', '3650', '--max-size', '1024'];
    expect((await runPoplar([...base, ...edge], { env: { PW: 'x' }, timeoutMs: seconds(30) })).code).toBe(0);
    expect(validateCall('accounts.add', [{ ...window, intervalMinutes: 1440, ...days(3650), maxSizeBytes: 1024 }]).ok).toBe(true);
  });
});
