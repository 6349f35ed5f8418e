import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSettings } from '../../shared/account.ts';
import { addAccount, updateAccount } from './accounts.ts';
import { ledgerEntries, recordSeen } from './ledger.ts';
import { openProfile, type Profile } from './profile.ts';

const settings: AccountSettings = {
  name: 'home', host: 'pop.example.com', port: 110, security: 'starttls', user: 'ann', auth: 'auto', caFile: null, fingerprint: null,
  retention: { kind: 'leave', deleteWhenDeletedLocally: false }, intervalMinutes: 10, checkAtStartup: true, paused: false,
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
});
