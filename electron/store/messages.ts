// Message rows, their attachments and the FTS5 index, and the list's queries: a folder's page in
// any of four orders, one row per conversation, quick filters and searches with operators. A row
// is written in the same transaction as its ledger entry (sync/store-message.ts), so a message
// is either stored with its UIDL or not at all.
import type { DatabaseSync } from 'node:sqlite';
import type { ConversationInfo, FolderRef } from '../../shared/contract.ts';
import { isEmptySearch, parseSearch } from '../../shared/search-query.ts';
import type { ParsedAddress } from '../mime/parse.ts';
import { folderCode, folderRefOf } from './folder-ref.ts';
import { searchSql } from './search-sql.ts';
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
  readonly flagged: boolean;
  /** Where it is filed; 'trash' when deleted here (whatever folder it came from). */
  readonly folder: FolderRef;
  readonly deletedLocally: boolean;
  readonly trashedAt: number | null;
  readonly threadId: number;
  /** On a conversation page's rows (listMessages with `conversations`); null otherwise. */
  readonly conversation: ConversationInfo | null;
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

export interface Row {
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
  flagged: number;
  folder: number;
  deleted_locally: number;
  trashed_at: number | null;
  thread_id: number | null;
  parse_error: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  to_json: string;
  cc_json: string;
}

export type SortKey = 'date' | 'sender' | 'subject' | 'size';

export interface MessageQuery {
  readonly accountId?: number;
  /** Words, phrases and operators (shared/search-query.ts). */
  readonly search?: string;
  /**
   * 'inbox', 'archive', a user folder's id: filed there and not deleted here; 'trash': deleted
   * here, from any folder. Without a folder, every folder; `includeDeleted` says whether Trash too.
   */
  readonly folder?: FolderRef;
  readonly includeDeleted?: boolean;
  /** The quick filter. */
  readonly only?: 'unread' | 'flagged' | 'attachments';
  /** Default 'date'. */
  readonly sort?: SortKey;
  /** Default true: newest, Z, largest first. */
  readonly descending?: boolean;
  /** One row per conversation: its newest message that the query lists, with ConversationInfo. */
  readonly conversations?: boolean;
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

/** The list's order key by date; messages_newest, messages_newest_in_account and the Trash indexes (migration 7) hold it. */
const DATE = (a: string): string => `COALESCE(${a}.date, ${a}.received_at)`;

/**
 * The order of each sort key, for alias `a`. Ties fall to the date, newest first, then the id,
 * so a page boundary never splits equal keys differently between two pages. The subject ignores
 * reply prefixes and list tags (thread_subject: the normalised subject of electron/store/threads.ts).
 */
function orderBy(sort: SortKey, descending: boolean, a: string): string {
  const dir = descending ? 'DESC' : 'ASC';
  const ties = `${DATE(a)} DESC, ${a}.id DESC`;
  switch (sort) {
    case 'date':
      return `${DATE(a)} ${dir}, ${a}.id ${dir}`;
    case 'sender':
      return `(CASE WHEN ${a}.from_name <> '' THEN ${a}.from_name ELSE ${a}.from_address END) COLLATE NOCASE ${dir}, ${a}.from_address COLLATE NOCASE ${dir}, ${ties}`;
    case 'subject':
      return `COALESCE(${a}.thread_subject, lower(${a}.subject)) ${dir}, ${ties}`;
    case 'size':
      return `COALESCE(${a}.server_size, ${a}.size) ${dir}, ${ties}`;
    default: {
      const unreachable: never = sort;
      return unreachable;
    }
  }
}

interface Where {
  readonly sql: string[];
  readonly args: Array<string | number>;
}

interface Filter {
  /** Conditions on the row of alias `a` (the same for the listed row and, in conversations, its thread's rows). */
  readonly where: (a: string) => Where;
  /** The table source: `messages m`, with the index hint the plan needs. */
  readonly from: string;
}

/** A folder's condition as constants where a partial index must see them (Trash: deleted_locally = 1). */
function folderWhere(query: MessageQuery, a: string): Where {
  const folder = query.folder;
  if (folder === undefined) return { sql: query.includeDeleted ? [] : [`${a}.deleted_locally = 0`], args: [] };
  if (folder === 'trash') return { sql: [`${a}.deleted_locally = 1`], args: [] };
  const code = folderCode(folder);
  return { sql: [`${a}.deleted_locally = 0`, `${a}.folder = ?`], args: [code] };
}

/** The WHERE clause of a query and the plan to run it by, shared by the list and its count so they always agree. */
function filter(db: DatabaseSync, query: MessageQuery): Filter {
  const account = query.accountId !== undefined;
  const parsed = query.search ? parseSearch(query.search) : null;
  const search = parsed !== null && !isEmptySearch(parsed) ? searchSql(parsed) : null;
  const unindexedLeft = search?.match != null && anyUnindexed(db);
  const where = (a: string): Where => {
    const sql: string[] = [];
    const args: Array<string | number> = [];
    if (query.accountId !== undefined) {
      sql.push(`${a}.account_id = ?`);
      args.push(query.accountId);
    }
    const f = folderWhere(query, a);
    sql.push(...f.sql);
    args.push(...f.args);
    if (query.only === 'unread') sql.push(`${a}.read = 0`);
    if (query.only === 'flagged') sql.push(`${a}.flagged = 1`);
    if (query.only === 'attachments') sql.push(`${a}.has_attachments = 1`);
    if (search === null) return { sql, args };
    if (search.match !== null) {
      // A search matches the full-text index, or — for a message whose analysis has not run yet
      // (indexed_at null: no full-text row so far, message-insert.ts) — its headers.
      // messages_unindexed keeps those rows few to read; usually there are none.
      const fullText = `${a}.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)`;
      if (unindexedLeft && search.unindexed !== null) {
        sql.push(`(${fullText} OR ${a}.id IN (SELECT u.id FROM messages u INDEXED BY messages_unindexed
          WHERE u.indexed_at IS NULL AND ${search.unindexed.sql}))`);
        args.push(search.match, ...search.unindexed.args);
      } else {
        sql.push(fullText);
        args.push(search.match);
      }
    }
    const rest = search.conditions(a);
    sql.push(...rest.sql);
    args.push(...rest.args);
    return { sql, args };
  };
  const byDate = (query.sort ?? 'date') === 'date';
  let from = 'messages m';
  if (search?.match != null && fewHits(db, search.match)) from = 'messages m NOT INDEXED';
  else if (byDate && query.folder !== undefined) from = `messages m INDEXED BY ${orderIndex(query.folder === 'trash', account)}`;
  else if (byDate && query.folder === undefined && !query.includeDeleted) from = `messages m INDEXED BY ${orderIndex(false, account)}`;
  return { where, from };
}

function orderIndex(trash: boolean, account: boolean): string {
  if (trash) return account ? 'messages_trash_in_account' : 'messages_trash';
  return account ? 'messages_newest_in_account' : 'messages_newest';
}

function anyUnindexed(db: DatabaseSync): boolean {
  return prepared(db, 'SELECT 1 FROM messages INDEXED BY messages_unindexed WHERE indexed_at IS NULL LIMIT 1').get() !== undefined;
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

/**
 * In conversations, a row is listed when no other row of its thread that the query lists is
 * newer (date, then id): the newest of each thread. messages_by_thread finds the thread's rows.
 */
function newestOfThread(f: Filter): Where {
  const n = f.where('n');
  const newer = `(${DATE('n')} > ${DATE('m')} OR (${DATE('n')} = ${DATE('m')} AND n.id > m.id))`;
  return {
    sql: [
      `NOT EXISTS (SELECT 1 FROM messages n INDEXED BY messages_by_thread WHERE n.account_id = m.account_id AND n.thread_id = m.thread_id
      AND n.id <> m.id AND ${newer}${n.sql.map((c) => ` AND ${c}`).join('')})`,
    ],
    args: n.args,
  };
}

function statement(f: Filter, query: MessageQuery, kind: 'list' | 'count'): { sql: string; args: Array<string | number> } {
  const m = f.where('m');
  const thread = query.conversations && kind === 'list' ? newestOfThread(f) : { sql: [], args: [] };
  const sql = [...m.sql, ...thread.sql];
  const where = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
  const args = [...m.args, ...thread.args];
  if (kind === 'count') {
    // Each conversation the query lists has exactly one newest row: counting threads counts those rows.
    const what = query.conversations ? 'COUNT(DISTINCT m.thread_id)' : 'COUNT(*)';
    return { sql: `SELECT ${what} AS n FROM ${f.from} ${where}`, args };
  }
  return {
    sql: `SELECT m.* FROM ${f.from} ${where} ORDER BY ${orderBy(query.sort ?? 'date', query.descending ?? true, 'm')} LIMIT ? OFFSET ?`,
    args: [...args, query.limit ?? 500, query.offset ?? 0],
  };
}

/** A page of the list in the query's order; with `search`, only messages that match it. */
export function listMessages(db: DatabaseSync, query: MessageQuery = {}): MessageSummary[] {
  const s = statement(filter(db, query), query, 'list');
  const rows = (prepared(db, s.sql).all(...s.args) as unknown as Row[]).map(summary);
  return query.conversations ? withConversations(db, query, rows) : rows;
}

/** How many rows `listMessages` would list without its limit and offset (in conversations: how many conversations). */
export function countMessages(db: DatabaseSync, query: MessageQuery = {}): number {
  const s = statement(filter(db, query), query, 'count');
  const row = prepared(db, s.sql).get(...s.args) as { n: number };
  return Number(row.n);
}

/** The most senders a conversation row names. */
const MAX_PARTICIPANTS = 4;

/**
 * Each row's conversation in the folder listed (the search and the quick filter pick the rows,
 * not what the conversation counts): how many messages, how many unread, who wrote, oldest first.
 */
function withConversations(db: DatabaseSync, query: MessageQuery, rows: MessageSummary[]): MessageSummary[] {
  const folder = folderWhere(query, 't');
  const sql = `SELECT t.read, t.from_name, t.from_address FROM messages t INDEXED BY messages_by_thread
    WHERE t.account_id = ? AND t.thread_id = ?${folder.sql.map((c) => ` AND ${c}`).join('')} ORDER BY ${DATE('t')}, t.id`;
  return rows.map((r) => {
    const members = prepared(db, sql).all(r.accountId, r.threadId, ...folder.args) as unknown as Array<{
      read: number;
      from_name: string;
      from_address: string;
    }>;
    const participants: string[] = [];
    for (const p of members) {
      const name = p.from_name.trim() || p.from_address;
      if (name !== '' && !participants.includes(name) && participants.length < MAX_PARTICIPANTS) participants.push(name);
    }
    const conversation: ConversationInfo = {
      threadId: r.threadId,
      count: Math.max(1, members.length),
      unread: members.filter((p) => p.read === 0).length,
      participants,
    };
    return { ...r, conversation };
  });
}

/** SQLite's plan for the list and the count of `query` (EXPLAIN QUERY PLAN), one line per step: for tests. */
export function queryPlans(db: DatabaseSync, query: MessageQuery = {}): { list: string[]; count: string[] } {
  const f = filter(db, query);
  const plan = (s: { sql: string; args: Array<string | number> }): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args) as unknown as Array<{ detail: string }>).map((r) => r.detail);
  return { list: plan(statement(f, query, 'list')), count: plan(statement(f, query, 'count')) };
}

/** Unread messages in each account's Inbox (other folders and Trash do not count), by account id. */
export function unreadCounts(db: DatabaseSync): Map<number, number> {
  const rows = prepared(
    db,
    'SELECT account_id AS a, COUNT(*) AS n FROM messages INDEXED BY messages_unread WHERE read = 0 AND deleted_locally = 0 AND folder = 0 GROUP BY account_id',
  ).all() as unknown as Array<{ a: number; n: number }>;
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

/**
 * Moves a message to Trash (or out of it, back to the folder it came from); with "delete when
 * deleted here" the next session deletes it on the server. message-state.ts is the window's way.
 */
export function setDeletedLocally(db: DatabaseSync, id: number, deleted: boolean, now = Date.now()): void {
  prepared(db, 'UPDATE messages SET deleted_locally = ?, trashed_at = ? WHERE id = ?').run(deleted ? 1 : 0, deleted ? now : null, id);
}

export function summary(row: Row): MessageSummary {
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
    flagged: row.flagged === 1,
    folder: folderRefOf(row.deleted_locally, row.folder),
    deletedLocally: row.deleted_locally === 1,
    trashedAt: row.trashed_at,
    threadId: row.thread_id ?? row.id,
    conversation: null,
    parseError: row.parse_error,
  };
}
