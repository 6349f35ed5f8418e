// Moving, Trash, undo, deleting permanently (and what the ledger keeps), sort orders,
// conversation pages and search operators, on a small profile.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../mime/parse.ts';
import { dueForDeletion } from '../sync/retention.ts';
import { addAccount } from './accounts.ts';
import { transaction } from './database.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { createFolder, folderCounts, listFolders, removeFolder } from './folders.ts';
import { ledgerEntry, recordStored } from './ledger.ts';
import { insertMessage } from './message-insert.ts';
import {
  flagMessages,
  markMessagesRead,
  moveMessages,
  removeMessages,
  restoreMessages,
  revertStates,
  trashedMessages,
} from './message-state.ts';
import { countMessages, listMessages, type MessageQuery } from './messages.ts';
import { openProfile, type Profile } from './profile.ts';

let root: string;
let profile: Profile;
let account: number;
let key: string;
const T0 = Date.UTC(2026, 0, 10);

function parsed(p: Partial<ParsedMessage> & { subject: string }): ParsedMessage {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: [{ name: 'Ann', address: 'ann@example.com' }],
    to: [{ name: 'Bob', address: 'bob@example.com' }],
    cc: [],
    replyTo: [],
    date: T0,
    text: 'hello',
    html: null,
    snippet: 'hello',
    hasAttachments: false,
    attachments: [],
    headers: [],
    parseError: null,
    truncated: false,
    ...p,
  };
}

function add(uidl: string, p: Partial<ParsedMessage> & { subject: string }, size = 100): number {
  return transaction(profile.db, () => {
    const id = insertMessage(profile.db, {
      accountId: account,
      uidl,
      path: `1/${uidl}.eml`,
      size,
      serverSize: null,
      partial: false,
      receivedAt: T0,
      parsed: parsed(p),
    });
    recordStored(profile.db, key, uidl, id, T0);
    return id;
  });
}

const ids = (q: MessageQuery): number[] => listMessages(profile.db, { accountId: account, ...q }).map((m) => m.id);

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-state-'));
  profile = openProfile(root);
  const a = addAccount(profile.db, accountSettings(), T0);
  account = a.id;
  key = a.mailboxKey;
});

afterEach(async () => {
  profile.close();
  await rm(root, { recursive: true, force: true });
});

describe('moving and undo', () => {
  it('moves to a folder, to Trash, restores where it came from, and reverts each step', () => {
    const m = add('a', { subject: 'one' });
    const folder = createFolder(profile.db, account, 'Receipts', T0);
    expect(() => createFolder(profile.db, account, 'receipts', T0)).toThrow(/already a folder/);
    const toFolder = moveMessages(profile.db, [m], folder, T0);
    expect(toFolder).toEqual([{ id: m, folder: 'inbox', read: false, flagged: false }]);
    expect(ids({ folder })).toEqual([m]);
    expect(ids({ folder: 'inbox' })).toEqual([]);
    expect(listFolders(profile.db)).toEqual([{ id: folder, accountId: account, name: 'Receipts', total: 1, unread: 1 }]);
    const toTrash = moveMessages(profile.db, [m], 'trash', T0 + 1);
    expect(toTrash[0]?.folder).toBe(folder);
    expect(ids({ folder: 'trash' })).toEqual([m]);
    expect(folderCounts(profile.db, [account])[1]?.trash).toEqual({ total: 1, unread: 1 });
    restoreMessages(profile.db, [m]);
    expect(ids({ folder })).toEqual([m]);
    const read = markMessagesRead(profile.db, [m], true);
    const flagged = flagMessages(profile.db, [m], true);
    expect(listMessages(profile.db, { folder })[0]).toMatchObject({ read: true, flagged: true, folder });
    revertStates(profile.db, [...flagged, ...read], T0);
    revertStates(profile.db, toFolder, T0);
    expect(listMessages(profile.db, { folder: 'inbox' })[0]).toMatchObject({ id: m, read: false, flagged: false, folder: 'inbox' });
  });

  it('removing a folder moves its messages to Trash, and a restore files them in the Inbox', () => {
    const m = add('a', { subject: 'one' });
    const folder = createFolder(profile.db, null, 'Local', T0);
    moveMessages(profile.db, [m], folder, T0);
    expect(removeFolder(profile.db, folder, T0)).toBe(1);
    expect(ids({ folder: 'trash' })).toEqual([m]);
    restoreMessages(profile.db, [m]);
    expect(ids({ folder: 'inbox' })).toEqual([m]);
  });
});

describe('deleting permanently', () => {
  it('removes the row but keeps the ledger entry stored and deleted here, so retention still deletes it on the server', () => {
    const m = add('a', { subject: 'one' });
    const kept = add('b', { subject: 'two' });
    moveMessages(profile.db, [m], 'trash', T0);
    expect(trashedMessages(profile.db, account)).toEqual([m]);
    const out = transaction(profile.db, () => removeMessages(profile.db, [m], T0 + 5));
    expect(out).toEqual({ removed: 1, paths: ['1/a.eml'] });
    expect(countMessages(profile.db, { folder: 'trash' })).toBe(0);
    const entry = ledgerEntry(profile.db, key, 'a');
    if (entry === null) throw new Error('no ledger entry');
    expect(entry).toMatchObject({ storedAt: T0, messageRow: null, deletedLocally: true, partial: false });
    const other = ledgerEntry(profile.db, key, 'b');
    if (other === null) throw new Error('no ledger entry');
    expect(other).toMatchObject({ messageRow: kept, deletedLocally: false });
    const leave = { kind: 'leave', deleteWhenDeletedLocally: true } as const;
    expect(dueForDeletion(leave, [entry, other], T0)).toEqual(['a']);
    expect(dueForDeletion({ kind: 'leave', deleteWhenDeletedLocally: false }, [entry], T0)).toEqual([]);
  });

  it('Trash retention picks only what has been there long enough', () => {
    const old = add('a', { subject: 'old' });
    const fresh = add('b', { subject: 'fresh' });
    moveMessages(profile.db, [old], 'trash', T0);
    moveMessages(profile.db, [fresh], 'trash', T0 + 10 * 86_400_000);
    expect(trashedMessages(profile.db, account, T0 + 5 * 86_400_000)).toEqual([old]);
  });
});

describe('the list', () => {
  it('sorts by date, sender, subject and size, both ways', () => {
    const a = add('a', { subject: 'Re: banana', date: T0 + 1, from: [{ name: 'Zed', address: 'z@x' }] }, 300);
    const b = add('b', { subject: 'apple', date: T0 + 2, from: [{ name: '', address: 'bea@x' }] }, 100);
    const c = add('c', { subject: 'cherry', date: T0 + 3, from: [{ name: 'carl', address: 'c@x' }] }, 200);
    expect(ids({ folder: 'inbox' })).toEqual([c, b, a]);
    expect(ids({ folder: 'inbox', descending: false })).toEqual([a, b, c]);
    expect(ids({ folder: 'inbox', sort: 'sender', descending: false })).toEqual([b, c, a]);
    expect(ids({ folder: 'inbox', sort: 'subject', descending: false })).toEqual([b, a, c]);
    expect(ids({ folder: 'inbox', sort: 'size' })).toEqual([a, c, b]);
  });

  it('lists one row per conversation, its newest, with counts, and counts conversations', () => {
    const root1 = add('a', { subject: 'party', messageId: '<p1@x>', date: T0 + 1 });
    const reply = add('b', {
      subject: 'Re: party',
      messageId: '<p2@x>',
      inReplyTo: '<p1@x>',
      references: ['<p1@x>'],
      date: T0 + 3,
      from: [{ name: 'Bob', address: 'bob@x' }],
    });
    const alone = add('c', { subject: 'alone', date: T0 + 2 });
    markMessagesRead(profile.db, [root1], true);
    const page = listMessages(profile.db, { folder: 'inbox', conversations: true });
    expect(page.map((m) => m.id)).toEqual([reply, alone]);
    expect(page[0]?.conversation).toMatchObject({ count: 2, unread: 1, participants: ['Ann', 'Bob'] });
    expect(countMessages(profile.db, { folder: 'inbox', conversations: true })).toBe(2);
    expect(countMessages(profile.db, { folder: 'inbox' })).toBe(3);
  });

  it('answers quick filters and each search operator', () => {
    const a = add('a', { subject: 'Invoice March', date: Date.UTC(2026, 2, 3), hasAttachments: true, text: 'total due' });
    const b = add('b', {
      subject: 'Lunch',
      date: Date.UTC(2026, 0, 3),
      from: [{ name: 'Carol', address: 'carol@example.org' }],
      to: [{ name: 'Dan', address: 'dan@example.net' }],
    });
    flagMessages(profile.db, [b], true);
    markMessagesRead(profile.db, [a], true);
    expect(ids({ folder: 'inbox', only: 'flagged' })).toEqual([b]);
    expect(ids({ folder: 'inbox', only: 'unread' })).toEqual([b]);
    expect(ids({ folder: 'inbox', only: 'attachments' })).toEqual([a]);
    const s = (search: string): number[] => ids({ folder: 'inbox', search });
    expect(s('from:carol')).toEqual([b]);
    expect(s('from:ann')).toEqual([a]);
    expect(s('to:dan')).toEqual([b]);
    expect(s('subject:invoice')).toEqual([a]);
    expect(s('subject:total')).toEqual([]);
    expect(s('"total due"')).toEqual([a]);
    expect(s('has:attachment')).toEqual([a]);
    expect(s('is:unread')).toEqual([b]);
    expect(s('is:read')).toEqual([a]);
    expect(s('is:flagged')).toEqual([b]);
    expect(s('before:2026-02-01')).toEqual([b]);
    expect(s('after:2026-02-01')).toEqual([a]);
    expect(s('after:2026-03-03')).toEqual([a]);
  });
});
