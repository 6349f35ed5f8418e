// What the user changes about a message: its folder (moving, Trash, restoring), read and flag.
// Each change returns every changed message's state before it (MessageStateView), which is all
// an undo needs: revertStates puts it back. Ids that no longer exist are skipped: the window may
// act on a list that an account's removal has just emptied. Callers run these in a transaction.
import type { DatabaseSync } from 'node:sqlite';
import type { FolderRef, MessageStateView } from '../../shared/contract.ts';
import { folderCode, folderRefOf, INBOX } from './folder-ref.ts';
import { deleteMessageRow, pathInUse } from './messages.ts';
import { prepared } from './statements.ts';

interface StateRow {
  id: number;
  account_id: number;
  folder: number;
  deleted_locally: number;
  read: number;
  flagged: number;
}

/** The current state of each of `ids` that exists, in the order given, each once. */
export function messageStates(db: DatabaseSync, ids: readonly number[]): Array<MessageStateView & { accountId: number }> {
  const get = prepared(db, 'SELECT id, account_id, folder, deleted_locally, read, flagged FROM messages WHERE id = ?');
  const out: Array<MessageStateView & { accountId: number }> = [];
  for (const id of new Set(ids)) {
    const r = get.get(id) as StateRow | undefined;
    if (r === undefined) continue;
    out.push({
      id: r.id,
      accountId: r.account_id,
      folder: folderRefOf(r.deleted_locally, r.folder),
      read: r.read === 1,
      flagged: r.flagged === 1,
    });
  }
  return out;
}

const plain = ({ id, folder, read, flagged }: MessageStateView): MessageStateView => ({ id, folder, read, flagged });

/**
 * Files each message in `to`. Trash keeps the folder a message came from (so a restore knows it)
 * and starts its days in Trash; any other folder takes it out of Trash. Returns the states
 * before, of the messages that moved.
 */
export function moveMessages(db: DatabaseSync, ids: readonly number[], to: FolderRef, now: number): MessageStateView[] {
  const before = messageStates(db, ids).filter((s) => s.folder !== to);
  const toTrash = prepared(db, 'UPDATE messages SET deleted_locally = 1, trashed_at = ? WHERE id = ?');
  const toFolder = prepared(db, 'UPDATE messages SET deleted_locally = 0, trashed_at = NULL, folder = ? WHERE id = ?');
  for (const s of before) {
    if (to === 'trash') toTrash.run(now, s.id);
    else toFolder.run(folderCode(to), s.id);
  }
  return before.map(plain);
}

/**
 * Out of Trash, back to the folder each came from; to the Inbox when that folder was removed
 * meanwhile (folders.ts moves a removed folder's messages to Trash, but a restore of one trashed
 * earlier may come later).
 */
export function restoreMessages(db: DatabaseSync, ids: readonly number[]): MessageStateView[] {
  const before = messageStates(db, ids).filter((s) => s.folder === 'trash');
  const restore = prepared(
    db,
    `UPDATE messages SET deleted_locally = 0, trashed_at = NULL,
      folder = CASE WHEN folder > 0 AND NOT EXISTS (SELECT 1 FROM folders f WHERE f.id = messages.folder) THEN ? ELSE folder END
    WHERE id = ?`,
  );
  for (const s of before) restore.run(INBOX, s.id);
  return before.map(plain);
}

/** Sets read on each; returns the states before of those that changed. */
export function markMessagesRead(db: DatabaseSync, ids: readonly number[], read: boolean): MessageStateView[] {
  const before = messageStates(db, ids).filter((s) => s.read !== read);
  const set = prepared(db, 'UPDATE messages SET read = ? WHERE id = ?');
  for (const s of before) set.run(read ? 1 : 0, s.id);
  return before.map(plain);
}

/** Sets the flag on each; returns the states before of those that changed. */
export function flagMessages(db: DatabaseSync, ids: readonly number[], flagged: boolean): MessageStateView[] {
  const before = messageStates(db, ids).filter((s) => s.flagged !== flagged);
  const set = prepared(db, 'UPDATE messages SET flagged = ? WHERE id = ?');
  for (const s of before) set.run(flagged ? 1 : 0, s.id);
  return before.map(plain);
}

/**
 * Puts each message back in the state given (an undo). A message gone meanwhile (deleted
 * permanently) is skipped, and so is a user folder removed meanwhile (the message goes to the
 * Inbox instead: nothing is filed in a folder that does not exist). Returns how many changed.
 */
export function revertStates(db: DatabaseSync, states: readonly MessageStateView[], now: number): number {
  const exists = prepared(db, 'SELECT 1 FROM messages WHERE id = ?');
  const folderExists = prepared(db, 'SELECT 1 FROM folders WHERE id = ?');
  const setFlags = prepared(db, 'UPDATE messages SET read = ?, flagged = ? WHERE id = ?');
  let changed = 0;
  for (const s of states) {
    if (exists.get(s.id) === undefined) continue;
    let to = s.folder;
    if (typeof to === 'number' && folderExists.get(to) === undefined) to = 'inbox';
    moveMessages(db, [s.id], to, now);
    setFlags.run(s.read ? 1 : 0, s.flagged ? 1 : 0, s.id);
    changed++;
  }
  return changed;
}

/**
 * Deletes messages permanently: row, parts (by cascade), full-text row. The ledger entry stays,
 * so the UIDL is never downloaded again, with removed_at set: for the account's retention rule
 * the message still counts as deleted here (and a header-only copy, removed_partial, still never
 * lets the server's full one be deleted). Returns the files no row refers to any more, for the
 * caller to remove after the commit (a file removed before it could lose a message on a crash).
 */
export function removeMessages(db: DatabaseSync, ids: readonly number[], now: number): { removed: number; paths: string[] } {
  const row = prepared(db, 'SELECT path, partial FROM messages WHERE id = ?');
  const mark = prepared(db, 'UPDATE ledger SET removed_at = ?, removed_partial = ? WHERE message_row = ?');
  const paths: string[] = [];
  for (const id of new Set(ids)) {
    const r = row.get(id) as { path: string; partial: number } | undefined;
    if (r === undefined) continue;
    mark.run(now, r.partial, id);
    deleteMessageRow(db, id);
    paths.push(r.path);
  }
  return { removed: paths.length, paths: [...new Set(paths)].filter((p) => !pathInUse(db, p)) };
}

/** The messages in Trash: one account's or all (null); with `trashedBefore`, only those there since before it. */
export function trashedMessages(db: DatabaseSync, accountId: number | null, trashedBefore: number | null = null): number[] {
  const rows = prepared(
    db,
    `SELECT id FROM messages WHERE deleted_locally = 1 AND (? IS NULL OR account_id = ?) AND (? IS NULL OR trashed_at < ?)`,
  ).all(accountId, accountId, trashedBefore, trashedBefore) as unknown as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}
