// The message list of the current view (one account's inbox or trash, or all inboxes), the
// search applied to it, and the selection.
//
// Rows arrive a page at a time and are kept by index. Every change of what the list shows
// starts a new generation; a page that answers for an older generation is dropped, so a slow
// answer to a previous search can never overwrite the current one. A reload (new mail, a
// delete) keeps the old rows on screen until the first page of the new generation replaces
// them, so the list does not flash empty.
import type { MessageSummaryView } from '../../../shared/contract.ts';
import type { AppState, SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';
import { PAGE_SIZE, pagesFor } from './paging.ts';

export type Folder = 'inbox' | 'trash';

export interface MailView {
  /** null: all accounts ("All inboxes"). */
  readonly accountId: number | null;
  readonly folder: Folder;
}

export interface ListState {
  readonly generation: number;
  /** The generation the rows on screen belong to. */
  readonly rowsGeneration: number;
  readonly total: number;
  readonly rows: Readonly<Record<number, MessageSummaryView>>;
  readonly requested: Readonly<Record<number, true>>;
  readonly visible: { readonly start: number; readonly end: number };
  /** 'loading' only while the list has nothing to show yet. */
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
}

export type SelectMode = 'only' | 'toggle' | 'range';

export interface MailboxSlice {
  view: MailView;
  search: string;
  list: ListState;
  selectedIds: number[];
  /** The keyboard position; `id` is null while its row is still being fetched. */
  cursor: { readonly index: number; readonly id: number | null } | null;
  anchorIndex: number | null;
  showMailbox(accountId: number | null, folder: Folder): void;
  setSearch(text: string): void;
  /** The list shows rows [start, end): fetch what is missing. */
  ensureRows(start: number, end: number): void;
  reloadList(): void;
  selectRow(index: number, mode: SelectMode): void;
  moveCursor(delta: number, extend: boolean): void;
  selectAll(): void;
  markRead(ids: readonly number[], read: boolean): Promise<void>;
  /** u: marks the selection read, or unread when all of it is read already. */
  toggleReadSelected(): Promise<void>;
  deleteSelected(): Promise<void>;
  applyNewMessages(event: { accountId: number; count: number }): void;
}

const emptyList = (generation: number): ListState => ({
  generation,
  rowsGeneration: generation,
  total: 0,
  rows: {},
  requested: {},
  visible: { start: 0, end: PAGE_SIZE },
  status: 'loading',
  error: null,
});

export const createMailboxSlice: SliceCreator<MailboxSlice> = (set, get, { api }) => {
  function patchList(patch: Partial<ListState>): void {
    set({ list: { ...get().list, ...patch } });
  }

  async function fetchPage(page: number): Promise<void> {
    const { generation } = get().list;
    const { view, search } = get();
    patchList({ requested: { ...get().list.requested, [page]: true } });
    try {
      const result = await api.invoke('messages.page', {
        accountId: view.accountId,
        folder: view.folder,
        ...(search.trim() === '' ? {} : { search: search.trim() }),
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      const list = get().list;
      if (list.generation !== generation) return; // an answer for a list no longer shown
      const fresh = list.rowsGeneration !== generation;
      const rows: Record<number, MessageSummaryView> = fresh ? {} : { ...list.rows };
      result.items.forEach((item, i) => {
        rows[page * PAGE_SIZE + i] = item;
      });
      set({ list: { ...list, rows, rowsGeneration: generation, total: result.total, status: 'ready', error: null } });
      if (fresh) relocateCursor();
      fillCursor();
    } catch (error) {
      const list = get().list;
      if (list.generation !== generation) return;
      const { [page]: _failed, ...requested } = list.requested;
      set({ list: { ...list, requested, status: list.status === 'loading' ? 'error' : list.status, error: messageOf(error) } });
    }
  }

  /** After a reload the cursor's message may sit at another index, or be gone. */
  function relocateCursor(): void {
    const { cursor, list } = get();
    if (!cursor || cursor.id === null || list.rows[cursor.index]?.id === cursor.id) return;
    const found = Object.entries(list.rows).find(([, row]) => row.id === cursor.id);
    if (found) {
      set({ cursor: { index: Number(found[0]), id: cursor.id }, anchorIndex: Number(found[0]) });
      return;
    }
    const index = Math.min(cursor.index, list.total - 1);
    set({ cursor: index < 0 ? null : { index, id: list.rows[index]?.id ?? null } });
  }

  /** A cursor that moved onto a row still in flight takes the row when it arrives. */
  function fillCursor(): void {
    const { cursor, list } = get();
    if (!cursor || cursor.id !== null) return;
    const row = list.rows[cursor.index];
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
  }

  function reset(patch: Partial<AppState>): void {
    set({ ...patch, list: emptyList(get().list.generation + 1), selectedIds: [], cursor: null, anchorIndex: null });
    get().closeMessage();
    void fetchPage(0);
  }

  function rowIndexOf(id: number): number | null {
    const found = Object.entries(get().list.rows).find(([, row]) => row.id === id);
    return found ? Number(found[0]) : null;
  }

  return {
    view: { accountId: null, folder: 'inbox' },
    search: '',
    list: emptyList(0),
    selectedIds: [],
    cursor: null,
    anchorIndex: null,

    showMailbox(accountId, folder) {
      reset({ view: { accountId, folder }, search: '', route: { name: 'mail' } });
    },

    setSearch(text) {
      if (text === get().search) return;
      reset({ search: text });
    },

    ensureRows(start, end) {
      const list = get().list;
      if (list.visible.start !== start || list.visible.end !== end) patchList({ visible: { start, end } });
      const total = list.rowsGeneration === list.generation && list.status === 'ready' ? list.total : null;
      for (const page of pagesFor(start, end, total)) {
        if (!get().list.requested[page]) void fetchPage(page);
      }
    },

    reloadList() {
      const list = get().list;
      set({ list: { ...list, generation: list.generation + 1, requested: {} } });
      for (const page of pagesFor(list.visible.start, list.visible.end, null)) void fetchPage(page);
    },

    selectRow(index, mode) {
      const { list, selectedIds, anchorIndex, cursor } = get();
      const row = list.rows[index];
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
          const r = list.rows[i];
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
      const row = list.rows[index];
      if (!row) {
        // Not fetched yet (a long jump): the cursor waits there and takes the row on arrival.
        set({ cursor: { index, id: null }, anchorIndex: index });
        get().ensureRows(Math.max(0, index - PAGE_SIZE / 2), index + PAGE_SIZE / 2);
        return;
      }
      get().selectRow(index, extend ? 'range' : 'only');
    },

    selectAll() {
      const rows = Object.values(get().list.rows);
      set({ selectedIds: rows.map((r) => r.id) });
      afterSelection();
    },

    async markRead(ids, read) {
      if (ids.length === 0) return;
      const wanted = new Set(ids);
      const list = get().list;
      const rows: Record<number, MessageSummaryView> = {};
      for (const [index, row] of Object.entries(list.rows))
        rows[Number(index)] = wanted.has(row.id) && row.read !== read ? { ...row, read } : row;
      set({ list: { ...list, rows } });
      const open = get().reader.message;
      if (open && wanted.has(open.id) && open.read !== read) set({ reader: { ...get().reader, message: { ...open, read } } });
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
      const rows = Object.values(list.rows).filter((r) => selectedIds.includes(r.id));
      if (rows.length === 0) return;
      await get().markRead(
        selectedIds,
        rows.some((r) => !r.read),
      );
    },

    async deleteSelected() {
      const { selectedIds, list, view } = get();
      if (selectedIds.length === 0) return;
      const selected = new Set(selectedIds);
      const indices = selectedIds.map(rowIndexOf).filter((i): i is number => i !== null);
      const last = Math.max(...indices, -1);
      const first = Math.min(...indices, list.total);
      // The next message takes the cursor, as in every mail client: the one after the
      // selection, or the one before it at the end of the list.
      let next: { index: number; id: number } | null = null;
      for (let i = last + 1; i < list.total && next === null; i++) {
        const row = list.rows[i];
        if (!row) break;
        if (!selected.has(row.id)) next = { index: i - indices.filter((x) => x < i).length, id: row.id };
      }
      for (let i = first - 1; i >= 0 && next === null; i--) {
        const row = list.rows[i];
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
