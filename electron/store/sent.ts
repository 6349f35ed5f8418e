// Sent (issue 15): what the outgoing server accepted, kept as the EXACT bytes sent (the outbox
// item's raw), as a message row of the account in folder SENT (folder-ref.ts). The file is
// written like downloaded mail (message-files.ts: fsync, rename, folder fsync) before the row
// is committed; the row has no UIDL and no ledger entry, so no session's DELE and no server
// retention can reach it. It is marked read: the user wrote it.
import type { DatabaseSync } from 'node:sqlite';
import { summariseHeaders } from '../mime/header-summary.ts';
import { headerBlockOf } from './sent-header-block.ts';
import { SENT } from './folder-ref.ts';
import { insertListedMessage } from './message-insert.ts';
import type { MessageFiles } from './message-files.ts';
import { prepared } from './statements.ts';

/** The file of a sent message: named by its Message-ID, so writing it again after a crash overwrites it. */
export async function writeSentFile(files: MessageFiles, accountId: number, messageId: string, raw: Buffer): Promise<{ path: string }> {
  const pending = await files.open(accountId);
  try {
    await pending.consume(raw);
    // 'sent\0…' never equals a mailbox key (host:port:user), so the name cannot meet a downloaded message's.
    const relative = files.relativePath(accountId, `sent:${accountId}`, messageId);
    const { folders } = await pending.finish(relative);
    await files.syncFolders(folders);
    return { path: relative };
  } catch (error) {
    await pending.discard().catch(() => undefined);
    throw error;
  }
}

/** The Sent row of a file written by writeSentFile; call inside the transaction that marks the item sent. Returns its id. */
export function insertSentRow(db: DatabaseSync, accountId: number, relativePath: string, raw: Buffer, now: number): number {
  const id = insertListedMessage(db, {
    accountId,
    uidl: null,
    path: relativePath,
    size: raw.length,
    serverSize: null,
    partial: false,
    receivedAt: now,
    headers: summariseHeaders(headerBlockOf(raw)),
  });
  prepared(db, 'UPDATE messages SET folder = ?, read = 1 WHERE id = ?').run(SENT, id);
  return id;
}
