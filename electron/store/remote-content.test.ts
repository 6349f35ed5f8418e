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
import { allowRemoteContent, listRemoteContent, remoteContentAllowed, revokeRemoteContent } from './remote-content.ts';

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

function message(uidl: string, from: string, subject = uidl, fromName = ''): number {
  const parsed: ParsedMessage = {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: [{ name: fromName, address: from }],
    to: [],
    cc: [],
    replyTo: [],
    subject,
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

  it('lists every grant, senders first and newest first, a message by its subject and sender', () => {
    const a = message('a', 'news@shop.example', 'Spring sale', 'Shop News');
    const b = message('b', 'anon@example.org', '  ');
    allowRemoteContent(profile.db, 'sender', a, 'News@Shop.example', 10);
    allowRemoteContent(profile.db, 'message', a, 'news@shop.example', 20);
    allowRemoteContent(profile.db, 'message', b, 'anon@example.org', 30);
    allowRemoteContent(profile.db, 'sender', b, 'anon@example.org', 40);
    expect(listRemoteContent(profile.db)).toEqual([
      { kind: 'sender', value: 'anon@example.org', label: 'anon@example.org', allowedAt: 40 },
      { kind: 'sender', value: 'news@shop.example', label: 'news@shop.example', allowedAt: 10 },
      { kind: 'message', value: String(b), label: '(no subject) — anon@example.org', allowedAt: 30 },
      { kind: 'message', value: String(a), label: 'Spring sale — Shop News', allowedAt: 20 },
    ]);
  });

  it('revoking a sender blocks its mail again, whatever the case given; a message grant goes alone', () => {
    const a = message('a', 'news@shop.example');
    const b = message('b', 'news@shop.example');
    allowRemoteContent(profile.db, 'sender', a, 'news@shop.example', 1);
    allowRemoteContent(profile.db, 'message', b, 'news@shop.example', 2);
    expect(revokeRemoteContent(profile.db, 'sender', ' NEWS@shop.example ')).toBe(true);
    expect(remoteContentAllowed(profile.db, a, 'news@shop.example')).toBe(false);
    // b keeps its own grant until that one is revoked too.
    expect(remoteContentAllowed(profile.db, b, 'news@shop.example')).toBe(true);
    expect(revokeRemoteContent(profile.db, 'message', String(b))).toBe(true);
    expect(remoteContentAllowed(profile.db, b, 'news@shop.example')).toBe(false);
    expect(revokeRemoteContent(profile.db, 'message', String(b))).toBe(false);
    expect(listRemoteContent(profile.db)).toEqual([]);
  });
});
