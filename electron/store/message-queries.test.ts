// The list, its count and search at a size where plans matter: the order comes from the
// indexes of migration 6 (EXPLAIN QUERY PLAN: no sort of the mailbox, no full scan), the rows
// match a plain sort of the same data at any offset, and a message not yet analysed is found
// by its headers.
import { seconds } from '../../tests/support/timeouts.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedAddress, ParsedMessage } from '../mime/parse.ts';
import { addAccount } from './accounts.ts';
import { transaction } from './database.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { insertListedMessage, insertMessage, recordAnalysis } from './message-insert.ts';
import { countMessages, deleteMessageRow, escapeLike, listMessages, queryPlans, setDeletedLocally, type MessageQuery } from './messages.ts';
import { openProfile, type Profile } from './profile.ts';

/** Enough rows that a common word has more hits than FEW_HITS (messages.ts), so both search plans run. */
const ROWS = 6000;
const T0 = Date.UTC(2026, 0, 1);

let root: string;
let profile: Profile;
let accounts: [number, number];
/** What the table holds, to compute the expected order in plain TypeScript. */
const made: Array<{ id: number; accountId: number; key: number; trash: boolean; common: boolean; rare: boolean }> = [];

function parsed(subject: string, text: string, date: number | null, from: ParsedAddress): ParsedMessage {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: [from],
    to: [{ name: 'Ann', address: 'ann@example.com' }],
    cc: [],
    replyTo: [],
    subject,
    date,
    text,
    html: null,
    snippet: text.slice(0, 40),
    hasAttachments: false,
    attachments: [],
    headers: [],
    parseError: null,
    truncated: false,
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-queries-'));
  profile = openProfile(root);
  const now = Date.now();
  accounts = [
    addAccount(profile.db, accountSettings({ name: 'work', host: 'pop.work.example' }), now).id,
    addAccount(profile.db, accountSettings({ name: 'home', host: 'pop.home.example' }), now).id,
  ];
  transaction(profile.db, () => {
    for (let i = 0; i < ROWS; i++) {
      const accountId = accounts[i % 3 === 0 ? 1 : 0];
      // Dates out of insertion order, some missing (then received_at counts), some equal (then the id decides).
      const date = i % 11 === 0 ? null : T0 + Math.floor(((i * 7919) % ROWS) / 2) * 60_000;
      const receivedAt = T0 + i * 30_000;
      const common = i % 2 === 0;
      const rare = i === 4321;
      const text = `${common ? 'meeting ' : ''}${rare ? 'zanzibarite ' : ''}words number ${i}`;
      const id = insertMessage(profile.db, {
        accountId,
        uidl: `u${i}`,
        path: `x/${i}.eml`,
        size: 100,
        serverSize: null,
        partial: false,
        receivedAt,
        parsed: parsed(`note ${i}`, text, date, { name: `Sender ${i % 7}`, address: `s${i % 7}@example.com` }),
      });
      const trash = i % 13 === 0;
      if (trash) setDeletedLocally(profile.db, id, true);
      made.push({ id, accountId, key: date ?? receivedAt, trash, common, rare });
    }
  });
}, seconds(120));

afterAll(async () => {
  profile.close();
  await rm(root, { recursive: true, force: true });
});

function expected(keep: (m: (typeof made)[number]) => boolean): number[] {
  return made
    .filter(keep)
    .sort((a, b) => b.key - a.key || b.id - a.id)
    .map((m) => m.id);
}

const ids = (q: MessageQuery): number[] => listMessages(profile.db, q).map((m) => m.id);

/** A plan reads the order from an index: no sort of its own, no full scan of messages (a partial index of Trash rows may be read whole). */
function expectIndexed(plan: string[], index: string): void {
  expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  expect(plan.join('\n')).not.toMatch(/SCAN m\b(?! USING (COVERING )?INDEX messages_trash\b)/);
  expect(plan.some((step) => new RegExp(`INDEX ${index}( |$)`).test(step))).toBe(true);
}

describe('the list and its count', () => {
  it('read the order from messages_newest for all inboxes, at the top and at a deep offset', () => {
    const all = expected((m) => !m.trash);
    expect(ids({ folder: 'inbox', limit: 100, offset: 0 })).toEqual(all.slice(0, 100));
    expect(ids({ folder: 'inbox', limit: 100, offset: 3000 })).toEqual(all.slice(3000, 3100));
    expect(countMessages(profile.db, { folder: 'inbox' })).toBe(all.length);
    const plans = queryPlans(profile.db, { folder: 'inbox', limit: 100, offset: 3000 });
    expectIndexed(plans.list, 'messages_newest');
    expect(plans.count.join('\n')).toMatch(/COVERING INDEX messages_newest\b/);
  });

  it('read one account’s inbox from messages_newest_in_account and its Trash from messages_trash_in_account', () => {
    const [work] = accounts;
    const inbox = expected((m) => m.accountId === work && !m.trash);
    const trash = expected((m) => m.accountId === work && m.trash);
    expect(ids({ accountId: work, folder: 'inbox', limit: 100, offset: 2000 })).toEqual(inbox.slice(2000, 2100));
    expect(ids({ accountId: work, folder: 'trash', limit: 100, offset: 0 })).toEqual(trash.slice(0, 100));
    expect(countMessages(profile.db, { accountId: work, folder: 'trash' })).toBe(trash.length);
    for (const [folder, index] of [
      ['inbox', 'messages_newest_in_account'],
      ['trash', 'messages_trash_in_account'],
    ] as const) {
      const plans = queryPlans(profile.db, { accountId: work, folder, limit: 100, offset: 0 });
      expectIndexed(plans.list, index);
      expect(plans.count.join('\n')).toMatch(new RegExp(`COVERING INDEX ${index}\\b`));
    }
  });

  it('Trash of all accounts comes from messages_trash', () => {
    expect(ids({ folder: 'trash', limit: 50, offset: 10 })).toEqual(expected((m) => m.trash).slice(10, 60));
    expectIndexed(queryPlans(profile.db, { folder: 'trash' }).list, 'messages_trash');
  });
});

describe('search', () => {
  it('a common word walks the list’s index newest first instead of sorting its thousands of hits', () => {
    const hits = expected((m) => !m.trash && m.common);
    expect(hits.length).toBeGreaterThan(2000);
    expect(ids({ folder: 'inbox', search: 'meeting', limit: 100, offset: 0 })).toEqual(hits.slice(0, 100));
    expect(ids({ folder: 'inbox', search: 'meet', limit: 100, offset: 1500 })).toEqual(hits.slice(1500, 1600));
    expect(countMessages(profile.db, { folder: 'inbox', search: 'meeting' })).toBe(hits.length);
    const plans = queryPlans(profile.db, { folder: 'inbox', search: 'meeting', limit: 100, offset: 0 });
    expectIndexed(plans.list, 'messages_newest');
    expect(plans.list.join('\n')).toMatch(/messages_fts VIRTUAL TABLE/);
    expect(plans.count.join('\n')).not.toMatch(/SCAN m\b/);
  });

  it('a rare word or a missing one starts from the full-text index and reads only its hits', () => {
    const [work, home] = accounts;
    const rare = made.find((m) => m.rare);
    expect(ids({ folder: 'inbox', search: 'zanzibarite' })).toEqual(rare && !rare.trash ? [rare.id] : []);
    expect(ids({ accountId: rare?.accountId === work ? home : work, folder: 'inbox', search: 'zanzibarite' })).toEqual([]);
    expect(countMessages(profile.db, { folder: 'inbox', search: 'nosuchwordanywhere' })).toBe(0);
    for (const search of ['zanzibarite', 'nosuchwordanywhere']) {
      const plans = queryPlans(profile.db, { folder: 'inbox', search });
      for (const plan of [plans.list, plans.count]) {
        expect(plan.join('\n')).not.toMatch(/SCAN m\b/);
        expect(plan.join('\n')).toMatch(/SEARCH m USING INTEGER PRIMARY KEY/);
      }
    }
  });

  it('finds a message not analysed yet by its subject, sender and recipients, and no longer twice once it is', () => {
    const [work] = accounts;
    const headers = {
      messageId: '<fresh@example.com>',
      inReplyTo: null,
      references: [],
      from: [{ name: 'Émile Quartz', address: 'emile@quartz.example' }],
      to: [{ name: 'Ann', address: 'ann@example.com' }],
      cc: [{ name: 'Cyd Cc', address: 'cyd@copy.example' }],
      subject: 'Budget 100%_final',
      date: T0 + ROWS * 60_000,
      hasAttachments: false,
    } as unknown as Parameters<typeof insertListedMessage>[1]['headers'];
    const id = insertListedMessage(profile.db, {
      accountId: work,
      uidl: 'fresh',
      path: 'x/fresh.eml',
      size: 100,
      serverSize: null,
      partial: false,
      receivedAt: T0 + ROWS * 60_000,
      headers,
    });
    try {
      for (const search of ['budget', 'FINAL', 'Quartz', 'emile@quartz', 'copy.example', 'cyd', '100%_final', 'budget quartz']) {
        expect(ids({ folder: 'inbox', search }), search).toContain(id);
      }
      expect(ids({ accountId: work, folder: 'inbox', search: 'budget', limit: 1 })).toEqual([id]);
      expect(countMessages(profile.db, { folder: 'inbox', search: 'quartz' })).toBe(1);
      // The user's % and _ are text, not wildcards; a word the headers lack still excludes it.
      expect(ids({ folder: 'inbox', search: 'b%t' })).not.toContain(id);
      expect(ids({ folder: 'inbox', search: 'b_dget' })).not.toContain(id);
      expect(ids({ folder: 'inbox', search: '100_' })).not.toContain(id);
      expect(ids({ folder: 'inbox', search: 'budget nowhere' })).not.toContain(id);
      // A common word still finds the analysed rows alongside it.
      expect(countMessages(profile.db, { folder: 'inbox', search: 'meeting' })).toBe(expected((m) => !m.trash && m.common).length);

      recordAnalysis(
        profile.db,
        id,
        parsed('Budget 100%_final', 'the plan', T0 + ROWS * 60_000, { name: 'Émile Quartz', address: 'emile@quartz.example' }),
        T0,
      );
      expect(ids({ folder: 'inbox', search: 'quartz' })).toEqual([id]);
      expect(ids({ folder: 'inbox', search: 'plan' })).toEqual([id]);
    } finally {
      deleteMessageRow(profile.db, id);
    }
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
