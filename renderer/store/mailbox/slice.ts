// The message list of the current view (a folder of one account or of all of them), the search,
// quick filter, order and conversation switch applied to it (list-query.ts), and the selection.
//
// Rows arrive a page at a time and are kept by page, at most MAX_CACHED_PAGES of them
// (page-cache.ts). Every change of what the list shows — another view, a search, new mail, a
// delete — starts a new generation; an answer for an older generation is dropped, so a slow
// answer to a previous search can never overwrite the current one. The rows on screen stay
// until the first answer of the new generation replaces them all at once, so the list does
// not flash empty and never mixes rows from before and after a change.
//
// A new list asks for its first page and its count as two requests sent together: the page
// (no COUNT) is answered first and shown at once, the count follows. A search's two carry a
// `supersedes` key, so while the user types, the engine skips the queries that newer
// keystrokes overtook.
import type { FolderRef, MessageSummaryView } from '../../../shared/contract.ts';
import type { AppState, SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';
import { countQueryOf, listKey, pageQueryOf, type ListOptions, type MailView, type QuickFilter, type SortKey } from './list-query.ts';
import { cachedRows, indexOfId, mapRows, PageLru, rowAt, withPages, type Pages } from './page-cache.ts';
import { neighbourPages, PAGE_SIZE, pageRuns, pagesFor, PREFETCH_PAGES } from './paging.ts';
import { loadMailbox, routeAfterReload, saveMailbox, saveRoute } from './session.ts';

export type { MailView, QuickFilter, SortKey } from './list-query.ts';
export type Folder = FolderRef;

export interface ListState {
  readonly generation: number;
  /** The list the current generation shows (list-query.ts `listKey`). */
  readonly key: string;
  /** The generation the pages on screen belong to. */
  readonly pagesGeneration: number;
  /** Messages in the list; until the count has arrived, the rows known so far (`totalKnown` false). */
  readonly total: number;
  readonly totalKnown: boolean;
  readonly pages: Pages;
  /** 'loading' only while the list has nothing to show yet. */
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
}

export type SelectMode = 'only' | 'toggle' | 'range';

export interface MailboxSlice {
  view: MailView;
  search: string;
  only: QuickFilter | null;
  sort: SortKey;
  descending: boolean;
  conversations: boolean;
  list: ListState;
  /** A row to scroll to once the list can show it (a reload's saved position); null when done. */
  restoredRow: number | null;
  selectedIds: number[];
  /** The keyboard position; `id` is null while its row is still being fetched. */
  cursor: { readonly index: number; readonly id: number | null } | null;
  anchorIndex: number | null;
  showMailbox(accountId: number | null, folder: FolderRef): void;
  /** The view, search, filter, order and open message of before the reload, or All inboxes. */
  restoreMailbox(): void;
  setSearch(text: string): void;
  setSort(sort: SortKey, descending: boolean): void;
  /** One quick filter at a time (the contract's `only`); null for none. */
  setQuickFilter(only: QuickFilter | null): void;
  setConversations(on: boolean): void;
  /** The list's first row in view, remembered for a reload. */
  rememberScroll(firstRow: number): void;
  scrolledToRestored(): void;
  /** The list shows rows [start, end): fetch what is missing, and the pages either side. */
  ensureRows(start: number, end: number): void;
  /** The list's messages changed (new mail, a delete): fetch what is in view again. */
  reloadList(): void;
  selectRow(index: number, mode: SelectMode): void;
  moveCursor(delta: number, extend: boolean): void;
  selectAll(): void;
  /** Esc: nothing selected, the cursor stays where it is. */
  clearSelection(): void;
  /** Changes the cached rows of these messages (and the open one) in place: for actions that answer later. */
  updateRows(ids: readonly number[], patch: Partial<Pick<MessageSummaryView, 'read' | 'flagged'>>): void;
  flagMessages(ids: readonly number[], flagged: boolean): Promise<void>;
  markRead(ids: readonly number[], read: boolean): Promise<void>;
  /** u: marks the selection read, or unread when all of it is read already. */
  toggleReadSelected(): Promise<void>;
  deleteSelected(): Promise<void>;
  applyNewMessages(event: { accountId: number; count: number }): void;
}

const initialList: ListState = {
  generation: 0,
  key: '',
  pagesGeneration: 0,
  total: 0,
  totalKnown: false,
  pages: {},
  status: 'loading',
  error: null,
};

/** A search unchanged this long is no longer being typed: the pages either side of its first page are fetched. */
const SEARCH_QUIET_MS = 200;

/** Which request a `supersedes` key names: one key per window and purpose (shared/contract.ts). */
type Purpose = 'first' | 'count';

/** A remembered first row is written this long after the scroll stops. */
const SCROLL_SAVE_MS = 300;

/** The parts of the state that say which list is shown. */
type ListPatch = Partial<Pick<MailboxSlice, 'view' | 'search' | 'only' | 'sort' | 'descending' | 'conversations'>>;

function optionsOf(s: ListOptions): ListOptions {
  return { view: s.view, search: s.search, only: s.only, sort: s.sort, descending: s.descending, conversations: s.conversations };
}

export const createMailboxSlice: SliceCreator<MailboxSlice> = (set, get, { api }) => {
  const windowKey = `list-${Math.random().toString(36).slice(2, 10)}`;
  /** The rows the list shows now, as it last said (ensureRows). */
  let visible = { start: 0, end: PAGE_SIZE };
  /** Pages of the current generation asked for and not answered yet. */
  let inflight = new Set<number>();
  const lru = new PageLru();
  /** The count of the current generation when it arrived before its first page. */
  let counted: { generation: number; total: number } | null = null;
  /** A new generation's first request is on its way (its answer replaces the rows on screen). */
  let firstPending = false;
  /** A reload asked for while one was on its way: run one more when it lands. */
  let reloadAgain = false;
  /** When the search last changed: pages ahead wait until typing pauses (SEARCH_QUIET_MS). */
  let searchTypedAt = -Infinity;
  /**
   * The open message, looked for in a new list's rows: found, it gets the cursor; until then it
   * stays open, and no row is selected.
   */
  let seek: { id: number; threadId: number | null } | null = null;
  let firstRow = 0;
  let scrollTimer: ReturnType<typeof setTimeout> | null = null;

  /** `leads`: the first request of a new generation, whose answer replaces the rows on screen. */
  async function fetchRun(
    first: number,
    count: number,
    options: { withCount: boolean; leads?: boolean; supersedes?: Purpose },
  ): Promise<void> {
    const { generation } = get().list;
    for (let p = first; p < first + count; p++) inflight.add(p);
    const leads = options.leads === true;
    if (leads) firstPending = true;
    try {
      const result = await api.invoke('messages.page', {
        ...pageQueryOf(get()),
        offset: first * PAGE_SIZE,
        limit: count * PAGE_SIZE,
        count: options.withCount,
        ...(options.supersedes ? { supersedes: `${windowKey}:${options.supersedes}` } : {}),
      });
      arrive(generation, first, count, result);
    } catch (error) {
      const list = get().list;
      if (list.generation !== generation) return; // superseded, or a list no longer shown
      if (leads) firstPending = false;
      for (let p = first; p < first + count; p++) inflight.delete(p);
      set({ list: { ...list, status: list.status === 'loading' ? 'error' : list.status, error: messageOf(error) } });
    }
  }

  function arrive(generation: number, first: number, count: number, result: { total: number | null; items: MessageSummaryView[] }): void {
    const list = get().list;
    if (list.generation !== generation) return; // an answer for a list no longer shown
    const fresh = list.pagesGeneration !== generation;
    if (fresh) firstPending = false;
    const added: Record<number, readonly MessageSummaryView[]> = {};
    for (let i = 0; i < count; i++) {
      added[first + i] = result.items.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
      inflight.delete(first + i);
    }
    let { total, totalKnown } = list;
    if (result.total !== null) [total, totalKnown] = [result.total, true];
    else if (counted?.generation === generation) [total, totalKnown] = [counted.total, true];
    else if (fresh || !totalKnown) [total, totalKnown] = [Math.max(fresh ? 0 : total, first * PAGE_SIZE + result.items.length), false];
    if (fresh) lru.clear();
    lru.touch(Object.keys(added).map(Number));
    const dropped = lru.evict(pinned(total));
    const pages = withPages(fresh ? {} : list.pages, added, dropped);
    set({ list: { ...list, pages, pagesGeneration: generation, total, totalKnown, status: 'ready', error: null } });
    if (fresh) relocateCursor();
    findSought(added, fresh);
    if (fresh) {
      if (reloadAgain) {
        reloadAgain = false;
        get().reloadList();
        return;
      }
    }
    fillCursor();
    ensureVisible();
  }

  /** The pages in view and those fetched ahead of them: never evicted. */
  function pinned(total: number | null): Set<number> {
    const inView = pagesFor(visible.start, visible.end, total);
    return new Set([...inView, ...neighbourPages(inView, PREFETCH_PAGES, total)]);
  }

  async function fetchCount(supersedes: boolean): Promise<void> {
    const { generation } = get().list;
    let total: number;
    try {
      total = await api.invoke('messages.count', { ...countQueryOf(get()), ...(supersedes ? { supersedes: `${windowKey}:count` } : {}) });
    } catch {
      return; // superseded, or failed: the page's own request reports a failure the user must see
    }
    const list = get().list;
    if (list.generation !== generation) return;
    counted = { generation, total };
    if (list.pagesGeneration === generation && (!list.totalKnown || list.total !== total))
      set({ list: { ...list, total, totalKnown: true } });
  }

  /**
   * Asks for the pages in view that are missing, then for those either side — but not while a
   * search is being typed: its next keystroke makes them useless, and the engine would work
   * on them instead of on that keystroke's query.
   */
  function ensureVisible(): void {
    const list = get().list;
    const ahead = get().search.trim() === '' || Date.now() - searchTypedAt >= SEARCH_QUIET_MS;
    // The new generation's first answer is on its way; it calls this again when it lands.
    if (list.pagesGeneration !== list.generation) return;
    const total = list.totalKnown ? list.total : null;
    const inView = pagesFor(visible.start, visible.end, total);
    lru.touch(inView);
    const missing = (pages: number[]) => pages.filter((p) => list.pages[p] === undefined && !inflight.has(p));
    // The pages in view go first: the engine answers in order, so a scrollbar jump shows its rows before the prefetch lands.
    for (const run of pageRuns(missing(inView))) void fetchRun(run.first, run.count, { withCount: false });
    if (!ahead) {
      const { generation } = list;
      setTimeout(() => get().list.generation === generation && ensureVisible(), SEARCH_QUIET_MS);
      return;
    }
    for (const run of pageRuns(missing(neighbourPages(inView, PREFETCH_PAGES, total))))
      void fetchRun(run.first, run.count, { withCount: false });
  }

  /** A new generation: the rows on screen stay until its first answer replaces them. */
  function nextGeneration(): number {
    inflight = new Set();
    counted = null;
    reloadAgain = false;
    firstPending = false;
    return get().list.generation + 1;
  }

  /** After a reload the cursor's message may sit at another index, or be gone. */
  function relocateCursor(): void {
    const { cursor, list } = get();
    if (!cursor || cursor.id === null || rowAt(list.pages, cursor.index)?.id === cursor.id) return;
    const found = indexOfId(list.pages, cursor.id);
    if (found !== null) {
      set({ cursor: { index: found, id: cursor.id }, anchorIndex: found });
      return;
    }
    const index = Math.min(cursor.index, list.total - 1);
    set({ cursor: index < 0 ? null : { index, id: rowAt(list.pages, index)?.id ?? null } });
  }

  /** The open message in the rows that just arrived: it takes the cursor, or is closed when a new list does not hold it. */
  function findSought(added: Readonly<Record<number, readonly MessageSummaryView[]>>, fresh: boolean): void {
    const sought = seek;
    if (sought === null) return;
    if (get().reader.id !== sought.id) {
      seek = null; // the user opened another message meanwhile
      return;
    }
    const conversations = get().conversations;
    for (const [page, rows] of Object.entries(added)) {
      const at = rows.findIndex((r) => r.id === sought.id || (conversations && sought.threadId !== null && r.threadId === sought.threadId));
      const row = rows[at];
      if (!row) continue;
      const index = Number(page) * PAGE_SIZE + at;
      seek = null;
      set({ cursor: { index, id: row.id }, anchorIndex: index, selectedIds: [row.id] });
      return;
    }
    // Not in the new list's first rows: the message stays in the reading pane, no row selected,
    // and is looked for again as more pages arrive and in the next list (while a search is typed,
    // a word's first letters often find something else).
    if (fresh && get().selectedIds.length === 1 && get().selectedIds[0] === sought.id) set({ selectedIds: [] });
  }

  function save(): void {
    saveMailbox({ ...optionsOf(get()), openId: get().reader.id, firstRow });
  }

  /** A cursor that moved onto a row still in flight takes the row when it arrives. */
  function fillCursor(): void {
    const { cursor, list } = get();
    if (!cursor || cursor.id !== null) return;
    const row = rowAt(list.pages, cursor.index);
    if (!row) return;
    set({ cursor: { index: cursor.index, id: row.id }, selectedIds: [row.id] });
    afterSelection();
  }

  function afterSelection(): void {
    const ids = get().selectedIds;
    const only = ids.length === 1 ? ids[0] : undefined;
    if (only !== undefined) {
      if (get().reader.id !== only) void get().openMessage(only);
    } else get().closeMessage();
    save();
  }

  /**
   * Another list: its first page and its count, asked for together. `keep` keeps the open
   * message open while the new list is looked through for it (a search, a filter, an order; a
   * reload); without it the message closes (another folder).
   */
  function reset(patch: ListPatch & Partial<AppState>, keep: boolean, startRow = 0): void {
    const generation = nextGeneration();
    const rows = Math.max(1, visible.end - visible.start);
    visible = { start: startRow, end: startRow + rows };
    firstRow = startRow;
    const list = get().list;
    const status = list.status === 'error' ? 'loading' : list.status;
    const key = listKey(optionsOf({ ...get(), ...patch }));
    const open = get().reader;
    seek = keep && open.id !== null ? { id: open.id, threadId: open.message?.threadId ?? null } : null;
    set({ ...patch, list: { ...list, generation, key, status }, selectedIds: seek ? [seek.id] : [], cursor: null, anchorIndex: null });
    if (!seek) get().closeMessage();
    save();
    if (patch.route) saveRoute(patch.route);
    // Only a search replaces itself key by key; a superseding request waits a turn of the
    // engine's event loop, and the first page of a view should not wait behind anything.
    const searching = get().search.trim() !== '';
    void fetchRun(Math.floor(startRow / PAGE_SIZE), 1, {
      withCount: false,
      leads: true,
      ...(searching ? { supersedes: 'first' as const } : {}),
    });
    void fetchCount(searching);
  }

  return {
    view: { accountId: null, folder: 'inbox' },
    search: '',
    only: null,
    sort: 'date',
    descending: true,
    conversations: false,
    list: initialList,
    restoredRow: null,
    selectedIds: [],
    cursor: null,
    anchorIndex: null,

    showMailbox(accountId, folder) {
      set({ restoredRow: null });
      reset({ view: { accountId, folder }, search: '', only: null, route: { name: 'mail' } }, false);
    },

    restoreMailbox() {
      const saved = loadMailbox();
      if (saved === null) {
        set({ restoredRow: null });
        reset({ view: { accountId: null, folder: 'inbox' }, search: '', only: null, route: routeAfterReload() }, false);
        return;
      }
      // Opened first, so that the new list looks for it and gives it the cursor.
      if (saved.openId !== null) void get().openMessage(saved.openId, { markRead: false });
      set({ restoredRow: saved.firstRow > 0 ? saved.firstRow : null });
      const { view, search, only, sort, descending, conversations } = saved;
      reset({ view, search, only, sort, descending, conversations, route: routeAfterReload() }, true, saved.firstRow);
    },

    setSearch(text) {
      if (text === get().search) return;
      searchTypedAt = Date.now();
      reset({ search: text }, true);
    },

    setSort(sort, descending) {
      if (sort === get().sort && descending === get().descending) return;
      reset({ sort, descending }, true);
    },

    setQuickFilter(only) {
      if (only === get().only) return;
      reset({ only }, true);
    },

    setConversations(on) {
      if (on === get().conversations) return;
      reset({ conversations: on }, true);
    },

    rememberScroll(row) {
      firstRow = row;
      if (scrollTimer !== null) clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => {
        scrollTimer = null;
        save();
      }, SCROLL_SAVE_MS);
    },

    scrolledToRestored() {
      if (get().restoredRow !== null) set({ restoredRow: null });
    },

    ensureRows(start, end) {
      visible = { start, end };
      ensureVisible();
    },

    reloadList() {
      const list = get().list;
      if (firstPending) {
        // One reload at a time: a burst of new-mail events costs this one and one more.
        reloadAgain = true;
        return;
      }
      const generation = nextGeneration();
      set({ list: { ...list, generation } });
      const runs = pageRuns(pagesFor(visible.start, visible.end, null));
      runs.forEach((run, i) => void fetchRun(run.first, run.count, { withCount: i === 0, leads: i === 0 }));
    },

    selectRow(index, mode) {
      const { list, selectedIds, anchorIndex, cursor } = get();
      const row = rowAt(list.pages, index);
      if (!row) return;
      if (mode === 'only') {
        set({ selectedIds: [row.id], cursor: { index, id: row.id }, anchorIndex: index });
      } else if (mode === 'toggle') {
        const has = selectedIds.includes(row.id);
        set({
          selectedIds: has ? selectedIds.filter((id) => id !== row.id) : [...selectedIds, row.id],
          cursor: { index, id: row.id },
          anchorIndex: index,
        });
      } else {
        const from = anchorIndex ?? cursor?.index ?? index;
        const ids: number[] = [];
        for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
          const r = rowAt(list.pages, i);
          if (r) ids.push(r.id);
        }
        set({ selectedIds: ids, cursor: { index, id: row.id }, anchorIndex: from });
      }
      afterSelection();
    },

    moveCursor(delta, extend) {
      const { list, cursor } = get();
      if (list.total === 0) return;
      const from = cursor?.index ?? -1;
      const index = Math.max(0, Math.min(list.total - 1, from + delta));
      if (index === from && cursor?.id !== null) return;
      const row = rowAt(list.pages, index);
      if (!row) {
        // Not fetched yet (a long jump): the cursor waits there and takes the row on arrival.
        set({ cursor: { index, id: null }, anchorIndex: index });
        get().ensureRows(Math.max(0, index - PAGE_SIZE / 2), index + PAGE_SIZE / 2);
        return;
      }
      get().selectRow(index, extend ? 'range' : 'only');
    },

    selectAll() {
      set({ selectedIds: cachedRows(get().list.pages).map((r) => r.id) });
      afterSelection();
    },

    clearSelection() {
      if (get().selectedIds.length === 0) return;
      set({ selectedIds: [], anchorIndex: null });
      afterSelection();
    },

    updateRows(ids, patch) {
      const wanted = new Set(ids);
      const differs = (row: MessageSummaryView) =>
        (patch.read !== undefined && row.read !== patch.read) || (patch.flagged !== undefined && row.flagged !== patch.flagged);
      const list = get().list;
      const pages = mapRows(list.pages, (row) => (wanted.has(row.id) && differs(row) ? { ...row, ...patch } : row));
      set({ list: { ...list, pages } });
      const open = get().reader.message;
      if (open && wanted.has(open.id) && differs(open)) set({ reader: { ...get().reader, message: { ...open, ...patch } } });
    },

    async flagMessages(ids, flagged) {
      if (ids.length === 0) return;
      get().updateRows(ids, { flagged });
      try {
        await api.invoke('messages.flag', [...ids], flagged);
      } catch (error) {
        get().pushToast(`Could not ${flagged ? 'flag' : 'unflag'}: ${messageOf(error)}`, 'error');
        get().reloadList();
      }
    },

    async markRead(ids, read) {
      if (ids.length === 0) return;
      get().updateRows(ids, { read });
      try {
        await api.invoke('messages.markRead', [...ids], read);
      } catch (error) {
        get().pushToast(`Could not mark as ${read ? 'read' : 'unread'}: ${messageOf(error)}`, 'error');
        get().reloadList();
      }
      await get()
        .loadAccounts()
        .catch(() => {}); // unread counts
    },

    async toggleReadSelected() {
      const { selectedIds, list } = get();
      const rows = cachedRows(list.pages).filter((r) => selectedIds.includes(r.id));
      if (rows.length === 0) return;
      // Through the mail actions, so that u can be undone (z) and the folder counts follow.
      const read = rows.some((r) => !r.read);
      get().updateRows(selectedIds, { read });
      await get().setRead(selectedIds, read);
    },

    async deleteSelected() {
      const { selectedIds, list, view } = get();
      if (selectedIds.length === 0) return;
      const selected = new Set(selectedIds);
      const indices = selectedIds.map((id) => indexOfId(list.pages, id)).filter((i): i is number => i !== null);
      const last = Math.max(...indices, -1);
      const first = Math.min(...indices, list.total);
      // The next message takes the cursor, as in every mail client: the one after the
      // selection, or the one before it at the end of the list.
      let next: { index: number; id: number } | null = null;
      for (let i = last + 1; i < list.total && next === null; i++) {
        const row = rowAt(list.pages, i);
        if (!row) break;
        if (!selected.has(row.id)) next = { index: i - indices.filter((x) => x < i).length, id: row.id };
      }
      for (let i = first - 1; i >= 0 && next === null; i--) {
        const row = rowAt(list.pages, i);
        if (!row) break;
        if (!selected.has(row.id)) next = { index: i, id: row.id };
      }
      try {
        await api.invoke('messages.delete', [...selectedIds]);
      } catch (error) {
        get().pushToast(`Could not delete: ${messageOf(error)}`, 'error');
        return;
      }
      const n = selectedIds.length;
      get().pushToast(
        view.folder === 'trash' ? `Deleted ${n} message${n === 1 ? '' : 's'}.` : `Moved ${n} message${n === 1 ? '' : 's'} to Trash.`,
      );
      set({ selectedIds: next ? [next.id] : [], cursor: next, anchorIndex: next?.index ?? null });
      afterSelection();
      get().reloadList();
      await get()
        .loadAccounts()
        .catch(() => {});
    },

    applyNewMessages({ accountId }) {
      const { view } = get();
      if (view.folder === 'inbox' && (view.accountId === null || view.accountId === accountId)) get().reloadList();
    },
  };
};
