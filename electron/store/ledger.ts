// The UIDL ledger (DESIGN.md): per mailbox, every UIDL ever seen — when first seen, when
// stored locally, when deleted on the server. It is what makes "leave on server" safe and
// what proves a DELE is allowed: only a UIDL with stored_at may be deleted.
import type { DatabaseSync } from 'node:sqlite';

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

/** Every ledger entry of `mailboxKey`, by UIDL. */
export function ledgerEntries(db: DatabaseSync, mailboxKey: string): Map<string, LedgerEntry> {
  const rows = db
    .prepare(`SELECT l.uidl, l.first_seen_at, l.stored_at, l.message_row, l.deleted_on_server_at, m.partial, m.deleted_locally
      FROM ledger l LEFT JOIN messages m ON m.id = l.message_row WHERE l.mailbox_key = ?`)
    .all(mailboxKey) as unknown as Row[];
  const entries = new Map<string, LedgerEntry>();
  for (const r of rows) {
    entries.set(r.uidl, {
      uidl: r.uidl,
      firstSeenAt: r.first_seen_at,
      storedAt: r.stored_at,
      messageRow: r.message_row,
      deletedOnServerAt: r.deleted_on_server_at,
      partial: r.partial === 1,
      deletedLocally: r.deleted_locally === 1,
    });
  }
  return entries;
}

/** Records UIDLs seen for the first time (others are left as they are). */
export function recordSeen(db: DatabaseSync, mailboxKey: string, uidls: readonly string[], now: number): void {
  const insert = db.prepare('INSERT OR IGNORE INTO ledger (mailbox_key, uidl, first_seen_at) VALUES (?, ?, ?)');
  for (const uidl of uidls) insert.run(mailboxKey, uidl, now);
}

/** Marks a UIDL stored; call inside the transaction that inserts its message row. */
export function recordStored(db: DatabaseSync, mailboxKey: string, uidl: string, messageRow: number, now: number): void {
  db.prepare(`INSERT INTO ledger (mailbox_key, uidl, first_seen_at, stored_at, message_row) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (mailbox_key, uidl) DO UPDATE SET stored_at = excluded.stored_at, message_row = excluded.message_row`)
    .run(mailboxKey, uidl, now, now, messageRow);
}

/** After +OK to QUIT (RFC 1939 §6), or when UIDL no longer lists a stored message. */
export function recordDeletedOnServer(db: DatabaseSync, mailboxKey: string, uidls: readonly string[], now: number): void {
  const update = db.prepare('UPDATE ledger SET deleted_on_server_at = ? WHERE mailbox_key = ? AND uidl = ? AND deleted_on_server_at IS NULL');
  for (const uidl of uidls) update.run(now, mailboxKey, uidl);
}
