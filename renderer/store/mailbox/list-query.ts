// What the list shows, as the engine is asked for it: the folder, the search, the quick filter,
// the order and the conversation switch. `listKey` names one such list: pages fetched for one
// key are never shown for another, and a new key starts a new generation of the page cache.
import type { FolderRef, MessageCountQuery, MessageQuery } from '../../../shared/contract.ts';

export type SortKey = 'date' | 'sender' | 'subject' | 'size';
export type QuickFilter = 'unread' | 'flagged' | 'attachments';

export interface MailView {
  /** null: all accounts ("All inboxes", or every account's Archive or Trash). */
  readonly accountId: number | null;
  readonly folder: FolderRef;
}

export interface ListOptions {
  readonly view: MailView;
  readonly search: string;
  readonly only: QuickFilter | null;
  readonly sort: SortKey;
  /** true: newest, Z, largest first. */
  readonly descending: boolean;
  /** One row per conversation (its newest message). */
  readonly conversations: boolean;
}

export const DEFAULT_SORT: SortKey = 'date';

type Filter = Omit<MessageCountQuery, 'supersedes'>;

/** The count's query; the defaults are left out, so the engine's common path is asked as before. */
export function countQueryOf(o: ListOptions): Filter {
  const text = o.search.trim();
  return {
    accountId: o.view.accountId,
    folder: o.view.folder,
    ...(text === '' ? {} : { search: text }),
    ...(o.only === null ? {} : { only: o.only }),
    ...(o.conversations ? { conversations: true } : {}),
  };
}

/** A page's query without its range. */
export function pageQueryOf(o: ListOptions): Omit<MessageQuery, 'offset' | 'limit' | 'count' | 'supersedes'> {
  const byDefault = o.sort === DEFAULT_SORT && o.descending;
  return { ...countQueryOf(o), ...(byDefault ? {} : { sort: o.sort, descending: o.descending }) };
}

/** One string per distinct list: equal keys, equal rows. */
export function listKey(o: ListOptions): string {
  const q = pageQueryOf(o);
  return JSON.stringify([
    q.accountId,
    q.folder,
    q.search ?? '',
    q.only ?? '',
    q.sort ?? DEFAULT_SORT,
    q.descending ?? true,
    q.conversations === true,
  ]);
}
