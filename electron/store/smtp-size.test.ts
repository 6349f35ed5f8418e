// Migration 12: the outgoing server's SIZE kept per account, forgotten when the server changes,
// and the words of a message too large for it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount, updateAccount } from './accounts.ts';
import { accountSettings, OUTGOING } from './fixtures/account-settings.ts';
import { openProfile, type Profile } from './profile.ts';
import { oversizeProblem, recordSmtpSize, smtpSizeLimit } from './smtp-size.ts';

const SMTP = OUTGOING;

let dir = '';
let profile: Profile | null = null;
afterEach(async () => {
  profile?.close();
  profile = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the outgoing server's SIZE", () => {
  it('is unknown at first, kept once announced, kept across other changes, forgotten when the server changes', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-smtp-size-'));
    profile = openProfile(dir);
    const { db } = profile;
    const a = addAccount(db, accountSettings({ smtp: SMTP }), 1);
    expect(smtpSizeLimit(db, a.id)).toBeNull();
    recordSmtpSize(db, a.id, 10_485_760);
    expect(smtpSizeLimit(db, a.id)).toBe(10_485_760);
    updateAccount(db, a.id, { ...a, name: 'Renamed', intervalMinutes: 30 });
    expect(smtpSizeLimit(db, a.id)).toBe(10_485_760);
    updateAccount(db, a.id, { ...a, smtp: { ...SMTP, host: 'mail.example.net' } });
    expect(smtpSizeLimit(db, a.id)).toBeNull();
    recordSmtpSize(db, a.id, 5_000_000);
    recordSmtpSize(db, a.id, null); // the server stopped announcing one
    expect(smtpSizeLimit(db, a.id)).toBeNull();
  });

  it('says how large the message is and what the server takes, in KB or MB', () => {
    expect(oversizeProblem(1000, null)).toBeNull();
    expect(oversizeProblem(1000, 1000)).toBeNull();
    expect(oversizeProblem(400_000, 300_000)).toBe(
      'The message is 391 KB, larger than the 293 KB the outgoing server accepts: remove or shrink attachments.',
    );
    expect(oversizeProblem(15_000_000, 10_485_760)).toMatch(/^The message is 14\.3 MB, larger than the 10\.0 MB/);
  });
});
