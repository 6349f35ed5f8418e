// The largest message the account's outgoing server takes, as its EHLO announced it (SIZE,
// RFC 1870 §4) at the last connection that got that far; migration 12 says why it is kept.
import type { DatabaseSync } from 'node:sqlite';

/** The SIZE last announced, in bytes; null when unknown (never connected, not announced, server changed). */
export function smtpSizeLimit(db: DatabaseSync, accountId: number): number | null {
  const row = db.prepare('SELECT smtp_size_limit AS n FROM accounts WHERE id = ?').get(accountId) as { n: number | null } | undefined;
  return row?.n ?? null;
}

/** What a connection's EHLO said: a number, or null for SIZE without one or no SIZE at all. */
export function recordSmtpSize(db: DatabaseSync, accountId: number, bytes: number | null): void {
  db.prepare('UPDATE accounts SET smtp_size_limit = ? WHERE id = ?').run(bytes !== null && bytes > 0 ? bytes : null, accountId);
}

/** Why a message of `bytes` cannot go to a server that takes at most `limit`; null when it fits or the limit is unknown. */
export function oversizeProblem(bytes: number, limit: number | null): string | null {
  if (limit === null || bytes <= limit) return null;
  const size = (n: number): string => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
  return `The message is ${size(bytes)}, larger than the ${size(limit)} the outgoing server accepts: remove or shrink attachments.`;
}
