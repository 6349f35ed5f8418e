// Conversations as messages arrive: by References and In-Reply-To in either order, merging two
// threads a message links, and by subject only for replies within the window, never across accounts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeaderSummary } from '../mime/header-summary.ts';
import { addAccount } from './accounts.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { insertListedMessage } from './message-insert.ts';
import { openProfile, type Profile } from './profile.ts';
import { deleteMessageRow } from './messages.ts';
import { MAX_REFERENCES, namedIds, subjectKey, SUBJECT_WINDOW_MS } from './threads.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 5, 1);

let root = '';
let profile: Profile;
let work = 0;
let home = 0;
let counter = 0;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-threads-'));
  profile = openProfile(root);
  work = addAccount(profile.db, accountSettings({ name: 'work', host: 'pop.work.example' }), T0).id;
  home = addAccount(profile.db, accountSettings({ name: 'home', host: 'pop.home.example' }), T0).id;
});

afterEach(async () => {
  profile.close();
  await rm(root, { recursive: true, force: true });
});

interface Mail {
  readonly id?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly subject?: string;
  readonly at?: number;
  readonly account?: number;
}

/** Stores a message as a download lists it; returns its row id. */
function store(m: Mail): number {
  counter += 1;
  const headers: HeaderSummary = {
    messageId: m.id === undefined ? `<m${counter}@example.com>` : m.id,
    inReplyTo: m.inReplyTo ?? null,
    references: m.references ?? [],
    from: [{ name: 'Ann', address: 'ann@example.com' }],
    to: [],
    cc: [],
    subject: m.subject ?? `subject ${counter}`,
    date: m.at ?? T0,
    hasAttachments: false,
  };
  return insertListedMessage(profile.db, {
    accountId: m.account ?? work,
    uidl: `u${counter}`,
    path: `x/${counter}.eml`,
    size: 10,
    serverSize: null,
    partial: false,
    receivedAt: T0,
    headers,
  });
}

function thread(id: number): number {
  return (profile.db.prepare('SELECT thread_id FROM messages WHERE id = ?').get(id) as { thread_id: number }).thread_id;
}

describe('subjectKey', () => {
  it('strips reply and forward prefixes in several languages, list tags, whitespace and case', () => {
    for (const s of [
      'Re: Summer party',
      'RE: summer party',
      'Fwd: Summer party',
      'FW: Summer  party',
      'AW: Summer party',
      'SV: Summer party',
      'Antw: Summer party',
      'TR: Summer party',
      'RE[2]: Summer party',
      'Re(3): Summer party',
      'Re: Re: Fwd:Summer party',
      '[party-list] Re: Summer party',
      'Re: [party-list] Summer   party ',
    ]) {
      expect(subjectKey(s), s).toEqual({ key: 'summer party', reply: true });
    }
    expect(subjectKey('Summer party')).toEqual({ key: 'summer party', reply: false });
    expect(subjectKey('[list] Summer party')).toEqual({ key: 'summer party', reply: false });
    // A word that only starts like a prefix is the subject itself.
    expect(subjectKey('Review: the plan').key).toBe('review: the plan');
    expect(subjectKey('Tree planting')).toEqual({ key: 'tree planting', reply: false });
    // A subject that is only a tag keeps it, rather than matching every other empty subject.
    expect(subjectKey('[notice]').key).toBe('[notice]');
    expect(subjectKey('Re: ')).toEqual({ key: '', reply: true });
  });

  it('bounds a long References list, keeping the root and the latest ids', () => {
    const refs = Array.from({ length: 200 }, (_, i) => `<r${i}@x>`);
    const named = namedIds(refs, '<r199@x>');
    expect(named).toHaveLength(MAX_REFERENCES);
    expect(named[0]).toBe('<r0@x>');
    expect(named.at(-1)).toBe('<r199@x>');
    expect(namedIds(['<a@x>', '<b@x>'], '<b@x>')).toEqual(['<a@x>', '<b@x>']);
  });
});

describe('threads at insert', () => {
  it('follows a References chain, each reply joining the thread of the message it names', () => {
    const root = store({ id: '<root@x>', subject: 'Plan' });
    const a = store({ id: '<a@x>', inReplyTo: '<root@x>', references: ['<root@x>'], subject: 'Re: Plan' });
    const b = store({ id: '<b@x>', inReplyTo: '<a@x>', references: ['<root@x>', '<a@x>'], subject: 'Re: Plan' });
    // Only In-Reply-To, and a subject changed on the way.
    const c = store({ id: '<c@x>', inReplyTo: '<b@x>', subject: 'Something else now' });
    const other = store({ id: '<other@x>', subject: 'Plan' });
    expect([thread(a), thread(b), thread(c)]).toEqual([root, root, root]);
    expect(thread(root)).toBe(root);
    expect(thread(other)).toBe(other);
    const refs = profile.db.prepare('SELECT references_json FROM messages WHERE id = ?').get(b) as { references_json: string };
    expect(JSON.parse(refs.references_json)).toEqual(['<root@x>', '<a@x>']);
  });

  it('puts a parent that arrives after its reply into the reply’s thread', () => {
    const reply = store({ id: '<reply@x>', inReplyTo: '<parent@x>', references: ['<parent@x>'], subject: 'Re: Lunch' });
    const parent = store({ id: '<parent@x>', subject: 'Lunch', at: T0 - DAY });
    expect(thread(parent)).toBe(thread(reply));
  });

  it('puts two replies to a parent never received into one thread', () => {
    const one = store({ inReplyTo: '<lost@x>', references: ['<lost@x>'], subject: 'Question' });
    const two = store({ inReplyTo: '<lost@x>', references: ['<lost@x>'], subject: 'Answer, new subject', at: T0 + 90 * DAY });
    expect(thread(two)).toBe(thread(one));
  });

  it('merges two threads when a message links them', () => {
    const left = store({ id: '<left@x>', subject: 'Left' });
    const leftReply = store({ inReplyTo: '<left@x>', references: ['<left@x>'], subject: 'Re: Left' });
    const right = store({ id: '<right@x>', subject: 'Right' });
    const rightReply = store({ inReplyTo: '<right@x>', references: ['<right@x>'], subject: 'Re: Right' });
    expect(thread(leftReply)).toBe(left);
    expect(thread(rightReply)).toBe(right);
    const both = store({ references: ['<left@x>', '<right@x>'], subject: 'Re: Left and Right' });
    const merged = [left, leftReply, right, rightReply, both].map(thread);
    expect(new Set(merged).size).toBe(1);
    // A later reply to either side finds the one thread.
    expect(thread(store({ inReplyTo: '<right@x>', subject: 'Re: Right' }))).toBe(merged[0]);
  });

  it('falls back to the subject for a reply without stored parent, within the window only', () => {
    const original = store({ subject: 'Summer party', at: T0 });
    expect(thread(store({ subject: 'Re: Summer party', at: T0 + 3 * DAY }))).toBe(original);
    expect(thread(store({ subject: '[friends] AW: summer  PARTY', at: T0 + 5 * DAY }))).toBe(original);
    // No prefix, but it names a parent that is not stored.
    expect(thread(store({ subject: 'Summer party', references: ['<gone@x>'], at: T0 + 6 * DAY }))).toBe(original);
    // Past the window from every message of that subject: a thread of its own.
    const late = store({ subject: 'Re: Summer party', at: T0 + 6 * DAY + SUBJECT_WINDOW_MS + DAY });
    expect(thread(late)).toBe(late);
  });

  it('does not join by subject a message that is not a reply', () => {
    const first = store({ subject: 'Weekly report', at: T0 });
    const second = store({ subject: 'Weekly report', at: T0 + 7 * DAY });
    expect(thread(first)).toBe(first);
    expect(thread(second)).toBe(second);
    // Nor a reply whose subject is empty once the prefix is gone.
    const blank = store({ subject: '', at: T0 });
    const reBlank = store({ subject: 'Re:', at: T0 + DAY });
    expect(thread(reBlank)).toBe(reBlank);
    expect(thread(blank)).toBe(blank);
  });

  it('never puts messages of two accounts in one thread', () => {
    const mine = store({ id: '<shared@x>', subject: 'Trip', account: work });
    const theirs = store({ id: '<shared@x>', subject: 'Trip', account: home });
    const replyHome = store({ inReplyTo: '<shared@x>', references: ['<shared@x>'], subject: 'Re: Trip', account: home });
    const bySubjectHome = store({ subject: 'Re: Trip', account: home, at: T0 + DAY });
    expect(thread(theirs)).toBe(theirs);
    expect(thread(replyHome)).toBe(theirs);
    expect(thread(bySubjectHome)).toBe(theirs);
    expect(thread(mine)).toBe(mine);
    // The same message stored twice in one account is one conversation.
    expect(thread(store({ id: '<shared@x>', subject: 'Trip', account: work }))).toBe(mine);
  });

  it('forgets the ids a deleted message named', () => {
    const gone = store({ inReplyTo: '<parent2@x>', references: ['<parent2@x>'], subject: 'Re: Gone' });
    deleteMessageRow(profile.db, gone);
    const count = profile.db.prepare('SELECT COUNT(*) AS n FROM message_refs WHERE message_row = ?').get(gone) as { n: number };
    expect(count.n).toBe(0);
    const parent = store({ id: '<parent2@x>', subject: 'Gone' });
    expect(thread(parent)).toBe(parent);
  });
});
