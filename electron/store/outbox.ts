// The durable outbox: each change of state is one UPDATE guarded by the state it leaves, so a
// transition the state machine (outbox-states.ts) forbids, or one raced by another
// process, changes nothing. Recorded before the network is touched: enqueue before any
// connection, markSending before DATA.
import type { DatabaseSync } from 'node:sqlite';
import { backoffMs, nextState, recoveredState, type OutboxEvent, type OutboxState, type SmtpFailureKind } from './outbox-states.ts';

export interface OutboxItem {
  readonly id: number;
  readonly accountId: number;
  readonly messageId: string;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly failureKind: SmtpFailureKind | null;
  readonly failureResponse: string | null;
}

interface Row {
  id: number;
  account_id: number;
  message_id: string;
  envelope: string;
  raw: Uint8Array;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number | null;
  failure_kind: SmtpFailureKind | null;
  failure_response: string | null;
}

function item(row: Row): OutboxItem {
  return {
    id: row.id,
    accountId: row.account_id,
    messageId: row.message_id,
    envelope: JSON.parse(row.envelope) as OutboxItem['envelope'],
    raw: Buffer.from(row.raw),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    failureKind: row.failure_kind,
    failureResponse: row.failure_response,
  };
}

export function enqueue(
  db: DatabaseSync,
  accountId: number,
  composed: { raw: Buffer; messageId: string; envelope: OutboxItem['envelope'] },
  now: number,
  /** The undo-send hold: not taken by a sender before this time; null: at once. */
  notBefore: number | null = null,
): number {
  const result = db
    .prepare(
      `INSERT INTO outbox (account_id, message_id, envelope, raw, state, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
    )
    .run(accountId, composed.messageId, JSON.stringify(composed.envelope), composed.raw, notBefore, now, now);
  return Number(result.lastInsertRowid);
}

export function getItem(db: DatabaseSync, id: number): OutboxItem | null {
  const row = db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  return row === undefined ? null : item(row);
}

/** The next item of the account that is due to be sent, oldest first; null when none. */
/**
 * Due now (two `?` for now): queued and past its undo-send hold, if it has one, or waiting to
 * retry and past its time. A move to 'queued' (retry now, send again) clears the time.
 */
const DUE = `((state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) OR (state = 'retry' AND next_attempt_at <= ?))`;

export function nextDue(db: DatabaseSync, accountId: number, now: number): OutboxItem | null {
  const row = db
    .prepare(
      `SELECT * FROM outbox WHERE account_id = ? AND ${DUE}
       ORDER BY id LIMIT 1`,
    )
    .get(accountId, now, now) as Row | undefined;
  return row === undefined ? null : item(row);
}

/**
 * Apply an event; true when the item moved. A failure counts an attempt and, for a retry,
 * sets the next attempt's time by the backoff.
 */
export function applyEvent(db: DatabaseSync, id: number, event: OutboxEvent, now: number, response: string | null = null): boolean {
  const current = getItem(db, id);
  if (current === null) return false;
  // The attempt that failed is the one the store counted at 'start', whatever the caller says.
  const next = nextState(current.state, event.type === 'failure' ? { ...event, attempt: current.attempts } : event);
  if (next === null) return false;
  const attempts = event.type === 'start' ? current.attempts + 1 : current.attempts;
  const failure = event.type === 'failure' ? event.kind : next === 'queued' || next === 'sent' ? null : current.failureKind;
  const nextAttemptAt = next === 'retry' ? now + backoffMs(attempts) : null;
  const result = db
    .prepare(
      `UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, failure_kind = ?, failure_response = ?, updated_at = ?
       WHERE id = ? AND state = ?`,
    )
    .run(next, attempts, nextAttemptAt, failure, event.type === 'failure' ? response : null, now, id, current.state);
  return Number(result.changes) === 1;
}

/** At start: items left in 'sending' by a crash become 'unknown'. Returns how many. */
export function recoverAfterCrash(db: DatabaseSync, now: number): number {
  const from: OutboxState = 'sending';
  const result = db.prepare(`UPDATE outbox SET state = ?, updated_at = ? WHERE state = ?`).run(recoveredState(from), now, from);
  return Number(result.changes);
}

/** Items not yet sent (Sent holds the others), of one account or all (null), oldest first. */
export function listPending(db: DatabaseSync, accountId: number | null): OutboxItem[] {
  const rows = (accountId === null
    ? db.prepare(`SELECT * FROM outbox WHERE state <> 'sent' ORDER BY id`).all()
    : db.prepare(`SELECT * FROM outbox WHERE account_id = ? AND state <> 'sent' ORDER BY id`).all(accountId)) as unknown as Row[];
  return rows.map(item);
}

/** Accounts with an item due now, and the earliest time a waiting one falls due (null: none waits). */
export function dueSummary(db: DatabaseSync, now: number): { due: number[]; nextAt: number | null } {
  const due = db.prepare(`SELECT DISTINCT account_id AS a FROM outbox WHERE ${DUE}`).all(now, now) as { a: number }[];
  const next = db
    .prepare(`SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state IN ('queued', 'retry') AND next_attempt_at > ?`)
    .get(now) as { t: number | null };
  return { due: due.map((r) => r.a), nextAt: next.t };
}

/** Takes an item out of the outbox when it is not being sent nor sent; true when it was removed. */
export function removeUnsent(db: DatabaseSync, id: number): boolean {
  const result = db.prepare(`DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'retry', 'failed', 'unknown')`).run(id);
  return Number(result.changes) === 1;
}
