// The one place where the engine's pushes reach the store (STYLE.md: "IPC events update the
// store from one bridge module outside React"). It also loads the first state, and loads it
// all again when the transport reconnects, since pushes sent while disconnected are lost.
import type { PoplarApi } from '../shared/contract.ts';
import type { ConnectionState } from './api/ws-transport.ts';
import type { AppStore } from './store/app.ts';

export interface BridgeSource {
  readonly api: PoplarApi;
  readonly state: () => ConnectionState;
  readonly onState: (listener: (state: ConnectionState) => void) => () => void;
}

/** Starts the bridge; returns the function that stops it. */
export function startBridge(source: BridgeSource, store: AppStore): () => void {
  const s = store.getState;
  const stops = [
    source.api.on('sync.changed', (status) => s().applySyncStatus(status)),
    source.api.on('messages.new', (event) => {
      s().applyNewMessages(event);
      void s()
        .loadAccounts()
        .catch(() => {});
      if (event.count > 0) {
        const account = s().accounts.find((a) => a.id === event.accountId);
        s().pushToast(`${event.count} new message${event.count === 1 ? '' : 's'}${account ? ` in ${account.name}` : ''}.`);
      }
    }),
    source.api.on('diagnosis.changed', (event) => s().applyDiagnosisChanged(event)),
    source.onState((state) => {
      const wasDown = s().connection === 'reconnecting';
      s().setConnection(state);
      if (state === 'open' && wasDown) void loadAll(store, true);
    }),
  ];
  s().setConnection(source.state());
  void loadAll(store, false);
  return () => {
    for (const stop of stops) stop();
  };
}

/** Everything the window shows, fetched fresh. */
async function loadAll(store: AppStore, again: boolean): Promise<void> {
  const s = store.getState;
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
    if (id !== null) void s().openMessage(id);
  } else {
    s().showMailbox(null, 'inbox');
  }
}
