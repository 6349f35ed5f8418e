// What the user does to messages: move to a folder, archive, move to Trash, restore, delete
// permanently, mark read or unread, flag. Menus, shortcuts, the sidebar's drop targets and the
// reading pane all call these, so each change says the same thing and can be undone the same
// way: a change's result (ChangeView) holds the messages' state before it, and "Undo" (the
// toast's button, or z) hands that back to 'messages.revert'. Deleting permanently cannot be
// undone, so it asks first, and says when the server copy goes too.
import type { AccountView, ChangeView, FolderRef, MessageStateView, MessageSummaryView } from '../../shared/contract.ts';
import type { AppState, SliceCreator } from './app.ts';
import { messageOf } from './deps.ts';
import { folderLabel, moveTargets } from './folders/selectors.ts';
import { cachedRows, indexOfId, rowAt } from './mailbox/page-cache.ts';

export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
  /** The key that does the same, shown beside the label. */
  readonly shortcut?: string;
  readonly danger?: boolean;
  readonly disabled?: boolean;
}
export type MenuEntry = MenuItem | 'separator';

interface UndoEntry {
  readonly text: string;
  readonly before: readonly MessageStateView[];
  readonly toastId: number;
}

export interface MailActionsSlice {
  moveMessages(ids: readonly number[], to: FolderRef): Promise<void>;
  archiveMessages(ids: readonly number[]): Promise<void>;
  trashMessages(ids: readonly number[]): Promise<void>;
  restoreMessages(ids: readonly number[]): Promise<void>;
  /** The Delete key: to the Trash, or — in the Trash — the question before deleting permanently. */
  deleteMessages(ids: readonly number[]): Promise<void>;
  /** Asks (a dialog that says it cannot be undone), then deletes. */
  askDeletePermanently(ids: readonly number[]): void;
  deletePermanently(ids: readonly number[]): Promise<void>;
  setRead(ids: readonly number[], read: boolean): Promise<void>;
  setFlagged(ids: readonly number[], flagged: boolean): Promise<void>;
  /** s: flags the messages, or unflags them when all of them are flagged already. */
  toggleFlag(ids: readonly number[]): Promise<void>;
  /** "Move to…": a list of folders to choose from. */
  askMoveTo(ids: readonly number[]): void;
  askEmptyTrash(accountId: number | null): void;
  emptyTrash(accountId: number | null): Promise<void>;
  /** Undoes the latest change not undone yet (z, Ctrl+Z). */
  undoLast(): Promise<void>;
}

/** Changes remembered for z; older ones can no longer be undone. */
const UNDO_DEPTH = 20;

function plural(n: number, word = 'message'): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The rows of these ids the window knows: the list's cached pages and the open message. */
function knownRows(s: AppState, ids: readonly number[]): MessageSummaryView[] {
  const wanted = new Set(ids);
  const rows = cachedRows(s.list.pages).filter((r) => wanted.has(r.id));
  const open = s.reader.message;
  if (open && wanted.has(open.id) && !rows.some((r) => r.id === open.id)) rows.push(open);
  return rows;
}

/** The accounts these messages belong to; the view's account, or all, when none of them is known. */
function accountsOf(s: AppState, ids: readonly number[]): AccountView[] {
  const known = new Set(knownRows(s, ids).map((r) => r.accountId));
  if (known.size === 0 && s.view.accountId !== null) known.add(s.view.accountId);
  return known.size === 0 ? s.accounts : s.accounts.filter((a) => known.has(a.id));
}

/** Does deleting here delete on the server too (DESIGN.md: Trash and deleting permanently count as deleted here)? */
function deletesOnServer(account: AccountView): boolean {
  return account.retention.kind !== 'delete-after-download' && account.retention.deleteWhenDeletedLocally;
}

/** Remembers (in this window's storage) that the user no longer wants the question before a delete that reaches the server. */
const ASK_SERVER_DELETE_KEY = 'poplar.askServerDelete';

function askServerDelete(): boolean {
  try {
    return typeof localStorage === 'undefined' || localStorage.getItem(ASK_SERVER_DELETE_KEY) !== 'no';
  } catch {
    return true;
  }
}

function stopAskingServerDelete(): void {
  try {
    localStorage.setItem(ASK_SERVER_DELETE_KEY, 'no');
  } catch {
    // Storage refused (private mode): the question comes again next time, which is safe.
  }
}

/** What the confirmation says about the server copies, account by account. */
export function serverNote(accounts: readonly AccountView[]): string {
  const deleting = accounts.filter(deletesOnServer);
  const names = (list: readonly AccountView[]) => list.map((a) => `“${a.name}”`).join(', ');
  if (deleting.length > 0)
    return `${names(deleting)} also ${deleting.length === 1 ? 'deletes' : 'delete'} mail from the server when it is deleted here: the server copies are deleted at the next check.`;
  return 'Copies still on the server are left there, and Poplar does not download them again.';
}

export const createMailActionsSlice: SliceCreator<MailActionsSlice> = (set, get, { api }) => {
  let undoStack: UndoEntry[] = [];
  /** Changes still waiting for the engine: z waits for them, so it undoes the latest, not the one before it. */
  const inFlight = new Set<Promise<unknown>>();

  /** Would these messages leave the list on screen if they went to `to`? */
  function leavesView(to: FolderRef | 'gone'): boolean {
    return to === 'gone' || to !== get().view.folder;
  }

  /**
   * The messages leave the list: when they are the selection, the next message takes the
   * cursor, as in every mail client — the one after them, or the one before at the end.
   */
  function planLeave(ids: readonly number[]): (() => void) | null {
    const { selectedIds, list } = get();
    const gone = new Set(ids);
    if (!selectedIds.some((id) => gone.has(id))) return null;
    const indices = ids.map((id) => indexOfId(list.pages, id)).filter((i): i is number => i !== null);
    const last = Math.max(...indices, -1);
    const first = Math.min(...indices, list.total);
    let next: { index: number; id: number } | null = null;
    for (let i = last + 1; i < list.total && next === null; i++) {
      const row = rowAt(list.pages, i);
      if (!row) break;
      if (!gone.has(row.id)) next = { index: i - indices.filter((x) => x < i).length, id: row.id };
    }
    for (let i = first - 1; i >= 0 && next === null; i--) {
      const row = rowAt(list.pages, i);
      if (!row) break;
      if (!gone.has(row.id)) next = { index: i, id: row.id };
    }
    return () => {
      set({ selectedIds: next ? [next.id] : [], cursor: next, anchorIndex: next?.index ?? null });
      if (next) void get().openMessage(next.id);
      else get().closeMessage();
    };
  }

  /** After any change: the rows in view, the unread counts and the folder counts are read again. */
  function refresh(): void {
    get().reloadList();
    void get()
      .loadAccounts()
      .catch(() => {});
    void get().loadFolders();
  }

  /** Runs a change that answers ChangeView, and offers to undo it. */
  async function change(
    ids: readonly number[],
    text: string,
    failure: string,
    leaves: boolean,
    call: () => Promise<ChangeView>,
  ): Promise<boolean> {
    if (ids.length === 0) return false;
    const after = leaves ? planLeave(ids) : null;
    let result: ChangeView;
    const answer = call();
    inFlight.add(answer);
    try {
      result = await answer;
    } catch (error) {
      get().pushToast(`${failure}: ${messageOf(error)}`, 'error');
      return false;
    } finally {
      inFlight.delete(answer);
    }
    after?.();
    refresh();
    if (result.before.length === 0) {
      get().pushToast(text);
      return true;
    }
    const entry: { text: string; before: readonly MessageStateView[]; toastId: number } = { text, before: result.before, toastId: 0 };
    entry.toastId = get().pushToast(text, 'info', undefined, { label: 'Undo', run: () => void undo(entry) });
    undoStack = [...undoStack, entry].slice(-UNDO_DEPTH);
    return true;
  }

  async function undo(entry: UndoEntry): Promise<void> {
    undoStack = undoStack.filter((e) => e !== entry);
    get().dismissToast(entry.toastId);
    try {
      await api.invoke(
        'messages.revert',
        entry.before.map((b) => ({ id: b.id, folder: b.folder, read: b.read, flagged: b.flagged })),
      );
    } catch (error) {
      get().pushToast(`Could not undo: ${messageOf(error)}`, 'error');
      return;
    }
    refresh();
    get().pushToast(`Undone: ${entry.text.replace(/\.$/, '')}.`);
  }

  return {
    async moveMessages(ids, to) {
      if (to === 'trash') return get().trashMessages(ids);
      const text = to === 'archive' ? `Archived ${plural(ids.length)}.` : `Moved ${plural(ids.length)} to ${folderLabel(get(), to)}.`;
      await change(ids, text, 'Could not move', leavesView(to), () => api.invoke('messages.move', [...ids], to));
    },

    archiveMessages: (ids) => get().moveMessages(ids, 'archive'),

    async trashMessages(ids) {
      const move = async (): Promise<void> => {
        await change(ids, `Moved ${plural(ids.length)} to Trash.`, 'Could not move to Trash', leavesView('trash'), () =>
          api.invoke('messages.delete', [...ids]),
        );
      };
      // Issue 14, defect 11: the first time a delete reaches the server too, say so before it does.
      const deleting = accountsOf(get(), ids).filter(deletesOnServer);
      if (deleting.length === 0 || !askServerDelete()) return move();
      get().openDialog({
        kind: 'confirm',
        confirm: {
          title: 'Delete from the server too?',
          body: [
            `${deleting.map((a) => `“${a.name}”`).join(', ')} also ${deleting.length === 1 ? 'deletes' : 'delete'} mail on the server when it is deleted here.`,
            'This also deletes it from the server at the next check: the phone and any other device will not see it either, even after you restore it from the Trash here.',
          ],
          confirmLabel: 'Move to Trash',
          danger: true,
          remember: 'Don’t ask again',
          run: async (remember) => {
            if (remember === true) stopAskingServerDelete();
            await move();
          },
        },
      });
    },

    async restoreMessages(ids) {
      await change(ids, `Restored ${plural(ids.length)}.`, 'Could not restore', get().view.folder === 'trash', () =>
        api.invoke('messages.restore', [...ids]),
      );
    },

    async deleteMessages(ids) {
      if (ids.length === 0) return;
      if (get().view.folder === 'trash') get().askDeletePermanently(ids);
      else await get().trashMessages(ids);
    },

    askDeletePermanently(ids) {
      if (ids.length === 0) return;
      const n = ids.length;
      get().openDialog({
        kind: 'confirm',
        confirm: {
          title: n === 1 ? 'Delete this message permanently?' : `Delete ${plural(n)} permanently?`,
          body: [
            `This cannot be undone: ${n === 1 ? 'the message is' : 'the messages are'} removed from this computer.`,
            serverNote(accountsOf(get(), ids)),
          ],
          confirmLabel: 'Delete permanently',
          danger: true,
          run: () => get().deletePermanently(ids),
        },
      });
    },

    async deletePermanently(ids) {
      if (ids.length === 0) return;
      const after = planLeave(ids);
      let removed: number;
      try {
        ({ removed } = await api.invoke('messages.deletePermanently', [...ids]));
      } catch (error) {
        get().pushToast(`Could not delete: ${messageOf(error)}`, 'error');
        return;
      }
      after?.();
      refresh();
      get().pushToast(`Deleted ${plural(removed)} permanently.`);
    },

    async setRead(ids, read) {
      await change(
        ids,
        `Marked ${plural(ids.length)} as ${read ? 'read' : 'unread'}.`,
        `Could not mark as ${read ? 'read' : 'unread'}`,
        false,
        () => api.invoke('messages.markRead', [...ids], read),
      );
    },

    async setFlagged(ids, flagged) {
      await change(
        ids,
        `${flagged ? 'Flagged' : 'Unflagged'} ${plural(ids.length)}.`,
        `Could not ${flagged ? 'flag' : 'unflag'}`,
        false,
        () => api.invoke('messages.flag', [...ids], flagged),
      );
    },

    async toggleFlag(ids) {
      const rows = knownRows(get(), ids);
      if (ids.length === 0) return;
      await get().setFlagged(ids, rows.length === 0 || rows.some((r) => !r.flagged));
    },

    askMoveTo(ids) {
      if (ids.length === 0) return;
      get().openDialog({ kind: 'move-to', ids: [...ids], from: get().view.folder });
    },

    askEmptyTrash(accountId) {
      const accounts = accountId === null ? get().accounts : get().accounts.filter((a) => a.id === accountId);
      const where = accountId === null ? 'every account’s Trash' : `the Trash of “${accounts[0]?.name ?? 'this account'}”`;
      get().openDialog({
        kind: 'confirm',
        confirm: {
          title: 'Empty Trash?',
          body: [`Every message in ${where} is deleted permanently. This cannot be undone.`, serverNote(accounts)],
          confirmLabel: 'Empty Trash',
          danger: true,
          run: () => get().emptyTrash(accountId),
        },
      });
    },

    async emptyTrash(accountId) {
      let removed: number;
      try {
        ({ removed } = await api.invoke('trash.empty', accountId));
      } catch (error) {
        get().pushToast(`Could not empty the Trash: ${messageOf(error)}`, 'error');
        return;
      }
      if (get().view.folder === 'trash') {
        set({ selectedIds: [], cursor: null, anchorIndex: null });
        get().closeMessage();
      }
      refresh();
      get().pushToast(`Emptied the Trash: ${plural(removed)} deleted permanently.`);
    },

    async undoLast() {
      await Promise.allSettled([...inFlight]);
      const entry = undoStack.at(-1);
      if (!entry) {
        get().pushToast('Nothing to undo.');
        return;
      }
      await undo(entry);
    },
  };
};

/**
 * The items of a message's context menu (the list's rows, the reading pane): `ids` are the
 * messages it acts on (the selection, or the row right-clicked), `folder` the one they are in.
 */
export function messageMenuItems(s: AppState, ids: readonly number[], folder: FolderRef): MenuEntry[] {
  if (ids.length === 0) return [];
  const rows = knownRows(s, ids);
  const anyUnread = rows.some((r) => !r.read);
  const allFlagged = rows.length > 0 && rows.every((r) => r.flagged);
  const list = [...ids];
  const mark: MenuEntry[] = [
    { label: anyUnread ? 'Mark as read' : 'Mark as unread', shortcut: 'U', run: () => void s.setRead(list, anyUnread) },
    { label: allFlagged ? 'Remove flag' : 'Flag', shortcut: 'S', run: () => void s.setFlagged(list, !allFlagged) },
  ];
  const moveTo: MenuItem = { label: 'Move to…', shortcut: 'V', run: () => s.askMoveTo(list) };
  const forever: MenuItem = {
    label: 'Delete permanently…',
    shortcut: 'Shift+Delete',
    danger: true,
    run: () => s.askDeletePermanently(list),
  };
  if (folder === 'trash') {
    return [{ label: 'Restore', run: () => void s.restoreMessages(list) }, moveTo, 'separator', ...mark, 'separator', forever];
  }
  const accountIds = rows.map((r) => r.accountId);
  // Reply and Forward answer one message (issue 15); with several selected there is no one to answer.
  const answer: MenuEntry[] =
    list.length === 1
      ? [
          { label: 'Reply', shortcut: 'R', run: () => void s.reply(list[0] as number, false) },
          { label: 'Reply all', shortcut: 'A', run: () => void s.reply(list[0] as number, true) },
          { label: 'Forward', shortcut: 'F', run: () => void s.forward(list[0] as number, 'inline') },
          { label: 'Forward as attachment', run: () => void s.forward(list[0] as number, 'attachment') },
          'separator',
        ]
      : [];
  const toInbox: MenuEntry[] =
    folder === 'archive' || typeof folder === 'number' ? [{ label: 'Move to Inbox', run: () => void s.moveMessages(list, 'inbox') }] : [];
  return [
    ...answer,
    ...mark,
    'separator',
    ...(folder === 'archive' ? [] : [{ label: 'Archive', shortcut: 'E', run: () => void s.archiveMessages(list) }]),
    ...toInbox,
    { ...moveTo, disabled: moveTargets(s, accountIds, folder).length === 0 },
    'separator',
    { label: 'Move to Trash', shortcut: 'Delete', run: () => void s.trashMessages(list) },
    forever,
  ];
}
