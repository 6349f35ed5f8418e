// Each account's scheduler state as the engine reports it ('sync.changed' pushes it), and the
// answer to the last "Check now" — which may be "not before 10:42" because Poplar never
// checks faster than the server allows (DESIGN.md, "The scheduler").
import type { CheckNowView, SyncStatusView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { coalesced } from '../coalesce.ts';
import { messageOf } from '../deps.ts';

export type CheckNotice = CheckNowView | { readonly kind: 'failed'; readonly message: string };

export interface SyncSlice {
  syncStatus: Record<number, SyncStatusView>;
  checkNotices: Record<number, CheckNotice>;
  /** Accounts whose "Check now" is waiting for its answer. */
  checking: Record<number, true>;
  loadSyncStatus(): Promise<void>;
  applySyncStatus(status: SyncStatusView): void;
  /** Several accounts' states at once (a burst of 'sync.changed'): one update. */
  applySyncStatuses(statuses: readonly SyncStatusView[]): void;
  applyBanner(accountId: number, banner: string | null): void;
  checkNow(accountId: number): Promise<void>;
  /** Every account whose state allows it; used by the c/F5 shortcut in "All inboxes". */
  checkAll(): Promise<void>;
  pauseAll(paused: boolean): Promise<void>;
  dismissCheckNotice(accountId: number): void;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get, { api }) => ({
  syncStatus: {},
  checkNotices: {},
  checking: {},

  loadSyncStatus: coalesced(async () => {
    const list = await api.invoke('sync.status');
    set({ syncStatus: Object.fromEntries(list.map((s) => [s.accountId, s])) });
  }),

  applySyncStatus(status) {
    get().applySyncStatuses([status]);
  },

  applySyncStatuses(statuses) {
    if (statuses.length === 0) return;
    const syncStatus = { ...get().syncStatus };
    for (const status of statuses) syncStatus[status.accountId] = status;
    set({ syncStatus });
  },

  applyBanner(accountId, banner) {
    const current = get().syncStatus[accountId];
    if (current) set({ syncStatus: { ...get().syncStatus, [accountId]: { ...current, banner } } });
  },

  async checkNow(accountId) {
    if (get().checking[accountId]) return; // the engine joins a running check anyway; one request is enough
    set({ checking: { ...get().checking, [accountId]: true } });
    let notice: CheckNotice;
    try {
      notice = await api.invoke('sync.checkNow', accountId);
    } catch (error) {
      notice = { kind: 'failed', message: messageOf(error) };
    }
    const { [accountId]: _done, ...checking } = get().checking;
    set({ checking, checkNotices: { ...get().checkNotices, [accountId]: notice } });
    if (notice.kind === 'done' && notice.downloaded > 0) {
      // 'messages.new' usually arrives too; reloading twice is cheap and covers a host that does not push.
      await Promise.all([get().loadAccounts(), Promise.resolve(get().reloadList())]).catch(() => {});
    }
  },

  async checkAll() {
    await Promise.all(
      get()
        .accounts.filter((a) => !a.paused)
        .map((a) => get().checkNow(a.id)),
    );
  },

  async pauseAll(paused) {
    await api.invoke('sync.pauseAll', paused);
    await Promise.all([get().loadSyncStatus(), get().loadAccounts()]);
  },

  dismissCheckNotice(accountId) {
    const { [accountId]: _gone, ...checkNotices } = get().checkNotices;
    set({ checkNotices });
  },
});
