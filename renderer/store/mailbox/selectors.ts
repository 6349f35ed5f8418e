import type { MessageSummaryView } from '../../../shared/contract.ts';
import type { AppState } from '../app.ts';
import { folderLabel } from '../folders/selectors.ts';
import { rowAt } from './page-cache.ts';

export function selectView(s: AppState) {
  return s.view;
}

export function selectSearch(s: AppState) {
  return s.search;
}

export function selectQuickFilter(s: AppState) {
  return s.only;
}

export function selectSort(s: AppState) {
  return s.sort;
}

export function selectDescending(s: AppState) {
  return s.descending;
}

export function selectConversations(s: AppState) {
  return s.conversations;
}

/** Names the list shown (list-query.ts): a new key is a new list, which starts at its top. */
export function selectListKey(s: AppState) {
  return s.list.key;
}

export function selectRestoredRow(s: AppState) {
  return s.restoredRow;
}

export function selectListTotal(s: AppState) {
  return s.list.total;
}

/** False while a new list's count is on its way: `total` is then the rows known so far. */
export function selectListTotalKnown(s: AppState) {
  return s.list.totalKnown;
}

export function selectListStatus(s: AppState) {
  return s.list.status;
}

export function selectListError(s: AppState) {
  return s.list.error;
}

export function selectRow(index: number) {
  return function selectRowAt(s: AppState): MessageSummaryView | undefined {
    return rowAt(s.list.pages, index);
  };
}

export function selectSelectedIds(s: AppState) {
  return s.selectedIds;
}

export function selectSelectionCount(s: AppState) {
  return s.selectedIds.length;
}

export function selectIsSelected(id: number | undefined) {
  return function selectIsSelectedId(s: AppState): boolean {
    return id !== undefined && s.selectedIds.includes(id);
  };
}

export function selectCursorIndex(s: AppState): number | null {
  return s.cursor?.index ?? null;
}

/** Is the list showing one account's folder, and which? */
export function selectViewKey(s: AppState): string {
  return `${s.view.accountId ?? 'all'}:${s.view.folder}`;
}

/** The title of the list header: "All inboxes", "Archive", or "Work · Trash". */
export function selectViewTitle(s: AppState): string {
  const { accountId, folder } = s.view;
  const folderName = folderLabel(s, folder);
  if (accountId === null) return folder === 'inbox' ? 'All inboxes' : folderName;
  const account = s.accounts.find((a) => a.id === accountId);
  return account ? `${account.name} · ${folderName}` : folderName;
}
