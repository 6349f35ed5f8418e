// Where the window is and what floats over it. Ephemeral form state (what is typed into the
// account form) stays in the components; this is only what other parts need to see.
import type { SliceCreator } from '../app.ts';

export type Route =
  | { readonly name: 'mail' }
  | { readonly name: 'add-account' }
  | { readonly name: 'account-settings'; readonly accountId: number }
  | { readonly name: 'diagnostics'; readonly accountId: number };

export type Dialog =
  | { readonly kind: 'shortcuts' }
  /** "Open this link?" — the one way a link in a message leaves the app. */
  | { readonly kind: 'open-link'; readonly url: string; readonly text: string | null }
  | { readonly kind: 'remove-account'; readonly accountId: number };

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: 'info' | 'error';
  /** A toast pushed again with its key replaces its text instead of piling up ("12 new messages" → "30 new messages"). */
  readonly key?: string;
}

export interface UiSlice {
  route: Route;
  dialog: Dialog | null;
  toasts: Toast[];
  navigate(route: Route): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  pushToast(text: string, tone?: Toast['tone'], key?: string): void;
  dismissToast(id: number): void;
}

/** More than this many toasts at once is noise; the oldest go first. */
const MAX_TOASTS = 3;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  let nextToast = 1;
  return {
    route: { name: 'mail' },
    dialog: null,
    toasts: [],
    navigate: (route) => set({ route }),
    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: null }),
    pushToast(text, tone = 'info', key) {
      const toasts = get().toasts;
      if (key !== undefined && toasts.some((t) => t.key === key)) {
        set({ toasts: toasts.map((t) => (t.key === key ? { ...t, text, tone } : t)) });
        return;
      }
      set({ toasts: [...toasts, { id: nextToast++, text, tone, ...(key !== undefined ? { key } : {}) }].slice(-MAX_TOASTS) });
    },
    dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  };
};
