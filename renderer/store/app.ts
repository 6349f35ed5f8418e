// The one store (zustand's slices pattern): each slice owns its state and the actions that
// change it, and may read the whole state through `get`. Components read it through named
// selectors (store/<slice>/selectors.ts); IPC events reach it through renderer/bridge.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAccountsSlice, type AccountsSlice } from './accounts/slice.ts';
import { createComposeSlice, type ComposeSlice } from './compose/slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection/slice.ts';
import type { StoreDeps } from './deps.ts';
import { createDiagnosticsSlice, type DiagnosticsSlice } from './diagnostics/slice.ts';
import { createFoldersSlice, type FoldersSlice } from './folders/slice.ts';
import { createMailActionsSlice, type MailActionsSlice } from './mail-actions.ts';
import { createMailboxSlice, type MailboxSlice } from './mailbox/slice.ts';
import { createReaderSlice, type ReaderSlice } from './reader/slice.ts';
import { createRemoteContentSlice, type RemoteContentSlice } from './remote-content/slice.ts';
import { createSyncSlice, type SyncSlice } from './sync/slice.ts';
import { createUiSlice, type UiSlice } from './ui/slice.ts';

export type AppState = AccountsSlice &
  ComposeSlice &
  ConnectionSlice &
  DiagnosticsSlice &
  FoldersSlice &
  MailActionsSlice &
  MailboxSlice &
  ReaderSlice &
  RemoteContentSlice &
  SyncSlice &
  UiSlice;
export type AppStore = StoreApi<AppState>;

/** The signature every slice creator has: it sees the whole state, returns its own part. */
export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: () => AppState, deps: StoreDeps) => T;

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createAccountsSlice(set, get, deps),
    ...createComposeSlice(set, get, deps),
    ...createConnectionSlice(set, get, deps),
    ...createDiagnosticsSlice(set, get, deps),
    ...createFoldersSlice(set, get, deps),
    ...createMailActionsSlice(set, get, deps),
    ...createMailboxSlice(set, get, deps),
    ...createReaderSlice(set, get, deps),
    ...createRemoteContentSlice(set, get, deps),
    ...createSyncSlice(set, get, deps),
    ...createUiSlice(set, get, deps),
  }));
}
