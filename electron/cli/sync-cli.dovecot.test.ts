// The command line end to end, as a user drives it: `poplar account …`, `sync`, `messages`
// and `show` as child processes on Node 24 against a private Dovecot. It proves that each way
// of giving a password works and that no password ever reaches the output or the database;
// that a sync downloads every message once, byte for byte; that a wrong password, a mailbox
// held by another session and a bad command line each say what happened with the right exit
// code; and that removing an account removes its mail here and nothing on the server.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variedCorpus, type CorpusMessage } from '../../tests/support/corpus.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import { hasStackTrace, messagesJson, runPoplar, syncJson, type PoplarOptions, type PoplarRun } from '../../tests/support/poplar-cli.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import type { Account } from '../../shared/account.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';

/** Every password of the test: none may ever appear in output or in the profile's database. */
const PW = {
  main: 'Env-Pw-31337',
  cmd: 'Cmd-Pw42', // printed by the command below, which does not contain it literally
  saved: 'Stdin-Pw-777',
  two: 'Two-Pw-5150',
  victim: 'Victim-Pw-9009',
  wrong: 'Wrong-Guess-2468',
} as const;
const PASSWORD_COMMAND = "printf '%s-%s' Cmd Pw42";
const ENV = { POPLAR_TEST_PW_MAIN: PW.main, POPLAR_TEST_PW_TWO: PW.two, POPLAR_TEST_PW_BAD: PW.wrong };

interface AccountsJson {
  accounts: Account[];
}

describeWith(DOVECOT, 'poplar command line against Dovecot', () => {
  let dovecot: DovecotInstance;
  let root: string;
  /** Profile A: accounts env, cmd and saved; profile B: good and bad. */
  let profileA: string;
  let profileB: string;
  let corpus: CorpusMessage[];
  const runs: Array<{ args: readonly string[]; run: PoplarRun }> = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-'));
    profileA = path.join(root, 'profile-a');
    profileB = path.join(root, 'profile-b');
    dovecot = await startDovecot({
      users: [
        { name: 'main', password: PW.main },
        { name: 'cmd', password: PW.cmd },
        { name: 'saved', password: PW.saved },
        { name: 'two', password: PW.two },
        { name: 'victim', password: PW.victim },
      ],
    });
    corpus = variedCorpus(30);
    await dovecot.seed(
      'main',
      corpus.map((m) => m.raw),
    );
    await dovecot.seed('cmd', plainCorpus(3));
    await dovecot.seed('saved', plainCorpus(2));
    await dovecot.seed('two', plainCorpus(2));
    await dovecot.seed('victim', plainCorpus(1));
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Runs poplar with the test's lock folder and password variables, and keeps its output for the leak check. */
  async function poplar(args: readonly string[], opts: PoplarOptions = {}): Promise<PoplarRun> {
    const run = await runPoplar(args, { ...opts, env: { POPLAR_LOCK_DIR: path.join(root, 'locks'), ...ENV, ...opts.env } });
    runs.push({ args, run });
    expect(hasStackTrace(run.stderr), `poplar ${args.join(' ')} printed a stack trace:\n${run.stderr}`).toBe(false);
    return run;
  }

  const a = (...args: string[]): string[] => [...args, '--profile', profileA];
  const b = (...args: string[]): string[] => [...args, '--profile', profileB];

  async function serverUidls(user: keyof typeof PW): Promise<string[]> {
    const client = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user, password: new Secret(PW[user]) },
    });
    try {
      return (await client.uidl()).map((e) => e.uidl);
    } finally {
      await client.quit();
    }
  }

  async function listAccountsJson(profile: string): Promise<Account[]> {
    const run = await poplar(['account', 'list', '--json', '--profile', profile]);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as AccountsJson).accounts;
  }

  describe('accounts', () => {
    it('adds an account whose password comes from an environment variable', async () => {
      const run = await poplar(
        a(
          'account',
          'add',
          '--name',
          'env',
          '--host',
          '127.0.0.1',
          '--port',
          String(dovecot.tlsPort),
          '--security',
          'tls',
          '--ca-file',
          dovecot.caFile,
          '--user',
          'main',
          '--password-env',
          'POPLAR_TEST_PW_MAIN',
        ),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(
        `Added account 'env': main at 127.0.0.1:${dovecot.tlsPort} (tls); leave on the server; check every 10 min; password: from $POPLAR_TEST_PW_MAIN`,
      );
    });

    it('adds an account whose password a command prints', async () => {
      const run = await poplar(
        a(
          'account',
          'add',
          '--name',
          'cmd',
          '--host',
          '127.0.0.1',
          '--port',
          String(dovecot.port),
          '--security',
          'starttls',
          '--ca-file',
          dovecot.caFile,
          '--user',
          'cmd',
          '--password-command',
          PASSWORD_COMMAND,
        ),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Added account 'cmd': cmd at 127\.0\.0\.1:\d+ \(starttls\);.*password: from a command$/m);
    });

    it('adds an account with the password from stdin, saved in a 0600 file, and warns about it', async () => {
      const run = await poplar(
        a(
          'account',
          'add',
          '--name',
          'saved',
          '--host',
          '127.0.0.1',
          '--port',
          String(dovecot.port),
          '--security',
          'none',
          '--user',
          'saved',
          '--password-stdin',
          '--save-password',
        ),
        { stdin: `${PW.saved}\n` },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Added account 'saved': saved at 127\.0\.0\.1:\d+ \(unencrypted\);.*password: saved in the profile$/m);
      const warning = /^Warning: the password is saved unencrypted in (\S+) \(readable only by you\)\./m.exec(run.stderr);
      expect(warning, run.stderr).not.toBeNull();
      const file = warning?.[1] ?? '';
      expect(path.dirname(path.dirname(file))).toBe(profileA);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      expect(await readFile(file, 'utf8')).toBe(PW.saved); // the final line break of `echo` is not part of it
    });

    it('lists the accounts as text and as JSON', async () => {
      const text = await poplar(a('account', 'list'));
      expect(text.code).toBe(0);
      const lines = text.stdout.trim().split('\n');
      expect(lines.map((l) => l.split(':')[0])).toEqual(['cmd', 'env', 'saved']);
      expect(lines[0]).toContain('password: from a command');
      expect(lines[1]).toContain('password: from $POPLAR_TEST_PW_MAIN');
      expect(lines[2]).toContain('password: saved in the profile');

      const accounts = await listAccountsJson(profileA);
      expect(accounts.map((x) => [x.name, x.user, x.security, x.passwordSource.kind])).toEqual([
        ['cmd', 'cmd', 'starttls', 'command'],
        ['env', 'main', 'tls', 'env'],
        ['saved', 'saved', 'none', 'file'],
      ]);
      const env = accounts.find((x) => x.name === 'env');
      expect(env).toMatchObject({
        host: '127.0.0.1',
        port: dovecot.tlsPort,
        caFile: dovecot.caFile,
        intervalMinutes: 10,
        mailboxKey: `localhost:${dovecot.tlsPort}:main`,
        retention: { kind: 'leave', deleteWhenDeletedLocally: false },
        passwordSource: { kind: 'env', variable: 'POPLAR_TEST_PW_MAIN' },
      });
    });

    it('changes the retention rule and the interval, and nothing else', async () => {
      const before = (await listAccountsJson(profileA)).find((x) => x.name === 'env');
      const run = await poplar(a('account', 'set', 'env', '--delete-after-days', '14', '--interval', '30'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(
        `Changed account 'env': main at 127.0.0.1:${dovecot.tlsPort} (tls); delete from the server 14 days after download; check every 30 min; password: from $POPLAR_TEST_PW_MAIN`,
      );
      const after = (await listAccountsJson(profileA)).find((x) => x.name === 'env');
      expect(after).toEqual({
        ...before,
        retention: { kind: 'delete-after-days', days: 14, deleteWhenDeletedLocally: false },
        intervalMinutes: 30,
      });

      const more = await poplar(a('account', 'set', 'cmd', '--delete-when-deleted-here', '--interval', '2.5'));
      expect(more.code, more.stderr).toBe(0);
      expect((await listAccountsJson(profileA)).find((x) => x.name === 'cmd')).toMatchObject({
        retention: { kind: 'leave', deleteWhenDeletedLocally: true },
        intervalMinutes: 2.5,
      });
    });
  });

  describe('sync, messages and show', () => {
    it('downloads all 30 messages, then nothing the second time', async () => {
      const first = await poplar(a('sync', '--account', 'env', '--json'));
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const [result] = syncJson(first);
      expect(result).toMatchObject({ account: 'env', outcome: 'ok', downloaded: 30, deletedOnServer: 0, error: null });
      expect(result?.bytes).toBeGreaterThan(corpus.reduce((n, m) => n + m.raw.length, 0));

      const second = await poplar(a('sync', '--account', 'env', '--json'));
      expect(second.code).toBe(0);
      expect(syncJson(second)).toMatchObject([{ account: 'env', outcome: 'ok', downloaded: 0, deletedOnServer: 0, error: null }]);
      expect((await serverUidls('main')).length).toBe(30); // 14 days have not passed
    });

    it('syncs every account, each with its own way of getting the password', async () => {
      const run = await poplar(a('sync', '--json'));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(syncJson(run).map((r) => [r.account, r.outcome, r.downloaded])).toEqual([
        ['cmd', 'ok', 3],
        ['env', 'ok', 0],
        ['saved', 'ok', 2],
      ]);

      const text = await poplar(a('sync'));
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^cmd: no new messages, in \d+ ms$/m);
      expect(text.stdout).toMatch(/^env: no new messages, in \d+ ms$/m);
      expect(text.stderr).toBe('');
    });

    it('finds messages by a word of the subject and by a word of the body', async () => {
      const picks = ['plain', 'html-newsletter', 'latin1-qp', 'encoded-subject', 'koi8-r'].map((kind) =>
        corpus.find((m) => m.expect.kind === kind),
      );
      for (const m of picks) {
        if (!m) throw new Error('the corpus lacks a kind');
        for (const word of [m.expect.subjectWord, m.expect.bodyWord]) {
          const run = await poplar(a('messages', '--search', word, '--json'));
          expect(run.code).toBe(0);
          expect(
            messagesJson(run).map((r) => r.subject),
            `${m.expect.kind}: ${word}`,
          ).toEqual([m.expect.subject]);
        }
      }
      const text = await poplar(a('messages', '--search', picks[0]?.expect.bodyWord ?? ''));
      expect(text.stdout).toContain(picks[0]?.expect.subject);
      const none = await poplar(a('messages', '--search', 'nosuchwordanywhere'));
      expect(none.code).toBe(0);
      expect(none.stdout.trim()).toBe("No messages match 'nosuchwordanywhere'.");
    });

    it('shows a message decoded, and a damaged one with a note', async () => {
      const bySubject = new Map(
        messagesJson(await poplar(a('messages', '--account', 'env', '--limit', '100', '--json'))).map((r) => [r.subject, r]),
      );
      for (const kind of ['plain', 'latin1-qp', 'koi8-r'] as const) {
        const m = corpus.find((c) => c.expect.kind === kind);
        const row = bySubject.get(m?.expect.subject ?? '');
        expect(row, kind).toBeDefined();
        const run = await poplar(a('show', String(row?.id)));
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain(`Subject: ${m?.expect.subject}`);
        expect(run.stdout).toMatch(new RegExp(`^From: +.*<?${m?.expect.fromAddress.replace(/\./g, '\\.')}>?$`, 'm'));
        expect(run.stdout).toContain(m?.expect.bodyWord);
        if (m?.expect.unicodeWord) expect(run.stdout).toContain(m.expect.unicodeWord);
        expect(run.stdout).not.toContain('damaged');
      }
      const broken = corpus.find((c) => c.expect.malformed);
      const row = bySubject.get(broken?.expect.subject ?? '');
      const run = await poplar(a('show', String(row?.id)));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`Note: +this message is damaged \\(.+\\); 'poplar show ${row?.id} --raw' shows it as received\\.`),
      );
      expect(run.stdout).toContain(broken?.expect.bodyWord);
    });

    it('gives the exact bytes of every message with show --raw', async () => {
      const rows = messagesJson(await poplar(a('messages', '--account', 'env', '--limit', '100', '--json')));
      expect(rows).toHaveLength(30);
      const raw = new Map(corpus.map((m) => [m.expect.subject, m.raw]));
      const shown = await Promise.all(rows.map((r) => poplar(a('show', String(r.id), '--raw'))));
      rows.forEach((r, i) => {
        const expected = raw.get(r.subject);
        expect(expected, r.subject).toBeDefined();
        const got = shown[i]?.stdoutBytes ?? Buffer.alloc(0);
        expect(shown[i]?.code).toBe(0);
        expect(sha(got), `${r.subject}: ${got.length} bytes, seeded ${expected?.length}`).toBe(sha(expected ?? Buffer.alloc(0)));
      });
    });

    it('says which message ID does not exist', async () => {
      const run = await poplar(a('show', '99999'));
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('There is no message 99999.');
    });
  });

  describe('failures are reported per account, with exit code 1', () => {
    beforeAll(async () => {
      for (const [name, user, variable] of [
        ['good', 'two', 'POPLAR_TEST_PW_TWO'],
        ['bad', 'victim', 'POPLAR_TEST_PW_BAD'],
      ] as const) {
        const run = await poplar(
          b(
            'account',
            'add',
            '--name',
            name,
            '--host',
            '127.0.0.1',
            '--port',
            String(dovecot.port),
            '--security',
            'starttls',
            '--ca-file',
            dovecot.caFile,
            '--user',
            user,
            '--password-env',
            variable,
          ),
        );
        expect(run.code, run.stderr).toBe(0);
      }
    });

    it('a wrong password: outcome error, code auth-failed', async () => {
      const run = await poplar(b('sync', '--account', 'bad', '--json'));
      expect(run.code).toBe(1);
      const [result] = syncJson(run);
      expect(result).toMatchObject({ account: 'bad', outcome: 'error', downloaded: 0, error: { code: 'auth-failed' } });

      const text = await poplar(b('sync', '--account', 'bad'));
      expect(text.code).toBe(1);
      expect(text.stdout).toBe('');
      expect(text.stderr).toMatch(/^bad: the check failed \(auth-failed\)\.\n {2}\S/);
      expect(text.stderr).toMatch(/password/i);
    });

    it('two accounts where one fails: both are reported, the good one is synced, exit 1', async () => {
      const run = await poplar(b('sync', '--json'));
      expect(run.code).toBe(1);
      expect(syncJson(run)).toMatchObject([
        { account: 'bad', outcome: 'error', downloaded: 0, error: { code: 'auth-failed' } },
        { account: 'good', outcome: 'ok', downloaded: 2, error: null },
      ]);
      const text = await poplar(b('sync'));
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^good: no new messages, in \d+ ms$/m);
      expect(text.stderr).toMatch(/^bad: the check failed \(auth-failed\)\./m);
    });

    it('a mailbox held by another POP3 session: outcome locked, code mailbox-locked, and the next sync goes ahead', async () => {
      // A second program (a phone, say) logged in to the same mailbox and stays there.
      const holder = await Pop3Client.connect({
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        auth: 'user',
        credentials: { kind: 'password', user: 'main', password: new Secret(PW.main) },
      });
      let run: PoplarRun;
      try {
        run = await poplar(a('sync', '--account', 'env', '--json'));
      } finally {
        expect((await holder.quit()).acknowledged).toBe(true);
      }
      expect(run.code).toBe(1);
      const [result] = syncJson(run);
      expect(result).toMatchObject({ account: 'env', outcome: 'locked', downloaded: 0, error: { code: 'mailbox-locked' } });
      expect(result?.ms).toBeGreaterThan(5_000); // Dovecot makes the second login wait before refusing it

      const after = await poplar(a('sync', '--account', 'env', '--json'));
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(syncJson(after)).toMatchObject([{ outcome: 'ok', downloaded: 0 }]);
    });
  });

  describe('bad command lines', () => {
    const add = (...extra: string[]): string[] =>
      a('account', 'add', '--name', 'x', '--host', '127.0.0.1', '--user', 'x', '--password-env', 'X', ...extra);

    it('an unknown option: exit 2 and the usage', async () => {
      for (const args of [add('--colour', 'blue'), a('sync', '--everything'), a('messages', '--sort', 'date'), a('show', '1', '--html')]) {
        const run = await poplar(args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(/^poplar \w+: Unknown option '--\w+'[^\n]*\nUsage: poplar /);
        expect(run.stdout).toBe('');
      }
    });

    it('retention options that contradict each other: exit 2 and the usage', async () => {
      const run = await poplar(add('--delete-after-download', '--delete-after-days', '3'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^poplar account: choose one of --leave-on-server, --delete-after-download, --delete-after-days N\nUsage: poplar account add /,
      );
    });

    it('an interval of 0: exit 1, saying the least allowed', async () => {
      const run = await poplar(add('--interval', '0'));
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('poplar account add: the check interval must be at least 1 minute');
      const set = await poplar(a('account', 'set', 'env', '--interval', '0'));
      expect(set.code).toBe(1);
      expect(set.stderr.trim()).toBe('poplar account set: the check interval must be at least 1 minute');
      expect((await listAccountsJson(profileA)).map((x) => x.name)).toEqual(['cmd', 'env', 'saved']); // nothing added or changed
      expect((await listAccountsJson(profileA)).find((x) => x.name === 'env')?.intervalMinutes).toBe(30);
    });

    it('an unknown account name: exit 1, pointing at account list', async () => {
      for (const args of [
        a('account', 'set', 'nobody', '--interval', '5'),
        a('account', 'remove', 'nobody'),
        a('sync', '--account', 'nobody'),
      ]) {
        const run = await poplar(args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr.trim()).toBe("There is no account named 'nobody'. 'poplar account list' shows them.");
      }
    });
  });

  describe('removing an account', () => {
    it('deletes its downloaded messages here, says so, and leaves the server alone', async () => {
      const envId = (await listAccountsJson(profileA)).find((x) => x.name === 'env')?.id;
      const run = await poplar(a('account', 'remove', 'env'));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(
        "Removed account 'env' and its 30 downloaded messages from this computer. Mail on the server was not touched.",
      );
      await expect(stat(path.join(profileA, 'messages', String(envId)))).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await listAccountsJson(profileA)).map((x) => x.name)).toEqual(['cmd', 'saved']);
      const left = messagesJson(await poplar(a('messages', '--json', '--limit', '100')));
      expect(left).toHaveLength(5);
      expect(messagesJson(await poplar(a('messages', '--search', corpus[0]?.expect.bodyWord ?? '', '--json')))).toEqual([]);
      expect((await serverUidls('main')).length).toBe(30);

      const saved = await poplar(a('account', 'remove', 'saved'));
      expect(saved.stdout.trim()).toBe(
        "Removed account 'saved' and its 2 downloaded messages from this computer. Mail on the server was not touched.",
      );
      expect(await readdir(path.join(profileA, 'secrets'))).toEqual([]); // its saved password went with it
    });

    it('added again, it downloads its mail again, and deletes on the server only what it stored', async () => {
      // Twice: the second time the removed messages held the highest row ids, which new rows reuse.
      for (const retention of ['--leave-on-server', '--delete-after-download']) {
        // The same mailbox as before (same host, port and user): the same ledger key.
        const added = await poplar(
          a(
            'account',
            'add',
            '--name',
            'env',
            '--host',
            '127.0.0.1',
            '--port',
            String(dovecot.tlsPort),
            '--security',
            'tls',
            '--ca-file',
            dovecot.caFile,
            '--user',
            'main',
            '--password-env',
            'POPLAR_TEST_PW_MAIN',
            retention,
          ),
        );
        expect(added.code, added.stderr).toBe(0);
        const run = await poplar(a('sync', '--account', 'env', '--json'));
        expect(run.code, run.stdout + run.stderr).toBe(0);
        const deleting = retention === '--delete-after-download';
        expect(syncJson(run), retention).toMatchObject([{ outcome: 'ok', downloaded: 30, deletedOnServer: deleting ? 30 : 0 }]);

        const rows = messagesJson(await poplar(a('messages', '--account', 'env', '--limit', '100', '--json')));
        expect(rows).toHaveLength(30);
        const raw = new Map(corpus.map((m) => [m.expect.subject, m.raw]));
        for (const r of rows.slice(0, 3)) {
          // every message's bytes were compared above; a sample here
          const shown = await poplar(a('show', String(r.id), '--raw'));
          expect(sha(shown.stdoutBytes), r.subject).toBe(sha(raw.get(r.subject) ?? Buffer.alloc(0)));
        }
        for (const m of corpus.slice(0, 3)) {
          const found = messagesJson(await poplar(a('messages', '--search', m.expect.bodyWord, '--json')));
          expect(
            found.map((f) => f.subject),
            `${retention}: ${m.expect.bodyWord}`,
          ).toEqual([m.expect.subject]);
        }
        expect((await serverUidls('main')).length).toBe(deleting ? 0 : 30);
        if (!deleting) {
          const removed = await poplar(a('account', 'remove', 'env'));
          expect(removed.stdout).toContain('its 30 downloaded messages');
        }
      }
    });
  });

  it('never shows a password in any output, and never stores one in the database', async () => {
    expect(runs.length).toBeGreaterThan(40);
    const secrets = Object.values(PW).flatMap((pw) => [
      pw,
      ...['main', 'cmd', 'saved', 'two', 'victim'].map((user) => Buffer.from(`\0${user}\0${pw}`).toString('base64')),
    ]);
    for (const { args, run } of runs) {
      for (const secret of secrets) {
        expect(run.stdout.includes(secret) || run.stderr.includes(secret), `poplar ${args.join(' ')} printed a password`).toBe(false);
      }
    }
    for (const profile of [profileA, profileB]) {
      const files = (await readdir(profile, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && e.name.startsWith('poplar.db'))
        .map((e) => path.join(e.parentPath, e.name));
      expect(files).toContain(path.join(profile, 'poplar.db'));
      for (const file of files) {
        const bytes = await readFile(file);
        for (const secret of secrets) expect(bytes.includes(secret), `${file} holds a password`).toBe(false);
      }
    }
  });
});

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
