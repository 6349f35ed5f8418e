// Conversations (threads): which messages of an account belong together. A message joins a
// thread when it is inserted, so the list never has to work threads out while it pages:
//
//   1. by its ids: any stored message of the account whose Message-ID is this message's own
//      (a second copy), one of its References or its In-Reply-To (RFC 5322 §3.6.4), or that
//      names one of those ids itself — a reply that arrived before its parent, or a sibling
//      whose parent was never received. A message that links two threads merges them.
//   2. else by its subject, when it is a reply (a prefix like "Re:") or names a parent that is
//      not stored: the nearest message of the account with the same normalised subject
//      within SUBJECT_WINDOW_MS.
//   3. else it starts its own thread (thread_id = its own id, by migration 7's trigger).
//
// message_refs (migration 8) holds the ids each message names, indexed by id, for step 1's
// reverse look-up; thread_subject holds the normalised subject, indexed for step 2.
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './statements.ts';

/** How far apart in time a reply and the message it is taken to answer may be when only the subject ties them. */
export const SUBJECT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A References field may list hundreds of ids (long mailing-list threads). The first (the root)
 * and the latest ones are what tie a message to its thread; bounding them keeps an insert cheap.
 */
export const MAX_REFERENCES = 50;

/**
 * Reply and forward prefixes: English, German (AW, WG), Scandinavian (SV, VS), Dutch (Antw),
 * French and Italian (TR, RIF), Polish (ODP), with an optional counter as some clients add it
 * ("RE[2]:", "Re(3):"). A mailing list's tag in brackets may stand before or between them.
 */
const REPLY_PREFIX = /^(?:re|fwd?|aw|wg|sv|vs|antw|tr|rif|odp)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/i;
const LIST_TAG = /^\[[^\]]*\]\s*/;

export interface SubjectKey {
  /** The subject without prefixes and list tags, whitespace collapsed, lower case; '' when nothing is left. */
  readonly key: string;
  /** Whether a reply or forward prefix was removed. */
  readonly reply: boolean;
}

export function subjectKey(subject: string): SubjectKey {
  let rest = subject.normalize('NFC').replace(/\s+/g, ' ').trim();
  let reply = false;
  for (;;) {
    const prefix = REPLY_PREFIX.exec(rest);
    if (prefix !== null) {
      reply = true;
      rest = rest.slice(prefix[0].length);
      continue;
    }
    const tag = LIST_TAG.exec(rest);
    if (tag !== null && tag[0].length < rest.length) {
      rest = rest.slice(tag[0].length);
      continue;
    }
    break;
  }
  return { key: rest.toLowerCase(), reply };
}

/** The ids a message names (References, then In-Reply-To), each once, bounded by MAX_REFERENCES. */
export function namedIds(references: readonly string[], inReplyTo: string | null): string[] {
  const ids = [...new Set([...references, ...(inReplyTo !== null ? [inReplyTo] : [])])].filter((id) => id !== '');
  return ids.length <= MAX_REFERENCES ? ids : [ids[0] as string, ...ids.slice(ids.length - MAX_REFERENCES + 1)];
}

export interface ThreadLinks {
  readonly accountId: number;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly subject: string;
  /** The message's date, or when it was received. */
  readonly at: number;
}

export interface ThreadChoice {
  /** The thread to join; null: the message starts its own. */
  readonly threadId: number | null;
  /** Other threads the message links, to merge into threadId (mergeThreads). */
  readonly merge: readonly number[];
  /** The ids the message names, for recordReferences. */
  readonly named: readonly string[];
  readonly subjectKey: string;
}

/** Decides the thread of a message about to be inserted (the message itself is not stored yet). */
export function chooseThread(db: DatabaseSync, m: ThreadLinks): ThreadChoice {
  const named = namedIds(m.references, m.inReplyTo);
  const subject = subjectKey(m.subject);
  const ids = JSON.stringify(m.messageId !== null ? [m.messageId, ...named] : named);
  const linked =
    ids === '[]'
      ? []
      : (prepared(
          db,
          `SELECT thread_id FROM messages INDEXED BY messages_by_message_id WHERE account_id = :account AND message_id IN (SELECT value FROM json_each(:ids))
          UNION
          SELECT m.thread_id FROM message_refs r JOIN messages m ON m.id = r.message_row
            WHERE r.account_id = :account AND r.ref IN (SELECT value FROM json_each(:ids))`,
        ).all({ account: m.accountId, ids }) as Array<{ thread_id: number | null }>);
  const threads = [...new Set(linked.map((r) => r.thread_id).filter((t): t is number => t !== null))].sort((a, b) => a - b);
  if (threads.length > 0) {
    return { threadId: threads[0] as number, merge: threads.slice(1), named, subjectKey: subject.key };
  }
  if (subject.key !== '' && (subject.reply || named.length > 0)) {
    const near = prepared(
      db,
      `SELECT thread_id FROM messages INDEXED BY messages_by_thread_subject
        WHERE account_id = :account AND thread_subject = :key AND thread_subject <> ''
        AND COALESCE(date, received_at) BETWEEN :from AND :to
        ORDER BY abs(COALESCE(date, received_at) - :at) LIMIT 1`,
    ).get({ account: m.accountId, key: subject.key, from: m.at - SUBJECT_WINDOW_MS, to: m.at + SUBJECT_WINDOW_MS, at: m.at }) as
      { thread_id: number | null } | undefined;
    if (near?.thread_id != null) return { threadId: near.thread_id, merge: [], named, subjectKey: subject.key };
  }
  return { threadId: null, merge: [], named, subjectKey: subject.key };
}

/** Moves every message of the account's threads `from` into thread `into`. */
export function mergeThreads(db: DatabaseSync, accountId: number, into: number, from: readonly number[]): void {
  const merge = prepared(db, 'UPDATE messages SET thread_id = ? WHERE account_id = ? AND thread_id = ?');
  for (const thread of from) merge.run(into, accountId, thread);
}

/** Records the ids row `id` names, so a message arriving later with one of them finds its thread. */
export function recordReferences(db: DatabaseSync, id: number, accountId: number, named: readonly string[]): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO message_refs (message_row, account_id, ref) VALUES (?, ?, ?)');
  for (const ref of named) insert.run(id, accountId, ref);
}

/** After the row is inserted with choice.threadId (or null): merges what it linked and records its ids. */
export function settleThread(db: DatabaseSync, id: number, accountId: number, choice: ThreadChoice): void {
  if (choice.threadId !== null && choice.merge.length > 0) mergeThreads(db, accountId, choice.threadId, choice.merge);
  recordReferences(db, id, accountId, choice.named);
}
