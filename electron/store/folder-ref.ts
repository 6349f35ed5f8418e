// FolderRef (shared/contract.ts) and the columns that hold it (migration 7): `folder` is 0 for
// the Inbox, -1 for Archive, a folders row's id for a user folder; Trash is deleted_locally = 1,
// and `folder` keeps where the message came from, so a restore puts it back there.
import type { FolderRef } from '../../shared/contract.ts';

export const INBOX = 0;
export const ARCHIVE = -1;
/**
 * Sent (issue 15): the exact bytes of each message the outgoing server accepted, kept as a row
 * of the account with no UIDL and no ledger entry, so no session's DELE or server retention can
 * ever reach it (those work from the ledger), and the Inbox's counts never see it.
 */
export const SENT = -2;

/** The FolderRef of a row's columns. */
export function folderRefOf(deletedLocally: number | boolean, folder: number): FolderRef {
  if (deletedLocally === 1 || deletedLocally === true) return 'trash';
  return folder === INBOX ? 'inbox' : folder === ARCHIVE ? 'archive' : folder === SENT ? 'sent' : folder;
}

/** The `folder` column of a FolderRef other than Trash. */
export function folderCode(ref: Exclude<FolderRef, 'trash'>): number {
  return ref === 'inbox' ? INBOX : ref === 'archive' ? ARCHIVE : ref === 'sent' ? SENT : ref;
}
