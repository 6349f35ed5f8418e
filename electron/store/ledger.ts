// The UIDL ledger (DESIGN.md): per mailbox, every UIDL ever seen — when first seen, when
// stored locally, when deleted on the server. It is what makes "leave on server" safe and
// what proves a DELE is allowed: only a UIDL with stored_at may be deleted.
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './statements.ts';

export interface LedgerEntry {
  readonly uidl: string;
  readonly firstSeenAt: number;
  readonly storedAt: number | null;
  readonly messageRow: number | null;
  readonly deletedOnServerAt: number | null;
  /** The message is stored only as headers (TOP), so the server copy is the only full one. */
  readonly partial: boolean;
  readonly deletedLocally: boolean;
}

interface Row {
  uidl: string;
  first_seen_at: number;
  stored_at: number | null;
  message_row: number | null;
  deleted_on_server_at: number | null;
  partial: number | null;
  deleted_locally: number | null;
}

/**
 * The flags of the message an entry stored: from its row, or — for a message deleted
 * permanently here (removed_at, migration 7), whose row is gone — from the entry itself: it
 * counts as deleted here, and stays partial if it was.
 */
const FLAGS = `CASE WHEN l.message_row IS NULL AND l.removed_at IS NOT NULL THEN l.removed_partial ELSE m.partial END AS partial,
  CASE WHEN l.message_row IS NULL AND l.removed_at IS NOT NULL THEN 1 ELSE m.deleted_locally END AS deleted_locally`;

/** A mailbox's ledger rows with the flags of the message each one stored; callers add conditions. */
const ENTRIES = `SELECT l.uidl, l.first_seen_at, l.stored_at, l.message_row, l.deleted_on_server_at, ${FLAGS}
  FROM ledger l LEFT JOIN messages m ON m.id = l.message_row WHERE l.mailbox_key = ?`;

function toEntry(r: Row): LedgerEntry {
  return {
    uidl: r.uidl,
    firstSeenAt: r.first_seen_at,
    storedAt: r.stored_at,
    messageRow: r.message_row,
    deletedOnServerAt: r.deleted_on_server_at,
    partial: r.partial === 1,
    deletedLocally: r.deleted_locally === 1,
  };
}

/** Every ledger entry of `mailboxKey`, by UIDL. */
export function ledgerEntries(db: DatabaseSync, mailboxKey: string): Map<string, LedgerEntry> {
  const rows = db.prepare(ENTRIES).all(mailboxKey) as unknown as Row[];
  return new Map(rows.map((r) => [r.uidl, toEntry(r)]));
}

/** Records UIDLs seen for the first time (others are left as they are). */
export function recordSeen(db: DatabaseSync, mailboxKey: string, uidls: readonly string[], now: number): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO ledger (mailbox_key, uidl, first_seen_at) VALUES (?, ?, ?)');
  for (const uidl of uidls) insert.run(mailboxKey, uidl, now);
}

/** Marks a UIDL stored; call inside the transaction that inserts its message row. */
export function recordStored(db: DatabaseSync, mailboxKey: string, uidl: string, messageRow: number, now: number): void {
  prepared(
    db,
    `INSERT INTO ledger (mailbox_key, uidl, first_seen_at, stored_at, message_row) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (mailbox_key, uidl) DO UPDATE SET stored_at = excluded.stored_at, message_row = excluded.message_row`,
  ).run(mailboxKey, uidl, now, now, messageRow);
}

/** After +OK to QUIT (RFC 1939 §6), or when UIDL no longer lists a stored message. */
export function recordDeletedOnServer(db: DatabaseSync, mailboxKey: string, uidls: readonly string[], now: number): void {
  const update = prepared(
    db,
    'UPDATE ledger SET deleted_on_server_at = ? WHERE mailbox_key = ? AND uidl = ? AND deleted_on_server_at IS NULL',
  );
  for (const uidl of uidls) update.run(now, mailboxKey, uidl);
}

/**
 * A ledger key made from a message's content, for a message whose UIDL cannot be trusted
 * (store/listing.ts). It holds a space, which no UIDL can (RFC 1939 §7; the UIDL line is split
 * on whitespace), so it can never be mistaken for, or collide with, a server's UIDL.
 */
export function contentKey(sha256Hex: string): string {
  return `sha256 ${sha256Hex}`;
}

/** Content keys never appear in a server listing; the diff below must leave them alone. */
const SERVER_UIDL = "instr(uidl, ' ') = 0";

/**
 * The ledger diff of one session, in SQL against the listing table (store/listing.ts), so no
 * listing or ledger is held in memory: stored messages no longer listed were deleted on the
 * server (by someone else, or by our own QUIT whose +OK we did not live to record), and UIDLs
 * listed for the first time are recorded as seen. Only UIDLs that key their message count.
 */
export function recordListing(db: DatabaseSync, mailboxKey: string, listingTable: string, now: number): string[] {
  // Seen, never stored, and gone from the server: a crash between a file's rename and its
  // commit may have left that message's .eml behind, and no later download will overwrite it.
  // Returned (once: they are marked deleted on the server now) for the caller to remove.
  const vanished = (
    db
      .prepare(
        `SELECT uidl FROM ledger WHERE mailbox_key = ? AND stored_at IS NULL AND deleted_on_server_at IS NULL
    AND ${SERVER_UIDL} AND uidl NOT IN (SELECT uidl FROM ${listingTable})`,
      )
      .all(mailboxKey) as unknown as Array<{ uidl: string }>
  ).map((r) => r.uidl);
  db.prepare(
    `UPDATE ledger SET deleted_on_server_at = ? WHERE mailbox_key = ? AND stored_at IS NULL AND deleted_on_server_at IS NULL
    AND ${SERVER_UIDL} AND uidl NOT IN (SELECT uidl FROM ${listingTable})`,
  ).run(now, mailboxKey);
  db.prepare(
    `UPDATE ledger SET deleted_on_server_at = ? WHERE mailbox_key = ? AND stored_at IS NOT NULL AND deleted_on_server_at IS NULL
    AND ${SERVER_UIDL} AND uidl NOT IN (SELECT uidl FROM ${listingTable})`,
  ).run(now, mailboxKey);
  db.prepare(
    `INSERT OR IGNORE INTO ledger (mailbox_key, uidl, first_seen_at) SELECT ?, uidl, ? FROM ${listingTable} WHERE keyed_by = 'uidl'`,
  ).run(mailboxKey, now);
  return vanished;
}

/** One listed message with what the ledger knows of it (when its UIDL keys it). */
export interface ListedWithLedger {
  readonly msg: number;
  readonly uidl: string;
  readonly size: number | null;
  readonly keyedBy: 'uidl' | 'content';
  /** Null for content-keyed messages (their key is known only once downloaded). */
  readonly entry: LedgerEntry | null;
}

interface ListedRow extends Partial<Row> {
  msg: number;
  l_uidl: string;
  size: number | null;
  keyed_by: 'uidl' | 'content';
}

/**
 * Listed messages after message number `after`, in order, at most `limit`, with their ledger
 * entries. With `onlyUnstored`, only those a session may have to download: content-keyed ones,
 * ones never stored, and partial ones (the caller keeps those the user asked to complete).
 */
export function listedPage(
  db: DatabaseSync,
  mailboxKey: string,
  listingTable: string,
  after: number,
  limit: number,
  onlyUnstored: boolean,
): ListedWithLedger[] {
  const rows = db
    .prepare(
      `SELECT t.msg, t.uidl AS l_uidl, t.size, t.keyed_by, l.uidl, l.first_seen_at, l.stored_at, l.message_row, l.deleted_on_server_at,
      ${FLAGS}
    FROM ${listingTable} t
    LEFT JOIN ledger l ON t.keyed_by = 'uidl' AND l.mailbox_key = ? AND l.uidl = t.uidl
    LEFT JOIN messages m ON m.id = l.message_row
    WHERE t.msg > ? ${onlyUnstored ? "AND (t.keyed_by = 'content' OR l.stored_at IS NULL OR m.partial = 1)" : ''}
    ORDER BY t.msg LIMIT ?`,
    )
    .all(mailboxKey, after, limit) as unknown as ListedRow[];
  return rows.map((r) => ({
    msg: Number(r.msg),
    uidl: r.l_uidl,
    size: r.size === null ? null : Number(r.size),
    keyedBy: r.keyed_by,
    entry: r.keyed_by === 'uidl' && r.uidl != null ? toEntry(r as Row) : null,
  }));
}

/** The ledger entry under `key` (a UIDL or a content key), or null. */
export function ledgerEntry(db: DatabaseSync, mailboxKey: string, key: string): LedgerEntry | null {
  const row = prepared(db, `${ENTRIES} AND l.uidl = ?`).get(mailboxKey, key) as Row | undefined;
  return row ? toEntry(row) : null;
}

/**
 * Files of messages stored under a UIDL that the listing now gives to more than one message
 * (a server that reused it): their content keys are computed from these files, so the copy
 * already here is recognised instead of being stored a second time.
 */
export function storedUnderSharedUidl(db: DatabaseSync, mailboxKey: string, listingTable: string): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT m.path FROM ${listingTable} t
    JOIN ledger l ON l.mailbox_key = ? AND l.uidl = t.uidl
    JOIN messages m ON m.id = l.message_row
    WHERE t.keyed_by = 'content' AND l.stored_at IS NOT NULL AND m.partial = 0`,
    )
    .all(mailboxKey) as unknown as Array<{ path: string }>;
  return rows.map((r) => r.path);
}
