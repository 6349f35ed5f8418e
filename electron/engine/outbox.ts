// The sender: one due outbox item of an account at a time. 'sending' is written (and committed:
// node:sqlite runs each statement in its own transaction) before the connection opens, so a
// crash at any later point leaves the item 'sending', which the next start makes 'unknown'.
import type { DatabaseSync } from 'node:sqlite';
import { SmtpError } from '../smtp/failure.ts';
import { sendMessage } from '../smtp/send.ts';
import type { SmtpSettings } from '../smtp/settings.ts';
import { applyEvent, getItem, nextDue, type OutboxItem } from '../store/outbox.ts';

/** Send the account's next due item; returns it as it ended, or null when nothing was due. */
export async function sendNextDue(
  db: DatabaseSync,
  accountId: number,
  settings: SmtpSettings,
  now: () => number = Date.now,
): Promise<OutboxItem | null> {
  const due = nextDue(db, accountId, now());
  if (due === null) return null;
  return sendItem(db, due, settings, now);
}

/**
 * Send this one item now (`poplar send` waits for the message it queued, not for an older one);
 * null when it is not queued or due, or another sender took it first.
 */
export async function sendItem(
  db: DatabaseSync,
  due: OutboxItem,
  settings: SmtpSettings,
  now: () => number = Date.now,
): Promise<OutboxItem | null> {
  // Another sender took it first: leave it to that one.
  if (!applyEvent(db, due.id, { type: 'start' }, now())) return null;
  try {
    const result = await sendMessage(settings, due.envelope, due.raw);
    applyEvent(db, due.id, { type: 'accepted' }, now(), result.response);
  } catch (error) {
    // Anything but a classified SMTP failure happened before or beside the conversation with
    // the server; nothing says the message left, so it is treated as unreachable (retried).
    const kind = error instanceof SmtpError ? error.kind : 'unreachable';
    const response = error instanceof SmtpError ? error.response : null;
    applyEvent(db, due.id, { type: 'failure', kind, attempt: 0 }, now(), response);
  }
  return getItem(db, due.id);
}
