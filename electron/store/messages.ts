// Message rows, their attachments and the FTS5 index. A row is written in the same
// transaction as its ledger entry (sync/store-message.ts), so a message is either stored
// with its UIDL or not at all.
import type { DatabaseSync } from 'node:sqlite';
import type { ParsedAddress } from '../mime/parse.ts';
import { prepared } from './statements.ts';

export interface MessageSummary {
  readonly id: number;
  readonly accountId: number;
  readonly uidl: string | null;
  readonly fromName: string;
  readonly fromAddress: string;
  readonly subject: string;
  readonly date: number | null;
  readonly receivedAt: number;
  readonly snippet: string;
  readonly size: number;
  readonly serverSize: number | null;
  readonly partial: boolean;
  readonly hasAttachments: boolean;
  readonly read: boolean;
  readonly deletedLocally: boolean;
  readonly parseError: string | null;
}

export interface MessageDetail extends MessageSummary {
  readonly path: string;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly to: ParsedAddress[];
  readonly cc: ParsedAddress[];
  readonly hasHtml: boolean;
  readonly attachments: Array<{
    id: number;
    filename: string | null;
    contentType: string;
    size: number;
    contentId: string | null;
    partId: string | null;
    inline: boolean;
  }>;
}

interface Row {
  id: number;
  account_id: number;
  uidl: string | null;
  path: string;
  from_name: string;
  from_address: string;
  subject: string;
  date: number | null;
  received_at: number;
  snippet: string;
  size: number;
  server_size: number | null;
  partial: number;
  has_attachments: number;
  has_html: number;
  read: number;
  deleted_locally: number;
  parse_error: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  to_json: string;
  cc_json: string;
}

export interface MessageQuery {
  readonly accountId?: number;
  readonly search?: string;
  /**
   * 'inbox': not deleted here; 'trash': deleted here (moved to Trash). Without a folder,
   * `includeDeleted` says whether Trash is listed too.
   */
  readonly folder?: 'inbox' | 'trash';
  readonly includeDeleted?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Below this many full-text hits a search reads its hits and sorts them (cheap for a few);
 * above it, it walks the list's order index newest first and keeps the rows that match, so a
 * word in half the mailbox finds its first page after a few hundred rows, not after sorting
 * them all (measured at 100,000 messages: either way under 10 ms).
 */
const FEW_HITS = 2000;

/** The list's order; messages_newest and messages_newest_in_account (migration 6) hold it. */
const NEWEST_FIRST = 'ORDER BY COALESCE(m.date, m.received_at) DESC, m.id DESC';

interface Filter {
  readonly sql: string;
  readonly args: Array<string | number>;
  /** The table source: `messages m`, with the index hint the plan needs. */
  readonly from: string;
}

/** The WHERE clause of a query and the plan to run it by, shared by the list and its count so they always agree. */
function filter(db: DatabaseSync, query: MessageQuery): Filter {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (query.accountId !== undefined) {
    where.push('m.account_id = ?');
    args.push(query.accountId);
  }
  const folder = query.folder === 'trash' ? 1 : query.folder === 'inbox' || !query.includeDeleted ? 0 : null;
  if (folder !== null) {
    where.push('m.deleted_locally = ?');
    args.push(folder);
  }
  const ordered =
    folder === null
      ? 'messages m'
      : `messages m INDEXED BY ${query.accountId !== undefined ? 'messages_newest_in_account' : 'messages_newest'}`;
  const search = query.search ? searchFilter(db, query.search) : null;
  if (search === null) return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args, from: ordered };
  where.push(search.sql);
  args.push(...search.args);
  return { sql: `WHERE ${where.join(' AND ')}`, args, from: fewHits(db, search.match) ? 'messages m NOT INDEXED' : ordered };
}

/**
 * A search matches the full-text index, or — for a message whose analysis has not run yet
 * (indexed_at null: no full-text row so far, electron/store/message-insert.ts) — its headers:
 * every word in the subject, sender or recipients. messages_unindexed keeps those rows few to read.
 */
function searchFilter(db: DatabaseSync, input: string): { sql: string; args: string[]; match: string } | null {
  const match = ftsQuery(input);
  const words = searchWords(input);
  if (match === null) return null;
  const fullText = 'm.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';
  // Usually every row is analysed: then the header part would only cost time.
  if (prepared(db, 'SELECT 1 FROM messages INDEXED BY messages_unindexed WHERE indexed_at IS NULL LIMIT 1').get() === undefined) {
    return { sql: fullText, args: [match], match };
  }
  const fields = ['u.subject', 'u.from_name', 'u.from_address', 'u.to_json', 'u.cc_json'];
  const wordSql = `(${fields.map((f) => `${f} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
  const args = [match, ...words.flatMap((w) => fields.map(() => `%${escapeLike(w)}%`))];
  const sql = `(${fullText}
    OR m.id IN (SELECT u.id FROM messages u INDEXED BY messages_unindexed WHERE u.indexed_at IS NULL AND ${words.map(() => wordSql).join(' AND ')}))`;
  return { sql, args, match };
}

/**
 * Whether the full-text index matches at most FEW_HITS rows. The answer only picks a plan (both
 * give the same rows), so it is remembered for the last few queries: a page and its count ask
 * it one after the other, and for a short prefix FTS5 merges thousands of terms to answer.
 */
function fewHits(db: DatabaseSync, match: string): boolean {
  let known = fewHitsSeen.get(db);
  if (!known) fewHitsSeen.set(db, (known = new Map()));
  let few = known.get(match);
  if (few === undefined) {
    const row = prepared(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? LIMIT ?)').get(
      match,
      FEW_HITS + 1,
    ) as { n: number };
    few = Number(row.n) <= FEW_HITS;
    known.set(match, few);
    if (known.size > 32) known.delete(known.keys().next().value as string);
  }
  return few;
}

const fewHitsSeen = new WeakMap<DatabaseSync, Map<string, boolean>>();

/** `text` as a LIKE pattern that matches it literally (with a backslash as the ESCAPE character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function listSql(f: Filter): string {
  return `SELECT m.* FROM ${f.from} ${f.sql} ${NEWEST_FIRST} LIMIT ? OFFSET ?`;
}

function countSql(f: Filter): string {
  return `SELECT COUNT(*) AS n FROM ${f.from} ${f.sql}`;
}

/** Newest first; with `search`, only messages whose subject, addresses or text match. */
export function listMessages(db: DatabaseSync, query: MessageQuery = {}): MessageSummary[] {
  const f = filter(db, query);
  return (prepared(db, listSql(f)).all(...f.args, query.limit ?? 500, query.offset ?? 0) as unknown as Row[]).map(summary);
}

/** How many messages `listMessages` would list without its limit and offset. */
export function countMessages(db: DatabaseSync, query: MessageQuery = {}): number {
  const f = filter(db, query);
  const row = prepared(db, countSql(f)).get(...f.args) as { n: number };
  return Number(row.n);
}

/** SQLite's plan for the list and the count of `query` (EXPLAIN QUERY PLAN), one line per step: for tests. */
export function queryPlans(db: DatabaseSync, query: MessageQuery = {}): { list: string[]; count: string[] } {
  const f = filter(db, query);
  const plan = (sql: string, args: Array<string | number>): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as unknown as Array<{ detail: string }>).map((r) => r.detail);
  return { list: plan(listSql(f), [...f.args, query.limit ?? 500, query.offset ?? 0]), count: plan(countSql(f), f.args) };
}

/** Unread messages in each account's inbox (Trash does not count), by account id. */
export function unreadCounts(db: DatabaseSync): Map<number, number> {
  const rows = db
    .prepare(
      'SELECT account_id AS a, COUNT(*) AS n FROM messages INDEXED BY messages_unread WHERE read = 0 AND deleted_locally = 0 GROUP BY account_id',
    )
    .all() as unknown as Array<{ a: number; n: number }>;
  return new Map(rows.map((r) => [r.a, Number(r.n)]));
}

export function getMessage(db: DatabaseSync, id: number): MessageDetail | null {
  const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as Row | undefined;
  if (!row) return null;
  const attachments = (
    db
      .prepare('SELECT id, filename, content_type, size, content_id, part_id, inline FROM attachments WHERE message_id = ? ORDER BY id')
      .all(id) as unknown as Array<{
      id: number;
      filename: string | null;
      content_type: string;
      size: number;
      content_id: string | null;
      part_id: string | null;
      inline: number;
    }>
  ).map((a) => ({
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    contentId: a.content_id,
    partId: a.part_id,
    inline: a.inline === 1,
  }));
  return {
    ...summary(row),
    path: row.path,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    to: JSON.parse(row.to_json) as ParsedAddress[],
    cc: JSON.parse(row.cc_json) as ParsedAddress[],
    hasHtml: row.has_html === 1,
    attachments,
  };
}

/** A stored part of a message, in the order the MIME guard met it when the message was indexed. */
export interface StoredPart {
  readonly id: number;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly contentId: string | null;
  readonly partId: string | null;
}

/** The stored file of a message and its parts; null when there is no such message. */
export function messageParts(db: DatabaseSync, id: number): { path: string; partial: boolean; parts: StoredPart[] } | null {
  const m = db.prepare('SELECT path, partial FROM messages WHERE id = ?').get(id) as { path: string; partial: number } | undefined;
  if (!m) return null;
  const rows = db
    .prepare('SELECT id, filename, content_type, size, content_id, part_id FROM attachments WHERE message_id = ? ORDER BY id')
    .all(id) as unknown as Array<{
    id: number;
    filename: string | null;
    content_type: string;
    size: number;
    content_id: string | null;
    part_id: string | null;
  }>;
  const parts = rows.map((r) => ({
    id: r.id,
    filename: r.filename,
    contentType: r.content_type,
    size: r.size,
    contentId: r.content_id,
    partId: r.part_id,
  }));
  return { path: m.path, partial: m.partial === 1, parts };
}

/** How many messages (Inbox and Trash) an account holds. */
export function accountMessageCount(db: DatabaseSync, accountId: number): number {
  return Number((db.prepare('SELECT COUNT(*) AS n FROM messages WHERE account_id = ?').get(accountId) as { n: number }).n);
}

/** Whether a message row refers to the file at `relativePath` (relative to the messages folder). */
export function pathInUse(db: DatabaseSync, relativePath: string): boolean {
  return prepared(db, 'SELECT 1 FROM messages WHERE path = ? LIMIT 1').get(relativePath) !== undefined;
}

/** Removes a message row, its attachments (by cascade) and its full-text row (an FTS5 table has no foreign key). */
export function deleteMessageRow(db: DatabaseSync, id: number): void {
  prepared(db, 'DELETE FROM messages_fts WHERE rowid = ?').run(id);
  prepared(db, 'DELETE FROM messages WHERE id = ?').run(id);
}

export function setRead(db: DatabaseSync, id: number, read: boolean): void {
  db.prepare('UPDATE messages SET read = ? WHERE id = ?').run(read ? 1 : 0, id);
}

/** Moves a message to Trash; with "delete when deleted here" the next session deletes it on the server. */
export function setDeletedLocally(db: DatabaseSync, id: number, deleted: boolean): void {
  db.prepare('UPDATE messages SET deleted_locally = ? WHERE id = ?').run(deleted ? 1 : 0, id);
}

function summary(row: Row): MessageSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    uidl: row.uidl,
    fromName: row.from_name,
    fromAddress: row.from_address,
    subject: row.subject,
    date: row.date,
    receivedAt: row.received_at,
    snippet: row.snippet,
    size: row.size,
    serverSize: row.server_size,
    partial: row.partial === 1,
    hasAttachments: row.has_attachments === 1,
    read: row.read === 1,
    deletedLocally: row.deleted_locally === 1,
    parseError: row.parse_error,
  };
}

/**
 * A user's search words as an FTS5 query: each word quoted (so FTS5 operators and
 * punctuation typed by the user are just text) and prefix-matched, all required. A word of
 * one character matches only itself: as a prefix it would match nearly every message, and
 * without a prefix index (which would double the index) FTS5 merges every term that starts
 * with it — 100 ms and more at 100,000 messages, for each first keystroke of a search.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words.map((w) => ([...w].length === 1 ? `"${w}"` : `"${w}"*`)).join(' ');
}

/** The words of a search, without the double quotes FTS5 would read as syntax. */
function searchWords(input: string): string[] {
  return input
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => w.length > 0);
}
