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

export interface RemoteContentGrant {
  readonly kind: RemoteContentScope;
  /** 'sender': the lower-cased address; 'message': the message row id as a string. */
  readonly value: string;
  /** 'message': the message's subject and sender, to recognise it by; 'sender': the address. */
  readonly label: string;
  readonly allowedAt: number;
}

/** Every grant, senders first (they reach furthest), each kind newest first. */
export function listRemoteContent(db: DatabaseSync): RemoteContentGrant[] {
  const rows = db
    .prepare(
      `SELECT r.kind, r.value, r.allowed_at, m.subject, m.from_name, m.from_address
      FROM remote_content_allowed r LEFT JOIN messages m ON r.kind = 'message' AND m.id = r.message_row
      ORDER BY r.kind = 'message', r.allowed_at DESC, r.value`,
    )
    .all() as unknown as Array<{
    kind: RemoteContentScope;
    value: string;
    allowed_at: number;
    subject: string | null;
    from_name: string | null;
    from_address: string | null;
  }>;
  return rows.map((r) => ({ kind: r.kind, value: r.value, label: grantLabel(r), allowedAt: Number(r.allowed_at) }));
}

function grantLabel(r: {
  kind: RemoteContentScope;
  value: string;
  subject: string | null;
  from_name: string | null;
  from_address: string | null;
}): string {
  if (r.kind === 'sender') return r.value;
  const subject = r.subject?.trim() || '(no subject)';
  const from = r.from_name?.trim() || r.from_address?.trim() || '';
  return from ? `${subject} — ${from}` : subject;
}

/** Removes one grant; true when there was one. A sender is matched whatever the case it is given in. */
export function revokeRemoteContent(db: DatabaseSync, kind: RemoteContentScope, value: string): boolean {
  const key = kind === 'sender' ? value.trim().toLowerCase() : value.trim();
  return Number(db.prepare('DELETE FROM remote_content_allowed WHERE kind = ? AND value = ?').run(kind, key).changes) > 0;
}
