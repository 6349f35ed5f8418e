// Where the window is and what floats over it. Ephemeral form state (what is typed into the
// account form) stays in the components; this is only what other parts need to see.
import type { FolderRef } from '../../../shared/contract.ts';
import { isMailto } from '../../mail/urls.ts';
import type { SliceCreator } from '../app.ts';
import { saveRoute } from '../mailbox/session.ts';

export type Route =
  | { readonly name: 'mail' }
  | { readonly name: 'add-account' }
  | { readonly name: 'account-settings'; readonly accountId: number }
  | { readonly name: 'diagnostics'; readonly accountId: number }
  /** Settings of the whole app (remote content allowed for senders and messages). */
  | { readonly name: 'settings' }
  /** The composer, on the draft in the compose slice. */
  | { readonly name: 'compose' }
  /** The Drafts and Outbox lists (not folders of messages: shared/compose-contract.ts). */
  | { readonly name: 'drafts' }
  | { readonly name: 'outbox' };

export type Dialog =
  | { readonly kind: 'shortcuts' }
  /** "Open this link?" — the one way a link in a message leaves the app. */
  | { readonly kind: 'open-link'; readonly url: string; readonly text: string | null }
  | { readonly kind: 'remove-account'; readonly accountId: number }
  /** "Move to…": the folders the messages can go to, filtered as the user types. */
  | { readonly kind: 'move-to'; readonly ids: readonly number[]; readonly from: FolderRef }
  /** A new folder's name (accountId null: a local folder), or a folder's new name. */
  | { readonly kind: 'folder-name'; readonly accountId: number | null; readonly folderId: number | null }
  /** A question before something that cannot be undone, or that moves many messages. */
  | { readonly kind: 'confirm'; readonly confirm: Confirm };

export interface Confirm {
  readonly title: string;
  readonly body: readonly string[];
  readonly confirmLabel: string;
  readonly danger: boolean;
  /** Runs on confirm; the dialog closes when it settles (it reports its own failures). */
  readonly run: (remember?: boolean) => Promise<void>;
  /** A "don't ask again" box (its label; ticked at first): `run` gets whether it was ticked. */
  readonly remember?: string;
}

/** A button on a toast ("Undo"). */
export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
  /** How long the action is offered, when it stops making sense sooner than an undo toast lasts (undo-send). */
  readonly forMs?: number;
}

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: 'info' | 'error';
  /** A toast pushed again with its key replaces its text instead of piling up ("12 new messages" → "30 new messages"). */
  readonly key?: string;
  readonly action?: ToastAction;
}

export interface UiSlice {
  route: Route;
  dialog: Dialog | null;
  toasts: Toast[];
  navigate(route: Route): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  /** Returns the toast's id. */
  pushToast(text: string, tone?: Toast['tone'], key?: string, action?: ToastAction): number;
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
    navigate(route) {
      set({ route });
      saveRoute(route);
    },
    openDialog(dialog) {
      // Every link of a message comes here; a mailto: one is a message to write (issue 15).
      if (dialog.kind === 'open-link' && isMailto(dialog.url)) void get().mailtoHere(dialog.url);
      else set({ dialog });
    },
    closeDialog: () => set({ dialog: null }),
    pushToast(text, tone = 'info', key, action) {
      const toasts = get().toasts;
      const same = key === undefined ? undefined : toasts.find((t) => t.key === key);
      if (same) {
        // The new text comes with its own action or none: "Message sent." offers no Undo any more.
        const replaced = (t: Toast): Toast => {
          const { action: _old, ...rest } = t;
          return { ...rest, text, tone, ...(action ? { action } : {}) };
        };
        set({ toasts: toasts.map((t) => (t === same ? replaced(t) : t)) });
        return same.id;
      }
      const id = nextToast++;
      const toast: Toast = { id, text, tone, ...(key !== undefined ? { key } : {}), ...(action ? { action } : {}) };
      set({ toasts: [...toasts, toast].slice(-MAX_TOASTS) });
      return id;
    },
    dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  };
};
