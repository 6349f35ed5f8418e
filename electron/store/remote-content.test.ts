// The remote-content allow list (migration 2): per message and per sender, and a message's
// permission goes with its row.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from './accounts.ts';
import { insertMessage } from './message-insert.ts';
import type { ParsedMessage } from '../mime/parse.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { openProfile, type Profile } from './profile.ts';
import { allowRemoteContent, remoteContentAllowed } from './remote-content.ts';

let root: string;
let profile: Profile;
let accountId: number;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-remote-'));
  profile = openProfile(root);
  accountId = addAccount(profile.db, accountSettings({ name: 'Home', host: 'pop.example.org' }), Date.now()).id;
});

afterEach(async () => {
  profile.close();
  await rm(root, { recursive: true, force: true });
});

function message(uidl: string, from: string): number {
  const parsed: ParsedMessage = {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: [{ name: '', address: from }],
    to: [],
    cc: [],
    replyTo: [],
    subject: uidl,
    date: null,
    text: '',
    html: '<img src="https://example.org/x.png">',
    snippet: '',
    hasAttachments: false,
    attachments: [],
    headers: [],
    parseError: null,
    truncated: false,
  };
  return insertMessage(profile.db, {
    accountId,
    uidl,
    path: `${uidl}.eml`,
    size: 1,
    serverSize: 1,
    partial: false,
    receivedAt: Date.now(),
    parsed,
  });
}

describe('remote content allow list', () => {
  it('per message, and per sender address whatever its case', () => {
    const a = message('a', 'news@shop.example');
    const b = message('b', 'News@Shop.example');
    const c = message('c', 'other@shop.example');
    allowRemoteContent(profile.db, 'message', c, 'other@shop.example', 1);
    expect([a, b, c].map((id) => remoteContentAllowed(profile.db, id, id === c ? 'other@shop.example' : 'news@shop.example'))).toEqual([
      false,
      false,
      true,
    ]);
    allowRemoteContent(profile.db, 'sender', a, 'news@shop.example', 2);
    expect(remoteContentAllowed(profile.db, b, 'News@Shop.example')).toBe(true);
    // Allowing twice is harmless.
    allowRemoteContent(profile.db, 'sender', b, 'NEWS@shop.example', 3);
    allowRemoteContent(profile.db, 'message', c, 'other@shop.example', 4);
  });

  it('a message without a sender address cannot be allowed by sender, nor match one', () => {
    const id = message('x', '');
    expect(() => allowRemoteContent(profile.db, 'sender', id, '  ', 1)).toThrow(/no sender address/);
    expect(remoteContentAllowed(profile.db, id, '')).toBe(false);
  });

  it('a message’s permission is removed with it, and never passes to a row that reuses its id', () => {
    const id = message('gone', 'a@example.org');
    allowRemoteContent(profile.db, 'message', id, 'a@example.org', 1);
    // As removeAccount deletes a message: the row and its full-text entry.
    profile.db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(id);
    profile.db.prepare('DELETE FROM messages WHERE id = ?').run(id);
    expect(profile.db.prepare('SELECT COUNT(*) AS n FROM remote_content_allowed').get()).toEqual({ n: 0 });
    const reused = message('new', 'b@example.org');
    expect(reused).toBe(id);
    expect(remoteContentAllowed(profile.db, reused, 'b@example.org')).toBe(false);
  });
});
