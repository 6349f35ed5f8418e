import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSettings } from '../../shared/account.ts';
import { addAccount, getAccount, updateAccount } from './accounts.ts';
import { MIGRATIONS } from './migrations.ts';
import { ledgerEntries, recordSeen } from './ledger.ts';
import { openProfile, type Profile } from './profile.ts';

const settings: AccountSettings = {
  name: 'home', host: 'pop.example.com', port: 110, security: 'starttls', user: 'ann', auth: 'auto', caFile: null, fingerprint: null,
  retention: { kind: 'leave', deleteWhenDeletedLocally: false }, intervalMinutes: 10, checkAtStartup: true, paused: false, notify: true,
  maxSizeBytes: null, passwordSource: { kind: 'prompt' },
};

describe('accounts', () => {
  let dir = '';
  let profile: Profile | undefined;
  afterEach(async () => {
    profile?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves the UIDL ledger when a new port or server name changes the mailbox key', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-'));
    profile = openProfile(dir);
    const a = addAccount(profile.db, settings, 1);
    recordSeen(profile.db, a.mailboxKey, ['u1', 'u2'], 2);
    const moved = updateAccount(profile.db, a.id, { ...settings, host: 'POP.example.com', port: 995, security: 'tls' });
    expect(moved.mailboxKey).toBe('pop.example.com:995:ann');
    expect([...ledgerEntries(profile.db, moved.mailboxKey).keys()].sort()).toEqual(['u1', 'u2']);
    expect(ledgerEntries(profile.db, a.mailboxKey).size).toBe(0);
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
    old.exec(MIGRATIONS[0] ?? '');
    old.exec(MIGRATIONS[1] ?? '');
    old.exec('PRAGMA user_version = 2');
    old.prepare(`INSERT INTO accounts (name, host, port, security, user, mailbox_key, retention, interval_minutes, password_source, created_at)
      VALUES ('old', 'pop.example.com', 995, 'tls', 'ann', 'pop.example.com:995:ann', '{"kind":"leave","deleteWhenDeletedLocally":false}', 10, '{"kind":"prompt"}', 1)`).run();
    old.close();
    const reopened = openProfile(dir);
    profile = reopened;
    expect((reopened.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
    const [migrated] = (reopened.db.prepare('SELECT id FROM accounts').all() as Array<{ id: number }>).map((r) => getAccount(reopened.db, r.id));
    expect(migrated).toMatchObject({ name: 'old', notify: true, checkAtStartup: true, paused: false });
  });
});
