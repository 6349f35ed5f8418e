// Message rows, their attachments and the FTS5 index. A row is written in the same
// transaction as its ledger entry (sync/store-message.ts), so a message is either stored
// with its UIDL or not at all.
import type { DatabaseSync } from 'node:sqlite';
import type { ParsedAddress, ParsedMessage } from '../mime/parse.ts';
import { prepared } from './statements.ts';

/** Bounds the text put in the index: enough for any real body, never a 100 MB text part. */
const INDEXED_BODY_CHARS = 256 * 1024;

export interface NewMessage {
  readonly accountId: number;
  readonly uidl: string | null;
  /** Relative to the profile's messages folder. */
  readonly path: string;
  readonly size: number;
  readonly serverSize: number | null;
  readonly partial: boolean;
  readonly receivedAt: number;
  readonly parsed: ParsedMessage;
}

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

const addresses = (list: readonly ParsedAddress[]): string => list.map((a) => `${a.name} ${a.address}`.trim()).join(' ');

/** Inserts the message, its attachments and its index entry; returns the row id. */
export function insertMessage(db: DatabaseSync, m: NewMessage): number {
  const p = m.parsed;
  const from = p.from[0] ?? { name: '', address: '' };
  const result = prepared(
    db,
    `INSERT INTO messages (account_id, uidl, path, size, server_size, partial, message_id, in_reply_to, from_name, from_address,
      to_json, cc_json, subject, date, received_at, snippet, has_attachments, has_html, parse_error)
      VALUES (:account_id, :uidl, :path, :size, :server_size, :partial, :message_id, :in_reply_to, :from_name, :from_address,
      :to_json, :cc_json, :subject, :date, :received_at, :snippet, :has_attachments, :has_html, :parse_error)`,
  ).run({
    account_id: m.accountId,
    uidl: m.uidl,
    path: m.path,
    size: m.size,
    server_size: m.serverSize,
    partial: m.partial ? 1 : 0,
    message_id: p.messageId,
    in_reply_to: p.inReplyTo,
    from_name: from.name,
    from_address: from.address,
    to_json: JSON.stringify(p.to),
    cc_json: JSON.stringify(p.cc),
    subject: p.subject,
    date: p.date,
    received_at: m.receivedAt,
    snippet: p.snippet,
    has_attachments: p.hasAttachments ? 1 : 0,
    has_html: p.html !== null ? 1 : 0,
    parse_error: p.parseError,
  });
  const id = Number(result.lastInsertRowid);
  const attach = prepared(
    db,
    'INSERT INTO attachments (message_id, filename, content_type, size, content_id, part_id, inline) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of p.attachments) attach.run(id, a.filename, a.contentType, a.size, a.contentId, a.partId, a.inline ? 1 : 0);
  prepared(db, 'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)').run(
    id,
    p.subject,
    [addresses(p.from), addresses(p.to), addresses(p.cc)].join(' '),
    p.text.slice(0, INDEXED_BODY_CHARS),
  );
  return id;
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

/** The WHERE clause of a query, shared by the list and its count so they always agree. */
function filter(query: MessageQuery): { sql: string; args: Array<string | number> } {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (query.accountId !== undefined) {
    where.push('m.account_id = ?');
    args.push(query.accountId);
  }
  if (query.folder === 'trash') where.push('m.deleted_locally = 1');
  else if (query.folder === 'inbox' || !query.includeDeleted) where.push('m.deleted_locally = 0');
  const match = query.search ? ftsQuery(query.search) : null;
  if (match !== null) {
    where.push('m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
    args.push(match);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** Newest first; with `search`, only messages whose subject, addresses or text match. */
export function listMessages(db: DatabaseSync, query: MessageQuery = {}): MessageSummary[] {
  const { sql: where, args } = filter(query);
  const sql = `SELECT m.* FROM messages m ${where}
    ORDER BY COALESCE(m.date, m.received_at) DESC, m.id DESC LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...args, query.limit ?? 500, query.offset ?? 0) as unknown as Row[]).map(summary);
}

/** How many messages `listMessages` would list without its limit and offset. */
export function countMessages(db: DatabaseSync, query: MessageQuery = {}): number {
  const { sql: where, args } = filter(query);
  const row = db.prepare(`SELECT COUNT(*) AS n FROM messages m ${where}`).get(...args) as { n: number };
  return Number(row.n);
}

/** Unread messages in each account's inbox (Trash does not count), by account id. */
export function unreadCounts(db: DatabaseSync): Map<number, number> {
  const rows = db
    .prepare('SELECT account_id AS a, COUNT(*) AS n FROM messages WHERE read = 0 AND deleted_locally = 0 GROUP BY account_id')
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
 * punctuation typed by the user are just text) and prefix-matched, all required.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
