import type { FolderCountsView, FolderRef, FolderView } from '../../../shared/contract.ts';
import type { AppState } from '../app.ts';

const noCounts = { total: 0, unread: 0 };

/** Folder names sort as people read them: "Receipts 2" before "Receipts 10", case ignored. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function byName(a: FolderView, b: FolderView): number {
  return collator.compare(a.name, b.name) || a.id - b.id;
}

/** An account's own folders (null: the local folders), by name. */
export function selectUserFolders(accountId: number | null) {
  return function selectUserFoldersOf(s: AppState): FolderView[] {
    return s.folders.folders.filter((f) => f.accountId === accountId).sort(byName);
  };
}

export function selectFolder(id: number | null) {
  return function selectFolderById(s: AppState): FolderView | undefined {
    return id === null ? undefined : s.folders.folders.find((f) => f.id === id);
  };
}

/** Archive, Trash, Sent, Drafts and Outbox counts of one account, or of all (null). */
export function selectFolderCounts(accountId: number | null) {
  return function selectFolderCountsOf(s: AppState): FolderCountsView {
    return (
      s.folders.counts.find((c) => c.accountId === accountId) ?? {
        accountId,
        archive: noCounts,
        trash: noCounts,
        sent: noCounts,
        drafts: 0,
        outbox: 0,
        outboxProblems: 0,
      }
    );
  };
}

/** A folder's name as the window says it. */
export function folderLabel(s: AppState, folder: FolderRef): string {
  if (folder === 'inbox') return 'Inbox';
  if (folder === 'archive') return 'Archive';
  if (folder === 'trash') return 'Trash';
  if (folder === 'sent') return 'Sent';
  return s.folders.folders.find((f) => f.id === folder)?.name ?? 'a folder';
}

export interface MoveTarget {
  readonly folder: FolderRef;
  readonly label: string;
  /** The account whose folder it is, for telling two folders of one name apart; null for Inbox, Archive and local folders. */
  readonly accountName: string | null;
}

/**
 * Where messages of these accounts can be moved: Inbox, Archive, the local folders, and the
 * account's own folders when they all belong to one account. Not the folder they are in, and
 * not the Trash (that is "Move to Trash").
 */
export function moveTargets(s: AppState, accountIds: readonly number[], from: FolderRef): MoveTarget[] {
  const one = new Set(accountIds).size === 1 ? accountIds[0] : undefined;
  const own = one === undefined ? [] : s.folders.folders.filter((f) => f.accountId === one).sort(byName);
  const local = s.folders.folders.filter((f) => f.accountId === null).sort(byName);
  const accountName = (id: number | null) => (id === null ? null : (s.accounts.find((a) => a.id === id)?.name ?? null));
  const targets: MoveTarget[] = [
    { folder: 'inbox', label: 'Inbox', accountName: null },
    { folder: 'archive', label: 'Archive', accountName: null },
    ...own.map((f) => ({ folder: f.id, label: f.name, accountName: accountName(f.accountId) })),
    ...local.map((f) => ({ folder: f.id, label: f.name, accountName: null })),
  ];
  return targets.filter((t) => t.folder !== from);
}

/** Another folder in the same place already has this name, in any case ("receipts" and "Receipts" would look alike). */
export function nameTaken(s: AppState, accountId: number | null, name: string, except: number | null = null): boolean {
  const wanted = name.trim().toLocaleLowerCase();
  return s.folders.folders.some((f) => f.accountId === accountId && f.id !== except && f.name.toLocaleLowerCase() === wanted);
}
