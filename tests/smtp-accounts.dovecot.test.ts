// An account's outgoing server and identity against a real Postfix in front of a real Dovecot
// (tests/support/postfix.ts): the engine's 'accounts.testSmtp' (auto-detection, the trust rule,
// wrong passwords), accounts added and changed with an outgoing server, smtpSettingsFor with the
// passwords the window typed, and the command line (`account add|set --smtp-*`, `probe --smtp`)
// as a user runs it, a child process on Node 24.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisWorkerScript } from '../electron/analysis/worker-script.ts';
import { engineClient } from '../electron/engine/client.ts';
import { createEngine, type Engine } from '../electron/engine/engine.ts';
import { MemorySecretStore } from '../electron/secrets/memory-store.ts';
import { headlessSmtpPasswords, smtpSettingsFor, SmtpSetupError, storeSmtpPasswords } from '../electron/smtp/account-smtp.ts';
import { testSmtp } from '../electron/smtp/test-smtp.ts';
import { getAccount } from '../electron/store/accounts.ts';
import { openProfile } from '../electron/store/profile.ts';
import type { AccountInput, SmtpTestInput } from '../shared/contract.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Acc0unt-Smtp';
const SMTP_ONLY_PASSWORD = 'Own-Smtp-Pw';
const CLI = path.resolve(import.meta.dirname, '../electron/cli/poplar.ts');

function poplar(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describeWithAll([DOVECOT, POSTFIX], 'outgoing servers of accounts, against Postfix and Dovecot', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let root: string;
  let engine: Engine;
  let secrets: MemorySecretStore;
  let call: ReturnType<typeof engineClient>['invoke'];

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: PASSWORD },
        // Dovecot checks Postfix's AUTH too: bob's outgoing password is his only one here.
        { name: 'bob', password: SMTP_ONLY_PASSWORD },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'] });
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-smtp-accounts-'));
    secrets = new MemorySecretStore();
    engine = createEngine({
      profileDir: path.join(root, 'engine'),
      lockDir: path.join(root, 'locks'),
      secrets,
      log: () => {},
      analysisWorker: analysisWorkerScript(),
    });
    call = engineClient(engine).invoke;
  });

  afterAll(async () => {
    await engine?.stop();
    await postfix?.stop();
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const pin = (): string => dovecot.serverCertFingerprint256;
  const testInput = (over: Partial<SmtpTestInput> = {}): SmtpTestInput => ({
    accountId: null,
    host: '127.0.0.1',
    security: 'auto',
    port: postfix.tlsPort,
    user: 'ann',
    password: PASSWORD,
    samePassword: false,
    fingerprint: pin(),
    ...over,
  });
  const account = (over: Partial<AccountInput> = {}): AccountInput => ({
    name: 'Ann',
    host: '127.0.0.1',
    port: dovecot.tlsPort,
    security: 'tls',
    user: 'ann',
    auth: 'auto',
    password: PASSWORD,
    fingerprint: pin(),
    retention: { kind: 'leave', deleteWhenDeletedLocally: false },
    intervalMinutes: 60,
    checkAtStartup: false,
    maxSizeBytes: null,
    ...over,
  });

  describe("the engine's Test connection", () => {
    it('auto on the implicit-TLS port: TLS, signed in, SIZE and the login methods, nothing sent', async () => {
      const result = await call('accounts.testSmtp', testInput());
      expect(result).toMatchObject({ ok: true, security: 'tls', port: postfix.tlsPort, authenticated: true });
      if (!result.ok) return;
      expect(result.sizeLimit).toBe(postfix.messageSizeLimit);
      expect(result.authMethods).toEqual(expect.arrayContaining(['PLAIN', 'LOGIN']));
      expect(result.certificate?.fingerprint256).toBe(pin());
    });

    it('auto on the submission port: implicit TLS fails, STARTTLS on the same port works', async () => {
      const result = await call('accounts.testSmtp', testInput({ port: postfix.submissionPort }));
      expect(result).toMatchObject({ ok: true, security: 'starttls', port: postfix.submissionPort, authenticated: true });
    });

    it('never falls back to plain text: auto on the plain port secures it with STARTTLS', async () => {
      // The plain port offers STARTTLS: 'auto' uses it (RFC 3207), never an unencrypted login.
      const result = await call('accounts.testSmtp', testInput({ port: postfix.plainPort }));
      expect(result).toMatchObject({ ok: true, security: 'starttls', port: postfix.plainPort, authenticated: true });
      // Chosen by the user, 'none' signs in in the clear, as asked.
      const plain = await call('accounts.testSmtp', testInput({ port: postfix.plainPort, security: 'none', fingerprint: null }));
      expect(plain).toMatchObject({ ok: true, security: 'none', certificate: null, authenticated: true });
    });

    it('a certificate without CA or pin: the certificate, to trust, and no second try', async () => {
      const result = await call('accounts.testSmtp', testInput({ fingerprint: null }));
      expect(result).toMatchObject({ ok: false, code: 'tls', certificate: { fingerprint256: pin() } });
      if (!result.ok) expect(result.message).toMatch(/^The outgoing server 127\.0\.0\.1:\d+ did not work: the server's certificate/);
    });

    it('a wrong password: auth, said in words', async () => {
      const result = await call('accounts.testSmtp', testInput({ password: 'wrong' }));
      expect(result).toMatchObject({ ok: false, code: 'auth' });
      if (!result.ok) expect(result.message).toContain('did not accept the user name or password');
    });

    it('refuses arguments that break the rules before connecting', async () => {
      const bad = await engine.handle('accounts.testSmtp', [{ ...testInput(), host: 'not a host' }]);
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      const extra = await engine.handle('accounts.testSmtp', [{ ...testInput(), secret: 1 }]);
      expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    });
  });

  describe('accounts with an outgoing server', () => {
    it('adds one with the incoming password, shows it without secrets, and smtpSettingsFor signs in with it', async () => {
      const view = await call(
        'accounts.add',
        account({
          smtp: { host: '127.0.0.1', port: postfix.tlsPort, security: 'tls', user: 'ann', samePassword: true, fingerprint: pin() },
          identity: { fromName: 'Ann Example', fromAddress: postfix.address('ann'), replyTo: null, signature: '-- \nAnn' },
        }),
      );
      expect(view.smtp).toEqual({
        host: '127.0.0.1',
        port: postfix.tlsPort,
        security: 'tls',
        user: 'ann',
        samePassword: true,
        fingerprint: pin(),
        oauth2: false,
      });
      expect(view.identity).toMatchObject({ fromName: 'Ann Example', fromAddress: 'ann@poplar.test', signature: '-- \nAnn' });
      expect(await secrets.get(view.id, 'smtp')).toBeNull();

      const profile = openProfile(path.join(root, 'engine'));
      try {
        const stored = getAccount(profile.db, view.id);
        const settings = await smtpSettingsFor(stored, storeSmtpPasswords(secrets, headlessSmtpPasswords(profile.dir, {})));
        expect(settings).toMatchObject({ host: '127.0.0.1', port: postfix.tlsPort, security: 'tls', user: 'ann' });
        expect(JSON.stringify(settings)).not.toContain(PASSWORD);
        expect((await testSmtp(settings)).authenticated).toBe(true);
      } finally {
        profile.close();
      }
      // The settings form tests with the saved password: none is typed again.
      const saved = await call('accounts.testSmtp', testInput({ accountId: view.id, password: undefined, samePassword: true }));
      expect(saved).toMatchObject({ ok: true, authenticated: true });
      await call('accounts.remove', view.id);
    });

    it('an outgoing password of its own is kept under its own key, and asked for when missing', async () => {
      const smtp = {
        host: '127.0.0.1',
        port: postfix.submissionPort,
        security: 'starttls' as const,
        user: 'bob',
        samePassword: false,
        fingerprint: pin(),
      };
      const missing = await engine.handle('accounts.add', [account({ name: 'Bob', user: 'bob', password: SMTP_ONLY_PASSWORD, smtp })]);
      expect(missing).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', message: expect.stringContaining("outgoing server's password") },
      });

      const view = await call(
        'accounts.add',
        account({ name: 'Bob', user: 'bob', password: 'incoming-only', smtp, smtpPassword: SMTP_ONLY_PASSWORD }),
      );
      expect(await secrets.get(view.id)).toBe('incoming-only');
      expect(await secrets.get(view.id, 'smtp')).toBe(SMTP_ONLY_PASSWORD);
      const own = await call(
        'accounts.testSmtp',
        testInput({ accountId: view.id, port: postfix.submissionPort, user: 'bob', password: undefined }),
      );
      expect(own).toMatchObject({ ok: true, security: 'starttls', authenticated: true });
      // The incoming password is not the outgoing one here: Postfix refuses it.
      const same = await call('accounts.testSmtp', testInput({ accountId: view.id, user: 'bob', password: undefined, samePassword: true }));
      expect(same).toMatchObject({ ok: false, code: 'auth' });

      // Back to "same as incoming": the outgoing password is forgotten.
      const changed = await call('accounts.update', view.id, { smtp: { ...smtp, samePassword: true } });
      expect(changed.smtp?.samePassword).toBe(true);
      expect(await secrets.get(view.id, 'smtp')).toBeNull();
      // No outgoing server at all.
      expect((await call('accounts.update', view.id, { smtp: null })).smtp).toBeNull();
      await call('accounts.remove', view.id);
    });

    it('refuses an identity whose address is not one, in words', async () => {
      const bad = await engine.handle('accounts.add', [
        account({ name: 'Bad', identity: { fromName: 'Ann', fromAddress: 'ann at example', replyTo: null, signature: '' } }),
      ]);
      expect(bad).toMatchObject({
        ok: false,
        error: {
          code: 'invalid-argument',
          message: "accounts.add: the sender address must be an e-mail address such as ann@example.org, not 'ann at example'",
        },
      });
    });

    it('smtpSettingsFor says what is missing: no outgoing server, no password', async () => {
      const profile = openProfile(path.join(root, 'engine'));
      try {
        const plain = await call('accounts.add', account({ name: 'Plain' }));
        const lookup = headlessSmtpPasswords(profile.dir, {});
        const error = await smtpSettingsFor(getAccount(profile.db, plain.id), lookup).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SmtpSetupError);
        expect((error as SmtpSetupError).code).toBe('no-outgoing-server');
        await call('accounts.update', plain.id, {
          smtp: { host: '127.0.0.1', port: postfix.tlsPort, security: 'tls', user: 'ann', samePassword: true, fingerprint: pin() },
        });
        // The window's password is in the engine's store, not on disk: the command line has none.
        const none = await smtpSettingsFor(getAccount(profile.db, plain.id), lookup).catch((e: unknown) => e);
        expect((none as SmtpSetupError).code).toBe('no-password');
        await call('accounts.remove', plain.id);
      } finally {
        profile.close();
      }
    });
  });

  describe('the command line', () => {
    it(
      'account add with --smtp-* and --from, list --json, set, and the saved outgoing password',
      async () => {
        const profile = path.join(root, 'cli');
        const signature = path.join(root, 'signature.txt');
        await writeFile(signature, '-- \r\nAnn Example\r\n\r\n');
        const added = await poplar(
          [
            'account',
            'add',
            '--profile',
            profile,
            '--name',
            'Ann',
            '--host',
            '127.0.0.1',
            '--port',
            String(dovecot.tlsPort),
            '--user',
            'ann',
            '--ca-file',
            dovecot.caFile,
            '--password-env',
            'ANN_PW',
            '--smtp-host',
            '127.0.0.1',
            '--smtp-port',
            String(postfix.submissionPort),
            '--smtp-security',
            'starttls',
            '--smtp-ca-file',
            dovecot.caFile,
            '--smtp-password-stdin',
            '--save-password',
            '--from',
            'Ann Example <ann@poplar.test>',
            '--reply-to',
            'replies@poplar.test',
            '--signature-file',
            signature,
          ],
          `${PASSWORD}\n`,
        );
        expect(added.stderr).toContain('the outgoing password is saved unencrypted');
        expect(added.code).toBe(0);
        expect(added.stdout).toContain(
          `sends through 127.0.0.1:${postfix.submissionPort} (starttls; ann, its own password) from Ann Example <ann@poplar.test>`,
        );
        const saved = path.join(profile, 'secrets', '1.smtp.password');
        expect((await stat(saved)).mode & 0o777).toBe(0o600);

        const listed = await poplar(['account', 'list', '--profile', profile, '--json']);
        const [a] = (JSON.parse(listed.stdout) as { accounts: Array<Record<string, unknown>> }).accounts;
        expect(a?.smtp).toEqual({
          host: '127.0.0.1',
          port: postfix.submissionPort,
          security: 'starttls',
          user: 'ann',
          passwordSource: { kind: 'file' },
          caFile: dovecot.caFile,
          fingerprint: null,
        });
        expect(a?.identity).toEqual({
          fromName: 'Ann Example',
          fromAddress: 'ann@poplar.test',
          replyTo: 'replies@poplar.test',
          signature: '-- \nAnn Example',
        });

        const reopened = openProfile(profile);
        try {
          const settings = await smtpSettingsFor(getAccount(reopened.db, 1), headlessSmtpPasswords(profile, {}));
          expect((await testSmtp(settings)).authenticated).toBe(true);
        } finally {
          reopened.close();
        }

        // Back to the incoming password: the saved outgoing one goes.
        const same = await poplar(['account', 'set', 'Ann', '--profile', profile, '--smtp-password-same']);
        expect(same.code).toBe(0);
        expect(same.stdout).toContain('(starttls; ann, same password)');
        await expect(stat(saved)).rejects.toMatchObject({ code: 'ENOENT' });

        const plain = await poplar(['account', 'set', 'Ann', '--profile', profile, '--smtp-security', 'none', '--smtp-ca-file', '']);
        expect(plain.code).toBe(0);
        expect(plain.stderr).toContain('the outgoing server has no encryption');
        expect(plain.stdout).toContain('(unencrypted; ann, same password)');
      },
      seconds(60),
    );

    it(
      'refuses bad outgoing options with exit 2 and the reason',
      async () => {
        const profile = path.join(root, 'cli-bad');
        const base = ['account', 'add', '--profile', profile, '--name', 'X', '--host', '127.0.0.1', '--user', 'x', '--password-env', 'X'];
        const cases: Array<[string[], RegExp]> = [
          [['--from', 'Ann <not-an-address>'], /--from must be one address/],
          [['--smtp-host', '127.0.0.1', '--smtp-security', 'ssl'], /--smtp-security must be one of tls, starttls, none/],
          [['--smtp-host', '127.0.0.1', '--smtp-port', '70000'], /--smtp-port must be at most 65535/],
          [['--smtp-port', '587'], /--smtp-host is required/],
          [['--reply-to', 'a@b.example'], /--reply-to and --signature-file need --from/],
          [['--smtp-host', 'h.example', '--smtp-password-env', 'A', '--smtp-password-same'], /outgoing password in one way only/],
        ];
        for (const [extra, message] of cases) {
          const r = await poplar([...base, ...extra]);
          expect(r.stderr, extra.join(' ')).toMatch(message);
          expect(r.code, extra.join(' ')).toBe(2);
        }
      },
      seconds(60),
    );

    it(
      '--help says the outgoing options, and probe --smtp --help what it does',
      async () => {
        const help = await poplar(['account', '--help']);
        expect(help.code).toBe(0);
        for (const option of [
          '--smtp-host',
          '--smtp-security tls|starttls|none',
          '--smtp-password-same',
          '--from "Name <address>"',
          '--reply-to',
          '--signature-file',
        ])
          expect(help.stdout).toContain(option);
        const probeHelp = await poplar(['probe', '--smtp', '--help']);
        expect(probeHelp.code).toBe(0);
        expect(probeHelp.stdout).toContain('nothing is sent');
        expect(probeHelp.stdout).toContain("'auto' tries TLS on 465, then STARTTLS on 587");
      },
      seconds(30),
    );

    it(
      'probe --smtp: auto-detects STARTTLS on the submission port, says what it found, --json too',
      async () => {
        const args = [
          'probe',
          '--smtp',
          '--host',
          '127.0.0.1',
          '--port',
          String(postfix.submissionPort),
          '--user',
          'ann',
          '--password-stdin',
          '--ca-file',
          dovecot.caFile,
        ];
        const r = await poplar(args, `${PASSWORD}\n`);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('Nothing was sent.');
        expect(r.stdout).toMatch(/Security: +STARTTLS \(submission\), TLSv1\.[23]/);
        expect(r.stdout).toMatch(/Signed in: +yes/);
        expect(r.stdout).toContain(`Largest message: ${postfix.messageSizeLimit} bytes`);

        const json = await poplar([...args, '--json'], `${PASSWORD}\n`);
        expect(JSON.parse(json.stdout)).toMatchObject({
          ok: true,
          security: 'starttls',
          port: postfix.submissionPort,
          authenticated: true,
        });

        const wrong = await poplar(args, 'wrong\n');
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toContain('(auth)');
        expect(wrong.stderr).not.toContain('wrong');

        const untrusted = await poplar(['probe', '--smtp', '--host', '127.0.0.1', '--port', String(postfix.tlsPort), '--security', 'tls']);
        expect(untrusted.code).toBe(1);
        expect(untrusted.stderr).toContain(`--smtp-fingerprint ${pin()}`);
      },
      seconds(60),
    );
  });
});
