// removeAccount: the rows, the saved password and the files of one account, and nothing of another.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../mime/parse.ts';
import { removeAccount, type PasswordKeeper } from './account-removal.ts';
import { addAccount, listAccounts } from './accounts.ts';
import { ledgerEntries, recordStored } from './ledger.ts';
import { accountMessageCount } from './messages.ts';
import { insertMessage } from './message-insert.ts';
import { openProfile, type Profile } from './profile.ts';
import { accountSettings } from './fixtures/account-settings.ts';

const settings = accountSettings({ passwordSource: { kind: 'file' } });

const parsed: ParsedMessage = {
  messageId: null,
  inReplyTo: null,
  references: [],
  from: [{ name: '', address: 'bob@example.com' }],
  to: [],
  cc: [],
  replyTo: [],
  subject: 'hello',
  date: null,
  text: 'hello',
  html: null,
  snippet: 'hello',
  hasAttachments: false,
  attachments: [],
  headers: [],
  parseError: null,
  truncated: false,
};

class Keeper implements PasswordKeeper {
  readonly deleted: number[] = [];
  failure: Error | null = null;
  delete(accountId: number): Promise<void> {
    this.deleted.push(accountId);
    return this.failure ? Promise.reject(this.failure) : Promise.resolve();
  }
}

describe('removeAccount', () => {
  let dir = '';
  let profile: Profile | undefined;
  afterEach(async () => {
    profile?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function withMessages(name: string, user: string, count: number): Promise<{ id: number; mailboxKey: string; folder: string }> {
    const p = profile as Profile;
    const a = addAccount(p.db, { ...settings, name, user }, 1);
    const folder = path.join(p.files.root, String(a.id));
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < count; i++) {
      const relative = path.join(String(a.id), `${i}.eml`);
      await writeFile(p.files.absolute(relative), 'Subject: hello\r\n\r\nhello\r\n');
      const row = insertMessage(p.db, {
        accountId: a.id,
        uidl: `u${i}`,
        path: relative,
        size: 25,
        serverSize: 25,
        partial: false,
        receivedAt: 2,
        parsed,
      });
      recordStored(p.db, a.mailboxKey, `u${i}`, row, 2);
    }
    return { id: a.id, mailboxKey: a.mailboxKey, folder };
  }

  it('removes the rows, the ledger, the password and the files of that account only, and counts its messages', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-removal-'));
    profile = openProfile(dir);
    const home = await withMessages('home', 'ann', 3);
    const work = await withMessages('work', 'bea', 1);
    const keeper = new Keeper();
    expect(await removeAccount(profile, home.id, keeper)).toEqual({ messages: 3, passwordError: null });
    expect(keeper.deleted).toEqual([home.id]);
    expect(listAccounts(profile.db).map((a) => a.name)).toEqual(['work']);
    expect(accountMessageCount(profile.db, home.id)).toBe(0);
    expect(ledgerEntries(profile.db, home.mailboxKey).size).toBe(0);
    expect(existsSync(home.folder)).toBe(false);
    expect(accountMessageCount(profile.db, work.id)).toBe(1);
    expect(ledgerEntries(profile.db, work.mailboxKey).size).toBe(1);
    expect(existsSync(work.folder)).toBe(true);
  });

  it('still removes the rows and the files when the password cannot be forgotten, and says why', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-removal-'));
    profile = openProfile(dir);
    const home = await withMessages('home', 'ann', 1);
    const keeper = new Keeper();
    keeper.failure = new Error('the keychain is locked');
    const removal = await removeAccount(profile, home.id, keeper);
    expect(removal.messages).toBe(1);
    expect(removal.passwordError?.message).toBe('the keychain is locked');
    expect(listAccounts(profile.db)).toEqual([]);
    expect(existsSync(home.folder)).toBe(false);
  });
});
