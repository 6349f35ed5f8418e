// Writing message rows, in two steps (issue 13):
//
//   1. insertListedMessage — at download, in the same transaction as the ledger entry: the row
//      from the header pass (mime/header-summary.ts), in its conversation (threads.ts). The
//      message is listed from this moment, and a DELE may follow. `indexed_at` is null.
//   2. recordAnalysis — later, from the analysis workers (electron/analysis/): the full MIME
//      analysis (text, snippet, parts) and the full-text row; `indexed_at` is set in the same
//      transaction, so a crash in between leaves the row to be analysed again, never half done.
//
// insertMessage does both at once, for callers that already have the full analysis.
import type { DatabaseSync } from 'node:sqlite';
import type { HeaderSummary } from '../mime/header-summary.ts';
import type { ParsedAddress, ParsedMessage } from '../mime/parse.ts';
import { prepared } from './statements.ts';
import { chooseThread, settleThread, subjectKey } from './threads.ts';

/** Bounds the text put in the index: enough for any real body, never a 100 MB text part. */
const INDEXED_BODY_CHARS = 256 * 1024;

export interface ListedMessage {
  readonly accountId: number;
  readonly uidl: string | null;
  /** Relative to the profile's messages folder. */
  readonly path: string;
  readonly size: number;
  readonly serverSize: number | null;
  readonly partial: boolean;
  readonly receivedAt: number;
  readonly headers: HeaderSummary;
}

export interface NewMessage extends Omit<ListedMessage, 'headers'> {
  readonly parsed: ParsedMessage;
}

/** A row still waiting for its analysis. */
export interface UnindexedMessage {
  readonly id: number;
  readonly path: string;
  readonly partial: boolean;
  readonly size: number;
}

const addresses = (list: readonly ParsedAddress[]): string => list.map((a) => `${a.name} ${a.address}`.trim()).join(' ');

/**
 * Inserts the row of a message whose headers are read, in its conversation (threads.ts); returns
 * its id. Its analysis comes later (recordAnalysis).
 */
export function insertListedMessage(db: DatabaseSync, m: ListedMessage): number {
  const h = m.headers;
  const from = h.from[0] ?? { name: '', address: '' };
  const thread = chooseThread(db, {
    accountId: m.accountId,
    messageId: h.messageId,
    inReplyTo: h.inReplyTo,
    references: h.references,
    subject: h.subject,
    at: h.date ?? m.receivedAt,
  });
  const result = prepared(
    db,
    `INSERT INTO messages (account_id, uidl, path, size, server_size, partial, message_id, in_reply_to, from_name, from_address,
      to_json, cc_json, subject, date, received_at, has_attachments, thread_id, thread_subject, references_json)
      VALUES (:account_id, :uidl, :path, :size, :server_size, :partial, :message_id, :in_reply_to, :from_name, :from_address,
      :to_json, :cc_json, :subject, :date, :received_at, :has_attachments, :thread_id, :thread_subject, :references_json)`,
  ).run({
    account_id: m.accountId,
    uidl: m.uidl,
    path: m.path,
    size: m.size,
    server_size: m.serverSize,
    partial: m.partial ? 1 : 0,
    message_id: h.messageId,
    in_reply_to: h.inReplyTo,
    from_name: from.name,
    from_address: from.address,
    to_json: JSON.stringify(h.to),
    cc_json: JSON.stringify(h.cc),
    subject: h.subject,
    date: h.date,
    received_at: m.receivedAt,
    has_attachments: h.hasAttachments ? 1 : 0,
    // null: a thread of its own (migration 7's trigger sets the row's id).
    thread_id: thread.threadId,
    thread_subject: thread.subjectKey,
    references_json: JSON.stringify(h.references),
  });
  const id = Number(result.lastInsertRowid);
  settleThread(db, id, m.accountId, thread);
  return id;
}

/**
 * Stores a message's full analysis: the header fields as mailparser read them (the reference;
 * the header pass is a fast first reading), snippet, parts and the full-text row, and marks the
 * row analysed. False when the row is gone (deleted meanwhile) or already analysed: nothing is
 * written twice. Call inside a transaction when recording several.
 */
export function recordAnalysis(db: DatabaseSync, id: number, p: ParsedMessage, now: number): boolean {
  const from = p.from[0] ?? { name: '', address: '' };
  const changed = prepared(
    db,
    `UPDATE messages SET message_id = :message_id, in_reply_to = :in_reply_to, from_name = :from_name, from_address = :from_address,
      to_json = :to_json, cc_json = :cc_json, subject = :subject, thread_subject = :thread_subject, date = :date, snippet = :snippet,
      has_attachments = :has_attachments, has_html = :has_html, parse_error = :parse_error, indexed_at = :now
      WHERE id = :id AND indexed_at IS NULL`,
  ).run({
    id,
    message_id: p.messageId,
    in_reply_to: p.inReplyTo,
    from_name: from.name,
    from_address: from.address,
    to_json: JSON.stringify(p.to),
    cc_json: JSON.stringify(p.cc),
    subject: p.subject,
    // The conversation stays as the insert found it; only a later subject look-up reads this.
    thread_subject: subjectKey(p.subject).key,
    date: p.date,
    snippet: p.snippet,
    has_attachments: p.hasAttachments ? 1 : 0,
    has_html: p.html !== null ? 1 : 0,
    parse_error: p.parseError,
    now,
  });
  if (Number(changed.changes) === 0) return false;
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
  return true;
}

/** Inserts a message with its analysis (row, parts, full-text row); returns the row id. */
export function insertMessage(db: DatabaseSync, m: NewMessage): number {
  const { parsed, ...listed } = m;
  const id = insertListedMessage(db, { ...listed, headers: parsed });
  recordAnalysis(db, id, parsed, m.receivedAt);
  return id;
}

/** Rows waiting for their analysis, oldest first (the order they were stored), after row `afterId`. */
export function unindexedMessages(db: DatabaseSync, limit: number, afterId = 0): UnindexedMessage[] {
  const rows = prepared(db, 'SELECT id, path, partial, size FROM messages WHERE indexed_at IS NULL AND id > ? ORDER BY id LIMIT ?').all(
    afterId,
    limit,
  ) as unknown as Array<{ id: number; path: string; partial: number; size: number }>;
  return rows.map((r) => ({ id: r.id, path: r.path, partial: r.partial === 1, size: r.size }));
}

/** Whether row `id` still waits for its analysis. */
export function isUnindexed(db: DatabaseSync, id: number): boolean {
  return prepared(db, 'SELECT 1 FROM messages WHERE id = ? AND indexed_at IS NULL').get(id) !== undefined;
}

/**
 * Marks a row analysed without an analysis: its file could not be analysed at all (the
 * analysis crashed on it twice). It stays listed and searchable by subject and addresses;
 * `parse_error` says why its text is missing.
 */
export function recordAnalysisFailure(db: DatabaseSync, id: number, reason: string, now: number): boolean {
  const changed = prepared(db, 'UPDATE messages SET parse_error = ?, indexed_at = ? WHERE id = ? AND indexed_at IS NULL').run(
    reason,
    now,
    id,
  );
  if (Number(changed.changes) === 0) return false;
  const row = prepared(db, 'SELECT subject, from_name, from_address, to_json, cc_json FROM messages WHERE id = ?').get(id) as {
    subject: string;
    from_name: string;
    from_address: string;
    to_json: string;
    cc_json: string;
  };
  const others = [...(JSON.parse(row.to_json) as ParsedAddress[]), ...(JSON.parse(row.cc_json) as ParsedAddress[])];
  prepared(db, 'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)').run(
    id,
    row.subject,
    [`${row.from_name} ${row.from_address}`.trim(), addresses(others)].join(' '),
    '',
  );
  return true;
}
