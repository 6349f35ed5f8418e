// The user's "load remote content" choices for HTML mail (DESIGN.md, "The renderer"): remote
// images and other remote content stay blocked until allowed for one message or for a sender.
// A sender is the From address as written in the message; it can be forged like any header,
// which is why the window offers "this message" beside "this sender", as other mail clients do.
import type { DatabaseSync } from 'node:sqlite';

export type RemoteContentScope = 'message' | 'sender';

/** Allows remote content for message `messageId`, or for every message from its sender. */
export function allowRemoteContent(db: DatabaseSync, scope: RemoteContentScope, messageId: number, fromAddress: string, now: number): void {
  if (scope === 'message') {
    db.prepare(
      `INSERT INTO remote_content_allowed (kind, value, message_row, allowed_at) VALUES ('message', ?, ?, ?)
      ON CONFLICT (kind, value) DO UPDATE SET message_row = excluded.message_row, allowed_at = excluded.allowed_at`,
    ).run(String(messageId), messageId, now);
    return;
  }
  const sender = fromAddress.trim().toLowerCase();
  // A message without a From address has no sender to trust; allowing "everyone without an
  // address" would let any such mail load remote content.
  if (sender === '') throw new RangeError('this message has no sender address to allow');
  db.prepare(
    `INSERT INTO remote_content_allowed (kind, value, message_row, allowed_at) VALUES ('sender', ?, NULL, ?)
    ON CONFLICT (kind, value) DO UPDATE SET allowed_at = excluded.allowed_at`,
  ).run(sender, now);
}

export function remoteContentAllowed(db: DatabaseSync, messageId: number, fromAddress: string): boolean {
  const sender = fromAddress.trim().toLowerCase();
  const row = db
    .prepare(
      `SELECT 1 AS yes FROM remote_content_allowed
    WHERE (kind = 'message' AND message_row = ?) OR (kind = 'sender' AND value = ? AND value <> '') LIMIT 1`,
    )
    .get(messageId, sender);
  return row !== undefined;
}
