import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from './accounts.ts';
import { type DraftFields, getDraft, listDrafts, removeDraft, saveDraft } from './drafts.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { openProfile, type Profile } from './profile.ts';

let dir: string;
let profile: Profile;
let account: number;
const fields: DraftFields = {
  to: [{ name: '山田 太郎', address: 'taro@example.jp' }],
  cc: [],
  bcc: [],
  subject: 'Re: Größe',
  text: 'Grüße',
  html: null,
  inReplyTo: '<c@x>',
  references: ['<c@x>'],
  attachments: [{ filename: 'a.txt', contentType: 'text/plain', base64: Buffer.from('hi').toString('base64') }],
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-drafts-'));
  profile = openProfile(dir);
  account = addAccount(profile.db, accountSettings(), 1).id;
});
afterEach(async () => {
  profile.close();
  await rm(dir, { recursive: true, force: true });
});

describe('drafts in the store', () => {
  it('save, read back after reopening, replace whole, remove', () => {
    const id = saveDraft(profile.db, null, account, fields, 10);
    profile.close();
    profile = openProfile(dir);
    expect(getDraft(profile.db, id)).toEqual({ id, accountId: account, fields, updatedAt: 10 });
    expect(saveDraft(profile.db, id, account, { ...fields, text: 'Grüße, Ann', attachments: [] }, 20)).toBe(id);
    expect(getDraft(profile.db, id)?.fields).toEqual({ ...fields, text: 'Grüße, Ann', attachments: [] });
    const other = saveDraft(profile.db, null, account, fields, 30);
    expect(listDrafts(profile.db, account).map((d) => d.id)).toEqual([other, id]);
    expect(removeDraft(profile.db, id)).toBe(true);
    expect(removeDraft(profile.db, id)).toBe(false);
    expect(getDraft(profile.db, id)).toBeNull();
  });

  it('refuse to save over a draft that is gone, in words', () => {
    expect(() => saveDraft(profile.db, 999, account, fields, 1)).toThrow('There is no draft 999: it was sent or deleted.');
  });
});
