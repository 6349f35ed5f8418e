// What a reload must not lose (issue 14, defect 9): the folder, the search, the quick filter, the
// order, the open message and how far the list was scrolled — and the page the window was on
// (settings, an account's diagnostics). Kept in sessionStorage: it lives
// as long as the tab (a reload keeps it, a new tab starts fresh), and it stays out of the URL,
// whose fragment carries the launch token.
import type { FolderRef } from '../../../shared/contract.ts';
import type { Route } from '../ui/slice.ts';
import type { ListOptions, QuickFilter, SortKey } from './list-query.ts';

const KEY = 'poplar.mailbox';
const ROUTE_KEY = 'poplar.route';

export interface SavedMailbox extends ListOptions {
  readonly openId: number | null;
  /** The first row in view. */
  readonly firstRow: number;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage switched off for the page
  }
}

const SORTS: readonly SortKey[] = ['date', 'sender', 'subject', 'size'];
const FILTERS: readonly QuickFilter[] = ['unread', 'flagged', 'attachments'];

function isFolder(value: unknown): value is FolderRef {
  return (
    value === 'inbox' ||
    value === 'archive' ||
    value === 'trash' ||
    value === 'sent' ||
    (Number.isSafeInteger(value) && (value as number) > 0)
  );
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** The saved state, or null when there is none or it does not read as one (an older or damaged entry). */
export function loadMailbox(): SavedMailbox | null {
  let raw: unknown;
  try {
    raw = JSON.parse(storage()?.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const view = r.view as Record<string, unknown> | undefined;
  if (typeof view !== 'object' || view === null || !isFolder(view.folder)) return null;
  if (view.accountId !== null && !isId(view.accountId)) return null;
  return {
    view: { accountId: view.accountId, folder: view.folder },
    search: typeof r.search === 'string' ? r.search.slice(0, 200) : '',
    only: FILTERS.includes(r.only as QuickFilter) ? (r.only as QuickFilter) : null,
    sort: SORTS.includes(r.sort as SortKey) ? (r.sort as SortKey) : 'date',
    descending: r.descending !== false,
    conversations: r.conversations === true,
    openId: isId(r.openId) ? r.openId : null,
    firstRow: Number.isSafeInteger(r.firstRow) && (r.firstRow as number) > 0 ? (r.firstRow as number) : 0,
  };
}

export function saveMailbox(state: SavedMailbox): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(state));
  } catch {
    // Full or switched off: a reload then starts at All inboxes, as without this.
  }
}

export function saveRoute(route: Route): void {
  try {
    storage()?.setItem(ROUTE_KEY, JSON.stringify(route));
  } catch {
    // As above: a reload then shows the mail.
  }
}

/**
 * Where a reload lands. The mail, with its saved folder, search and open message, except after
 * a reload in the composer: the draft is saved but its id is not kept here, so Drafts is shown,
 * where it is one click away. Other pages (settings, diagnostics) are a click from the mail too.
 */
export function routeAfterReload(): Route {
  let raw: unknown;
  try {
    raw = JSON.parse(storage()?.getItem(ROUTE_KEY) ?? 'null');
  } catch {
    return { name: 'mail' };
  }
  const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).name : null;
  return name === 'compose' ? { name: 'drafts' } : { name: 'mail' };
}
