// The one place where the engine's pushes reach the store (STYLE.md: "IPC events update the
// store from one bridge module outside React"). It also loads the first state, and loads it
// all again when the transport reconnects, since pushes sent while disconnected are lost.
//
// Pushes are gathered and applied once per animation frame: a sync that commits batch after
// batch sends a stream of 'messages.new' and 'sync.changed', and applying each on arrival
// would reload the list and render the window for every one of them.
import type { PoplarApi, SyncStatusView } from '../shared/contract.ts';
import type { ConnectionState } from './api/ws-transport.ts';
import { nextFrame } from './store/coalesce.ts';
import type { AppStore } from './store/app.ts';

export interface BridgeSource {
  readonly api: PoplarApi;
  readonly state: () => ConnectionState;
  readonly onState: (listener: (state: ConnectionState) => void) => () => void;
  /** When gathered pushes are applied; by default the next animation frame (tests pass queueMicrotask). */
  readonly schedule?: (flush: () => void) => void;
}

/** A sync may report new mail batch by batch: the list reloads for it at most this often. */
const NEW_MAIL_EVERY_MS = 250;

/** What arrived since the last flush, merged: the last state per account, new mail summed per account. */
interface Pending {
  statuses: Map<number, SyncStatusView>;
  /** A banner that came after the account's last status (a status carries its own banner). */
  banners: Map<number, string | null>;
  newMail: Map<number, number>;
}

/** Starts the bridge; returns the function that stops it. */
/**
 * `composerWindow`: the page is a composer window (shared/composer-window.ts): it shows no
 * mailbox, so none is restored, and a draft the shell opens goes to the main window, not here.
 */
export function startBridge(source: BridgeSource, store: AppStore, options: { readonly composerWindow?: boolean } = {}): () => void {
  const composerWindow = options.composerWindow === true;
  const s = store.getState;
  const schedule = source.schedule ?? ((flush: () => void) => nextFrame(flush));
  let pending: Pending | null = null;
  let stopped = false;

  function gather(): Pending {
    if (pending === null) {
      pending = { statuses: new Map(), banners: new Map(), newMail: new Map() };
      schedule(flush);
    }
    return pending;
  }

  /** New mail gathered for the next reload: at most one every NEW_MAIL_EVERY_MS while a sync streams it in. */
  const mail = new Map<number, number>();
  let mailTimer: ReturnType<typeof setTimeout> | null = null;
  let lastMailAt = -Infinity;
  /** New mail counted since each account's toast appeared: the toast grows instead of repeating. */
  const toasted = new Map<number, number>();

  function flush(): void {
    const p = pending;
    pending = null;
    if (p === null || stopped) return;
    s().applySyncStatuses([...p.statuses.values()]);
    for (const [accountId, banner] of p.banners) s().applyBanner(accountId, banner);
    if (p.newMail.size === 0) return;
    for (const [accountId, count] of p.newMail) mail.set(accountId, (mail.get(accountId) ?? 0) + count);
    if (mailTimer !== null) return;
    const wait = lastMailAt + NEW_MAIL_EVERY_MS - Date.now();
    if (wait <= 0) applyMail();
    else mailTimer = setTimeout(applyMail, wait);
  }

  function applyMail(): void {
    mailTimer = null;
    if (stopped || mail.size === 0) return;
    lastMailAt = Date.now();
    const arrived = [...mail];
    mail.clear();
    for (const [accountId, count] of arrived) s().applyNewMessages({ accountId, count });
    void s().refreshStack();
    void s()
      .loadAccounts()
      .catch(() => {});
    for (const [accountId, count] of arrived) {
      if (count <= 0) continue;
      const key = `new-mail-${accountId}`;
      const shown = s().toasts.some((t) => t.key === key) ? (toasted.get(accountId) ?? 0) : 0;
      const n = shown + count;
      toasted.set(accountId, n);
      const account = s().accounts.find((a) => a.id === accountId);
      s().pushToast(`${n} new message${n === 1 ? '' : 's'}${account ? ` in ${account.name}` : ''}.`, 'info', key);
    }
  }

  const stops = [
    source.api.on('sync.changed', (status) => {
      const p = gather();
      p.statuses.set(status.accountId, status);
      p.banners.delete(status.accountId);
    }),
    source.api.on('messages.new', (event) => {
      const p = gather();
      p.newMail.set(event.accountId, (p.newMail.get(event.accountId) ?? 0) + event.count);
    }),
    source.api.on('diagnosis.changed', (event) => void gather().banners.set(event.accountId, event.banner)),
    // Rows listed from their headers got their snippets and attachment marks: the rows shown are
    // fetched again (at most once a second from the engine, and reloadList coalesces).
    source.api.on('messages.analysed', () => s().reloadList()),
    source.api.on('folders.changed', () => void s().loadFolders()),
    source.api.on('drafts.changed', () => {
      void s().loadDrafts();
      void s().loadFolders(); // the Drafts count
    }),
    source.api.on('outbox.changed', (event) => {
      void s().loadOutbox();
      void s().loadFolders();
      if (event.state === 'sent') {
        s().pushToast('Message sent.', 'info', `outbox-${event.id}`);
        if (s().view.folder === 'sent') s().reloadList();
      }
    }),
    source.api.on('drafts.open', (event) => void (composerWindow ? undefined : s().openDraft(event.id))),
    source.onState((state) => {
      const wasDown = s().connection === 'reconnecting';
      s().setConnection(state);
      if (state === 'open' && wasDown) void loadAll(store, true, composerWindow);
    }),
  ];
  s().setConnection(source.state());
  void loadAll(store, false, composerWindow);
  return () => {
    stopped = true;
    if (mailTimer !== null) clearTimeout(mailTimer);
    for (const stop of stops) stop();
  };
}

/**
 * Everything the window shows, fetched fresh. At start the first page of "All inboxes" is
 * asked for together with the accounts and their states, not after them: the requests leave
 * in one go, and the rows are there as soon as the window is.
 */
async function loadAll(store: AppStore, again: boolean, composerWindow = false): Promise<void> {
  const s = store.getState;
  // The folder, search, open message and scroll position of before a reload, or All inboxes (defect 9).
  if (!again && !composerWindow) s().restoreMailbox();
  // The folders are not needed for the first page: they load beside it.
  void s().loadFolders();
  try {
    await Promise.all([s().loadAccounts(), s().loadSyncStatus()]);
  } catch (error) {
    // A first load that fails while the transport is down is retried on reconnect.
    if (s().connection === 'open')
      s().pushToast(`Could not load accounts: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return;
  }
  if (again) {
    s().reloadList();
    const id = s().reader.id;
    if (id !== null) void s().openMessage(id, { markRead: false });
  }
}
