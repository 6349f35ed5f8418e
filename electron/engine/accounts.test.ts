// accounts.* against a real profile and the scripted POP3 server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testCertificates, type TestCertificates } from '../../tests/support/servers/certs.ts';
import { openProfile } from '../store/profile.ts';
import { getAccount } from '../store/accounts.ts';
import { accountRowsText } from '../store/fixtures/inspect.ts';
import { accountInput, engineFixture, USER, type EngineFixture } from './fixtures/engine-fixture.ts';
import { note } from './fixtures/mail.ts';
import { seconds } from '../../tests/support/timeouts.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

const notes = (count: number) => Array.from({ length: count }, (_, i) => ({ uidl: `n${i + 1}`, body: note(i + 1) }));

describe('accounts.add / list', () => {
  it('adds the account, keeps the password in the secret store only, and checks it at once', async () => {
    f = await engineFixture({ messages: notes(3), loginDelaySeconds: 120 });
    const newMail = f.next('messages.new');
    const view = await f.addAccount({ intervalMinutes: 5 });
    expect(view).toMatchObject({
      name: 'Home',
      host: '127.0.0.1',
      port: f.server.port,
      security: 'none',
      user: 'ann',
      intervalMinutes: 5,
      paused: false,
      unread: 0,
    });
    expect(await newMail).toEqual({ accountId: view.id, count: 3 });
    expect(await f.secrets.get(view.id)).toBe(USER.password);
    expect(JSON.stringify(view)).not.toContain(USER.password);

    const [listed] = await f.call('accounts.list');
    // Learned by the first check: three unread messages, UIDL, and the server's LOGIN-DELAY.
    expect(listed).toMatchObject({ id: view.id, unread: 3, uidlSupported: true, loginDelaySeconds: 120 });
    expect(f.server.sessions()[0]?.commands).toContain(`PASS ${USER.password}`);
  });

  it('records a password source that does not hold the password (MemorySecretStore: asked again next time)', async () => {
    f = await engineFixture({ messages: notes(1) });
    const view = await f.addAccount();
    await f.engine.stop();
    const profile = openProfile(f.profileDir);
    try {
      expect(getAccount(profile.db, view.id).passwordSource).toEqual({ kind: 'prompt' });
      expect(accountRowsText(profile.db)).not.toContain(USER.password);
    } finally {
      profile.close();
    }
  });

  it('a second account on the same mailbox is refused naming the first (same-mailbox); the same name is a conflict', async () => {
    f = await engineFixture({ messages: notes(1) });
    await f.addAccount();
    const sameMailbox = {
      ok: false,
      error: {
        code: 'same-mailbox',
        message: expect.stringMatching(
          /^This is the same mailbox as account 'Home' \(127\.0\.0\.1, user ann\): .*Change account 'Home' instead, or remove it first\.$/,
        ),
      },
    };
    // 127.0.0.1, localhost and ::1 are one host (shared/mailbox-key.ts).
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST.', '[::1]']) {
      expect(await f.raw('accounts.add', [accountInput(f.server.port, { name: 'Other', host })])).toMatchObject(sameMailbox);
    }
    expect(await f.raw('accounts.add', [accountInput(f.server.port, { user: 'bob' })])).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/named 'Home' already exists/) },
    });
    expect(await f.call('accounts.list')).toHaveLength(1);
    // No second session was opened on the server for any of them: only the first account's check.
    expect(f.server.sessions().filter((s) => s.commands.includes('USER ann'))).toHaveLength(1);
  });

  it('an edit from the window cannot move an account onto another mailbox: server, port and user are not editable there', async () => {
    f = await engineFixture({ messages: notes(1), users: [USER, { name: 'bea', password: USER.password }] });
    await f.addAccount();
    const other = await f.call('accounts.add', accountInput(f.server.port, { name: 'Bea', user: 'bea' }));
    // (The engine checks edits for the same mailbox too, for when these become editable; the
    // command line's `account set`, which can change them, is tested in cli/account.test.ts.)
    for (const patch of [{ host: 'localhost' }, { user: 'ann' }, { port: 995 }]) {
      expect(await f.raw('accounts.update', [other.id, patch])).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', message: expect.stringMatching(/is not expected/) },
      });
    }
    expect((await f.call('accounts.list')).map((a) => [a.name, a.host, a.user])).toEqual([
      ['Bea', '127.0.0.1', 'bea'],
      ['Home', '127.0.0.1', 'ann'],
    ]);
  });
});

describe('accounts.update', () => {
  it('refuses an interval below the server’s LOGIN-DELAY, in the words of the policy', async () => {
    f = await engineFixture({ messages: notes(1), loginDelaySeconds: 900 });
    const view = await f.addAccount({ intervalMinutes: 20 });
    expect(await f.raw('accounts.update', [view.id, { intervalMinutes: 5 }])).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: 'the server allows a login only every 15 minutes (LOGIN-DELAY 900 s), so the interval must be at least 15 minutes',
      },
    });
    expect(await f.call('accounts.update', view.id, { intervalMinutes: 15, name: 'Work', paused: true })).toMatchObject({
      intervalMinutes: 15,
      name: 'Work',
      paused: true,
    });
    const status = (await f.call('sync.status')).find((s) => s.accountId === view.id);
    expect(status?.state).toEqual({ kind: 'paused', why: 'user' });
  });

  it('keeps the notification switch: on when the window leaves it out, off when asked, changed by a patch', async () => {
    f = await engineFixture({ messages: notes(1), users: [USER, { name: 'bea', password: USER.password }] });
    const view = await f.addAccount();
    expect(view.notify).toBe(true);
    expect(await f.call('accounts.update', view.id, { notify: false })).toMatchObject({ notify: false, name: 'Home' });
    expect((await f.call('accounts.list')).find((a) => a.id === view.id)?.notify).toBe(false);
    expect(await f.raw('accounts.update', [view.id, { notify: 'no' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await f.call('accounts.update', view.id, { notify: true })).toMatchObject({ notify: true });
    const quiet = await f.call('accounts.add', accountInput(f.server.port, { name: 'Quiet', user: 'bea', notify: false }));
    expect(quiet.notify).toBe(false);
    expect((await f.call('accounts.list')).map((a) => [a.name, a.notify])).toEqual([
      ['Home', true],
      ['Quiet', false],
    ]);
  });

  it('a pinned fingerprint needs TLS', async () => {
    f = await engineFixture({ messages: notes(1) });
    const view = await f.addAccount();
    expect(await f.raw('accounts.update', [view.id, { fingerprint: 'AB'.repeat(32) }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/needs TLS/) },
    });
  });

  it('a new password is kept and tried at once', async () => {
    f = await engineFixture({ messages: notes(1) });
    const view = await f.addAccount();
    const checked = f.next('sync.changed', (s) => s.accountId === view.id && s.lastOutcome === 'error' && s.state.kind !== 'running');
    await f.call('accounts.update', view.id, { password: 'new-secret' });
    expect(await f.secrets.get(view.id)).toBe('new-secret');
    const status = await checked;
    // The scripted server knows only the old password: the refused login pauses the account.
    expect(status.lastOutcome).toBe('error');
    expect(status.state).toEqual({ kind: 'paused', why: 'auth-failed' });
    expect(status.banner).toMatch(/did not accept the user name or password\. Poplar stopped checking/);
  });
});

describe('accounts.remove', () => {
  it('removes the account, its messages, their files and its password', async () => {
    f = await engineFixture({ messages: notes(2) });
    const view = await f.addAccount();
    const folder = path.join(f.profileDir, 'messages', String(view.id));
    expect(existsSync(folder)).toBe(true);
    expect(await f.call('accounts.remove', view.id)).toBeNull();
    expect(await f.call('accounts.list')).toEqual([]);
    expect(await f.call('messages.page', { accountId: null, folder: 'inbox', offset: 0, limit: 50 })).toEqual({ total: 0, items: [] });
    expect(await f.secrets.get(view.id)).toBeNull();
    expect(existsSync(folder)).toBe(false);
  });
});

describe('accounts.test', () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await testCertificates();
  }, seconds(30));

  const testInput = (port: number, more: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    security: 'none' as const,
    port,
    user: USER.name,
    password: USER.password,
    fingerprint: null,
    ...more,
  });

  it('reports what it found: security, login method, mailbox size, LOGIN-DELAY, UIDL', async () => {
    f = await engineFixture({ messages: notes(2), loginDelaySeconds: 300 });
    const result = await f.call('accounts.test', testInput(f.server.port));
    expect(result).toMatchObject({
      ok: true,
      security: 'none',
      port: f.server.port,
      messages: 2,
      loginDelaySeconds: 300,
      uidl: true,
      certificate: null,
    });
    const record = await f.server.waitForSessionClosed(1);
    expect(record.endedBy).toBe('quit');
  });

  it('a refused password is a failure with words, not an error envelope', async () => {
    f = await engineFixture();
    const result = await f.call('accounts.test', testInput(f.server.port, { password: 'wrong' }));
    expect(result).toMatchObject({ ok: false, code: 'auth-failed', certificate: null });
    expect(result.ok === false && result.message).toMatch(/user name or password/);
  });

  it('auto: implicit TLS first, then STLS; an untrusted certificate comes back to be trusted, then works pinned', async () => {
    f = await engineFixture({ messages: notes(1), tls: { key: certs.selfSigned.key, cert: certs.selfSigned.cert } });
    const first = await f.call('accounts.test', testInput(f.server.port, { security: 'auto' }));
    expect(first).toMatchObject({
      ok: false,
      code: 'tls',
      certificate: { fingerprint256: certs.selfSigned.fingerprint256, subject: expect.stringMatching(/pinned\.poplar\.invalid/) },
    });
    // Nothing was sent in the clear: no session got as far as a user name.
    expect(
      f.server
        .sessions()
        .flatMap((s) => s.commands)
        .filter((c) => /^(USER|PASS)/.test(c)),
    ).toEqual([]);

    const pinned = await f.call(
      'accounts.test',
      testInput(f.server.port, { security: 'auto', fingerprint: certs.selfSigned.fingerprint256 }),
    );
    expect(pinned).toMatchObject({
      ok: true,
      security: 'starttls',
      port: f.server.port,
      messages: 1,
      certificate: { fingerprint256: certs.selfSigned.fingerprint256 },
    });
  });

  it('auto never falls back to plaintext', async () => {
    f = await engineFixture({ messages: notes(1) }); // no STLS offered
    const result = await f.call('accounts.test', testInput(f.server.port, { security: 'auto' }));
    expect(result).toMatchObject({ ok: false, code: 'starttls-unavailable' });
    expect(
      f.server
        .sessions()
        .flatMap((s) => s.commands)
        .filter((c) => /^(USER|PASS)/.test(c)),
    ).toEqual([]);
  });
});
