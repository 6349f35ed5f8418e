// Moving what Poplar knows of a mailbox from one key to another, merging with what the other key
// already holds: used when an account's settings change its key, and by the migration that gave
// every mailbox its normalised key (rekey-migration.ts), where two accounts may turn out to be
// one mailbox. Call inside a transaction.
import type { DatabaseSync } from 'node:sqlite';

/**
 * The ledger rows of `from` become rows of `to`. Where both know a UIDL, the earliest fact of
 * each kind wins, and a fact known to either is kept: a UIDL stored by either stays stored (or
 * it would be downloaded again, and under "delete after download" its DELE would wait on a copy
 * that already exists), first seen is the earlier sighting, and deleted on the server is the
 * earlier deletion (it is one mailbox: a message gone from it is gone). `COALESCE(MIN(a, b), a, b)`
 * is "the earlier of the two, or the one that is known": SQLite's two-argument min() is NULL as
 * soon as one side is.
 */
export function mergeLedger(db: DatabaseSync, from: string, to: string): void {
  if (from === to) return;
  db.prepare(
    `INSERT INTO ledger (mailbox_key, uidl, first_seen_at, stored_at, message_row, deleted_on_server_at)
      SELECT ?, uidl, first_seen_at, stored_at, message_row, deleted_on_server_at FROM ledger WHERE mailbox_key = ?
      ON CONFLICT (mailbox_key, uidl) DO UPDATE SET
        first_seen_at = MIN(first_seen_at, excluded.first_seen_at),
        stored_at = COALESCE(MIN(stored_at, excluded.stored_at), stored_at, excluded.stored_at),
        message_row = COALESCE(message_row, excluded.message_row),
        deleted_on_server_at = COALESCE(MIN(deleted_on_server_at, excluded.deleted_on_server_at), deleted_on_server_at, excluded.deleted_on_server_at)`,
  ).run(to, from);
  db.prepare('DELETE FROM ledger WHERE mailbox_key = ?').run(from);
}

/**
 * What was learnt of the server (mailboxes row) moves along; merged, the stricter fact wins:
 * the longer LOGIN-DELAY (RFC 2449 §6.5: logging in sooner is refused), UIDL support if either
 * saw it, and the EXPIRE policy of the latest login.
 */
export function mergeMailboxFacts(db: DatabaseSync, from: string, to: string): void {
  if (from === to) return;
  db.prepare(
    `INSERT INTO mailboxes (key, uidl_supported, login_delay_seconds, expire_days, last_login_at)
      SELECT ?, uidl_supported, login_delay_seconds, expire_days, last_login_at FROM mailboxes WHERE key = ?
      ON CONFLICT (key) DO UPDATE SET
        uidl_supported = COALESCE(MAX(uidl_supported, excluded.uidl_supported), uidl_supported, excluded.uidl_supported),
        login_delay_seconds = COALESCE(MAX(login_delay_seconds, excluded.login_delay_seconds), login_delay_seconds, excluded.login_delay_seconds),
        expire_days = CASE WHEN COALESCE(excluded.last_login_at, 0) > COALESCE(last_login_at, 0) THEN excluded.expire_days ELSE expire_days END,
        last_login_at = COALESCE(MAX(last_login_at, excluded.last_login_at), last_login_at, excluded.last_login_at)`,
  ).run(to, from);
  db.prepare('DELETE FROM mailboxes WHERE key = ?').run(from);
}

/** The session history of `from` is the history of `to`: diagnostics read it by key. */
export function moveSessions(db: DatabaseSync, from: string, to: string): void {
  if (from === to) return;
  db.prepare('UPDATE sessions SET mailbox_key = ? WHERE mailbox_key = ?').run(to, from);
}
