// Migration 9 and the outgoing server and identity columns: an older profile's accounts have
// neither, and what an account is given is read back as written.
import { mkdtemp, rm } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity, OutgoingServer } from '../../shared/account.ts';
import { AccountError, addAccount, getAccount, updateAccount } from './accounts.ts';
import { accountSettings, OUTGOING } from './fixtures/account-settings.ts';
import { writeOldSchema } from './fixtures/old-schema.ts';
import { MIGRATIONS } from './migrations.ts';
import { openProfile, type Profile } from './profile.ts';

const SMTP = OUTGOING;
const IDENTITY: Identity = { fromName: 'Ann Example', fromAddress: 'ann@example.com', replyTo: null, signature: '-- \nAnn' };

let dir: string;
let profile: Profile | null = null;
afterEach(async () => {
  profile?.close();
  profile = null;
  await rm(dir, { recursive: true, force: true });
});

describe('outgoing server and identity in the store', () => {
  it('migration 9 gives the accounts of an older profile neither', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-smtp-'));
    // Written by a Poplar that knew migrations 1 to 3 (4 and 8 are TypeScript and run at open).
    const old = new DatabaseSync(path.join(dir, 'poplar.db'));
    writeOldSchema(old, 3);
    old
      .prepare(
        `INSERT INTO accounts (name, host, port, security, user, mailbox_key, retention, interval_minutes, password_source, created_at)
      VALUES ('old', 'pop.example.com', 995, 'tls', 'ann', 'pop.example.com:995:ann', '{"kind":"leave","deleteWhenDeletedLocally":false}', 10, '{"kind":"prompt"}', 1)`,
      )
      .run();
    old.close();
    profile = openProfile(dir);
    expect((profile.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBeGreaterThanOrEqual(9);
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(9);
    const [row] = profile.db.prepare('SELECT id FROM accounts').all() as Array<{ id: number }>;
    const migrated = getAccount(profile.db, row?.id ?? 0);
    expect(migrated).toMatchObject({ name: 'old', smtp: null, identity: null });
    // And they can be given both.
    const changed = updateAccount(profile.db, migrated.id, { ...migrated, smtp: SMTP, identity: IDENTITY });
    expect(changed.smtp).toEqual(SMTP);
    expect(changed.identity).toEqual(IDENTITY);
  });

  it('writes and reads both back, removes them with null, and refuses what breaks the rules', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-accounts-smtp-'));
    profile = openProfile(dir);
    const own: OutgoingServer = { ...SMTP, passwordSource: { kind: 'env', variable: 'SMTP_PW' }, fingerprint: 'AB'.repeat(32) };
    const a = addAccount(profile.db, accountSettings({ smtp: own, identity: { ...IDENTITY, replyTo: 'list@example.com' } }), 1);
    expect(getAccount(profile.db, a.id).smtp).toEqual(own);
    expect(getAccount(profile.db, a.id).identity?.replyTo).toBe('list@example.com');
    const db = profile.db;
    const without = updateAccount(db, a.id, { ...a, smtp: null, identity: null });
    expect(without).toMatchObject({ smtp: null, identity: null });
    expect(() => updateAccount(db, a.id, { ...a, smtp: { ...SMTP, security: 'none', fingerprint: 'AB'.repeat(32) } })).toThrow(
      new AccountError("the outgoing server's CA file or pinned certificate needs TLS or STARTTLS"),
    );
    expect(() => updateAccount(db, a.id, { ...a, identity: { ...IDENTITY, fromName: 'Ann\r\nBcc: x@evil.example' } })).toThrow(
      'the sender name must be one line',
    );
  });
});
