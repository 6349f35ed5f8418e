// Lock diagnostics per account ('diagnostics.get'), fetched when the view opens and again
// when the engine says the diagnosis changed; and the demo's "another device holds the
// mailbox" switch ('demo.holdMailbox'), which only `poplar serve --demo` answers.
import type { DiagnosticsView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';

export type DiagnosticsEntry =
  | { readonly status: 'loading'; readonly view: DiagnosticsView | null }
  | { readonly status: 'ready'; readonly view: DiagnosticsView; readonly loadedAt: number }
  | { readonly status: 'error'; readonly view: DiagnosticsView | null; readonly error: string };

export interface DemoHold {
  /** null until the demo has answered once. */
  readonly held: boolean | null;
  readonly busy: boolean;
  readonly error: string | null;
}

export interface DiagnosticsSlice {
  diagnostics: Record<number, DiagnosticsEntry>;
  demoHold: DemoHold;
  loadDiagnostics(accountId: number): Promise<void>;
  applyDiagnosisChanged(event: { accountId: number; banner: string | null }): void;
  holdMailbox(held: boolean): Promise<void>;
}

export const createDiagnosticsSlice: SliceCreator<DiagnosticsSlice> = (set, get, { api, now }) => ({
  diagnostics: {},
  demoHold: { held: null, busy: false, error: null },

  async loadDiagnostics(accountId) {
    const previous = get().diagnostics[accountId]?.view ?? null;
    set({ diagnostics: { ...get().diagnostics, [accountId]: { status: 'loading', view: previous } } });
    let entry: DiagnosticsEntry;
    try {
      entry = { status: 'ready', view: await api.invoke('diagnostics.get', accountId), loadedAt: now() };
    } catch (error) {
      entry = { status: 'error', view: previous, error: messageOf(error) };
    }
    set({ diagnostics: { ...get().diagnostics, [accountId]: entry } });
  },

  applyDiagnosisChanged({ accountId, banner }) {
    get().applyBanner(accountId, banner);
    // Refresh an open diagnostics view; others load fresh when opened.
    const route = get().route;
    if (route.name === 'diagnostics' && route.accountId === accountId) void get().loadDiagnostics(accountId);
    else if (get().diagnostics[accountId]) {
      const { [accountId]: _stale, ...rest } = get().diagnostics;
      set({ diagnostics: rest });
    }
  },

  async holdMailbox(held) {
    set({ demoHold: { ...get().demoHold, busy: true, error: null } });
    try {
      const result = await api.invoke('demo.holdMailbox', held);
      set({ demoHold: { held: result.held, busy: false, error: null } });
    } catch (error) {
      set({ demoHold: { ...get().demoHold, busy: false, error: messageOf(error) } });
    }
  },
});
