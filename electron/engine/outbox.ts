// The sender: one due outbox item of an account at a time. 'sending' is written (and committed:
// node:sqlite runs each statement in its own transaction) before the connection opens, so a
// crash at any later point leaves the item 'sending', which the next start makes 'unknown'.
// Once the server took it, the exact bytes are kept in Sent (store/sent.ts): the file first,
// durably, then the row and the state 'sent' in one transaction.
import type { DatabaseSync } from 'node:sqlite';
import { SmtpError } from '../smtp/failure.ts';
import { sendMessage } from '../smtp/send.ts';
import type { SmtpSettings } from '../smtp/settings.ts';
import { transaction } from '../store/database.ts';
import type { MessageFiles } from '../store/message-files.ts';
import { applyEvent, getItem, nextDue, type OutboxItem } from '../store/outbox.ts';
import { insertSentRow, writeSentFile } from '../store/sent.ts';
import { recordSmtpSize } from '../store/smtp-size.ts';

export interface SendHooks {
  /** Where Sent's files go; without it (older callers) nothing is kept in Sent. */
  readonly files?: MessageFiles;
  /** Crash tests (cli/failpoint.ts): called at 'sending-recorded', 'server-accepted', 'sent-recorded'. */
  readonly checkpoint?: (name: string) => void;
}

/** Send the account's next due item; returns it as it ended, or null when nothing was due. */
export async function sendNextDue(
  db: DatabaseSync,
  accountId: number,
  settings: SmtpSettings,
  now: () => number = Date.now,
  hooks: SendHooks = {},
): Promise<OutboxItem | null> {
  const due = nextDue(db, accountId, now());
  if (due === null) return null;
  return sendItem(db, due, settings, now, hooks);
}

/** Marks an item sent and keeps its bytes in Sent (when `files` is given). Also for an unknown outcome the user says arrived. */
export async function recordSent(
  db: DatabaseSync,
  item: OutboxItem,
  event: Parameters<typeof applyEvent>[2],
  now: number,
  response: string | null,
  files: MessageFiles | undefined,
): Promise<boolean> {
  let file: { path: string } | null = null;
  if (files) file = await writeSentFile(files, item.accountId, item.messageId, item.raw);
  return transaction(db, () => {
    if (!applyEvent(db, item.id, event, now, response)) return false;
    if (file) insertSentRow(db, item.accountId, file.path, item.raw, now);
    return true;
  });
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
  hooks: SendHooks = {},
): Promise<OutboxItem | null> {
  // Another sender took it first: leave it to that one.
  if (!applyEvent(db, due.id, { type: 'start' }, now())) return null;
  hooks.checkpoint?.('sending-recorded');
  let result;
  try {
    result = await sendMessage(settings, due.envelope, due.raw);
  } catch (error) {
    // Anything but a classified SMTP failure happened before or beside the conversation with
    // the server; nothing says the message left, so it is treated as unreachable (retried).
    const kind = error instanceof SmtpError ? error.kind : 'unreachable';
    const response = error instanceof SmtpError ? error.response : null;
    applyEvent(db, due.id, { type: 'failure', kind, attempt: 0 }, now(), response);
    return getItem(db, due.id);
  }
  recordSmtpSize(db, due.accountId, result.sizeLimit);
  hooks.checkpoint?.('server-accepted');
  try {
    await recordSent(db, due, { type: 'accepted' }, now(), result.response, hooks.files);
  } catch {
    // Sent's file could not be written (disk full…): the server took the message all the same,
    // so it is recorded as sent without its copy rather than left to be sent twice.
    applyEvent(db, due.id, { type: 'accepted' }, now(), result.response);
  }
  hooks.checkpoint?.('sent-recorded');
  return getItem(db, due.id);
}
