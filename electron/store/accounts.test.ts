import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSettings } from '../../shared/account.ts';
import { AccountError, addAccount, getAccount, updateAccount } from './accounts.ts';
import { MIGRATIONS } from './migrations.ts';
import { writeOldSchema } from './fixtures/old-schema.ts';
import { ledgerEntries, recordSeen } from './ledger.ts';
import { openProfile, type Profile } from './profile.ts';
import { accountSettings } from './fixtures/account-settings.ts';

const settings = accountSettings({ port: 110, security: 'starttls' });

describe('accounts', () => {
  let dir = '';
  let profile: Profile | undefined;
  afterEach(async () => {
    profile?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves the UIDL ledger when a new server name or port changes the mailbox key', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    profile = openProfile(dir);
    const a = addAccount(profile.db, settings, 1);
    recordSeen(profile.db, a.mailboxKey, ['u1', 'u2'], 2);
    const moved = updateAccount(profile.db, a.id, { ...settings, host: 'MAIL.example.com', port: 995, security: 'tls' });
    expect(moved.mailboxKey).toBe('mail.example.com:pop3:ann');
    expect([...ledgerEntries(profile.db, moved.mailboxKey).keys()].sort()).toEqual(['u1', 'u2']);
    expect(ledgerEntries(profile.db, a.mailboxKey).size).toBe(0);
    const other = updateAccount(profile.db, a.id, { ...settings, host: 'mail.example.com', port: 1110, security: 'none' });
    expect(other.mailboxKey).toBe('mail.example.com:1110:ann');
    expect([...ledgerEntries(profile.db, other.mailboxKey).keys()].sort()).toEqual(['u1', 'u2']);
  });

  it('keeps the key (and so the ledger) when 110 becomes 995 or the host is spelled another way', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    profile = openProfile(dir);
    const a = addAccount(profile.db, { ...settings, host: '127.0.0.1' }, 1);
    expect(a.mailboxKey).toBe('localhost:pop3:ann');
    recordSeen(profile.db, a.mailboxKey, ['u1'], 2);
    for (const [host, port] of [
      ['localhost', 995],
      ['::1', 110],
      ['LOCALHOST.', 995],
    ] as const) {
      const changed = updateAccount(profile.db, a.id, { ...settings, host, port, security: port === 995 ? 'tls' : 'starttls' });
      expect(changed.mailboxKey).toBe(a.mailboxKey);
      expect([...ledgerEntries(profile.db, a.mailboxKey).keys()]).toEqual(['u1']);
    }
  });

  it('refuses a second account on one mailbox, naming the first, whatever name or standard port reaches it', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    profile = openProfile(dir);
    const db = profile.db;
    addAccount(db, { ...settings, name: 'work', host: 'pop.example.com', user: 'me' }, 1);
    const refusal = (s: AccountSettings): AccountError => {
      try {
        addAccount(db, s, 2);
      } catch (error) {
        if (error instanceof AccountError) return error;
        throw error;
      }
      throw new Error(`${s.host}:${s.port} was accepted`);
    };
    for (const [host, port] of [
      ['POP.EXAMPLE.COM.', 110],
      ['pop.example.com', 995],
    ] as const) {
      const e = refusal({ ...settings, name: 'again', host, port, user: 'me' });
      expect(e.code).toBe('same-mailbox');
      expect(e.message).toMatch(
        /^This is the same mailbox as account 'work' \(pop\.example\.com, user me\): .*Change account 'work' instead, or remove it first\.$/,
      );
    }
    // Another port, or a user name in another case, may be another mailbox.
    const alt = addAccount(db, { ...settings, name: 'alt', host: 'pop.example.com', port: 1110, user: 'me' }, 3);
    expect(alt.mailboxKey).toBe('pop.example.com:1110:me');
    expect(addAccount(db, { ...settings, name: 'Me', host: 'pop.example.com', user: 'Me' }, 4).mailboxKey).toBe('pop.example.com:pop3:Me');
    // Editing an account into the mailbox of another is refused the same way.
    expect(() => updateAccount(db, alt.id, { ...alt, port: 995 })).toThrow(/same mailbox as account 'work'/);
    expect(refusal({ ...settings, name: 'work', host: 'other.example.com' })).toMatchObject({ code: 'name-taken' });
    expect(refusal({ ...settings, name: 'spaced', user: ' me' }).message).toMatch(/must not start or end with a space/);
  });

  it('keeps the per-account notification switch: on by default, off when asked, and back on', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    profile = openProfile(dir);
    const a = addAccount(profile.db, settings, 1);
    expect(a.notify).toBe(true);
    const off = addAccount(profile.db, { ...settings, name: 'work', user: 'bea', notify: false }, 2);
    expect(getAccount(profile.db, off.id).notify).toBe(false);
    expect(updateAccount(profile.db, a.id, { ...a, notify: false }).notify).toBe(false);
    expect(updateAccount(profile.db, off.id, { ...off, notify: true }).notify).toBe(true);
  });

  it('migration 3 turns notifications on for the accounts of an older profile', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    // A profile written by a Poplar that knew only migrations 1 and 2.
    const old = new DatabaseSync(path.join(dir, 'poplar.db'));
    writeOldSchema(old, 2);
    old
      .prepare(
        `INSERT INTO accounts (name, host, port, security, user, mailbox_key, retention, interval_minutes, password_source, created_at)
      VALUES ('old', 'pop.example.com', 995, 'tls', 'ann', 'pop.example.com:995:ann', '{"kind":"leave","deleteWhenDeletedLocally":false}', 10, '{"kind":"prompt"}', 1)`,
      )
      .run();
    old.close();
    const reopened = openProfile(dir);
    profile = reopened;
    expect((reopened.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
    const [migrated] = (reopened.db.prepare('SELECT id FROM accounts').all() as Array<{ id: number }>).map((r) =>
      getAccount(reopened.db, r.id),
    );
    expect(migrated).toMatchObject({ name: 'old', notify: true, checkAtStartup: true, paused: false });
  });
});
