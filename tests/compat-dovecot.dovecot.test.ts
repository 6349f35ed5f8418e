// Dovecot's rows of README's compatibility table, from the same kind of runs as the servers
// tier's (tests/servers-*.servers.test.ts): a normal sync in each security mode, a session held
// by another client with `pop3_lock_session = yes` ([IN-USE] after ~10 s), and a wrong password
// ([AUTH]). Each row asserts what Poplar did before it is recorded (tests/support/servers/compat.ts).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../shared/account.ts';
import { mailboxReport, type MailboxReport } from '../electron/diagnostics/mailbox.ts';
import type { Diagnosis } from '../electron/diagnostics/diagnosis.ts';
import { Pop3Client } from '../electron/pop3/client.ts';
import type { Security } from '../electron/pop3/transport.ts';
import { Secret } from '../electron/secrets/secret.ts';
import { addAccount } from '../electron/store/accounts.ts';
import { openProfile, type Profile } from '../electron/store/profile.ts';
import type { SyncResult } from '../electron/sync/result.ts';
import { runSession, type SessionContext } from '../electron/sync/session.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { plainCorpus } from './support/messages.ts';
import { DOVECOT, describeWith } from './support/requirements.ts';
import { compatAction, recordCompat } from './support/servers/compat.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'compat-Secret-3';
const MODES: readonly Security[] = ['none', 'starttls', 'tls'];

function dovecotVersion(): string {
  try {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'dovecot-pop3d'], { encoding: 'utf8' }).trim();
    return `${v.split(/[+-]/)[0] ?? v} (Debian dovecot-pop3d ${v})`;
  } catch {
    return 'unknown';
  }
}

describeWith(DOVECOT, 'Dovecot compatibility rows', () => {
  let dovecot: DovecotInstance;
  let root: string;
  const profiles: Profile[] = [];
  const version = dovecotVersion();

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-compat-dovecot-'));
    const users = [...MODES.map((m) => `sync-${m}`), 'held', 'wrong'];
    dovecot = await startDovecot({ users: users.map((name) => ({ name, password: PASSWORD })) }); // the fixture sets pop3_lock_session = yes
    for (const user of users) await dovecot.seed(user, plainCorpus(3));
  }, seconds(120));

  afterAll(async () => {
    for (const p of profiles) p.close();
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  }, seconds(60));

  function account(user: string, security: Security): { profile: Profile; account: Account; ctx: (password?: string) => SessionContext } {
    const profile = openProfile(path.join(root, `profile-${user}`));
    profiles.push(profile);
    const acct = addAccount(
      profile.db,
      {
        name: user,
        host: '127.0.0.1',
        port: security === 'tls' ? dovecot.tlsPort : dovecot.port,
        security,
        user,
        auth: 'auto',
        caFile: security === 'none' ? null : dovecot.caFile,
        fingerprint: null,
        retention: { kind: 'leave', deleteWhenDeletedLocally: false },
        intervalMinutes: 10,
        checkAtStartup: true,
        paused: false,
        notify: false,
        maxSizeBytes: null,
        passwordSource: { kind: 'prompt' },
      },
      Date.now(),
    );
    const ctx = (password = PASSWORD): SessionContext => ({
      profile,
      lockDir: path.join(root, 'locks'),
      now: Date.now,
      password: async () => new Secret(password),
    });
    return { profile, account: acct, ctx };
  }

  const allText = (d: Diagnosis): string =>
    [d.title, d.explanation, ...d.evidence, d.poplarWillDo, ...d.youCanDo, d.pattern ?? ''].join('\n');

  function record(scenario: string, security: readonly string[], result: SyncResult, r: MailboxReport): void {
    recordCompat({
      server: 'Dovecot',
      version,
      security,
      scenario,
      code: result.error?.code ?? 'ok',
      cause: result.error ? r.diagnosis.cause : null,
      action: compatAction(r, Date.now()),
    });
  }

  for (const mode of MODES) {
    it(
      `a normal sync over ${mode}`,
      async () => {
        const { profile, account: acct, ctx } = account(`sync-${mode}`, mode);
        const result = await runSession(ctx(), acct, { trigger: 'test' });
        expect(result.error).toBeNull();
        expect(result).toMatchObject({ outcome: 'ok', downloaded: 3 });
        record(`normal sync (${mode})`, MODES, result, mailboxReport(profile.db, acct, Date.now()));
      },
      seconds(60),
    );
  }

  it(
    'a session held by another client: [IN-USE], a lock, never a password problem, backs off',
    async () => {
      const holder = await Pop3Client.connect({
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        auth: 'user',
        credentials: { kind: 'password', user: 'held', password: new Secret(PASSWORD) },
      });
      try {
        const { profile, account: acct, ctx } = account('held', 'starttls');
        const result = await runSession(ctx(), acct, { trigger: 'test' });
        expect(result.error).toMatchObject({ code: 'mailbox-locked', responseCode: 'IN-USE' });
        expect(result.outcome).toBe('locked');
        const r = mailboxReport(profile.db, acct, Date.now());
        expect(r.diagnosis.cause).toBe('other-client');
        expect(allText(r.diagnosis)).not.toMatch(/password/i);
        expect(r.state.kind).not.toBe('paused');
        record('held session (pop3_lock_session = yes)', ['starttls'], result, r);
      } finally {
        await holder.quit();
      }
    },
    seconds(90),
  );

  it(
    'a wrong password: [AUTH], confirmed, paused at once',
    async () => {
      const { profile, account: acct, ctx } = account('wrong', 'starttls');
      const result = await runSession(ctx('Not-The-Password'), acct, { trigger: 'test' });
      expect(result.error).toMatchObject({ code: 'auth-failed', responseCode: 'AUTH' });
      const r = mailboxReport(profile.db, acct, Date.now());
      expect(r.diagnosis.cause).toBe('auth');
      expect(r.state).toEqual({ kind: 'paused', why: 'auth-failed' });
      record('wrong password', ['starttls'], result, r);
    },
    seconds(60),
  );
});
