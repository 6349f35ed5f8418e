// The composer, the Drafts list and the Outbox list (issue 15). The open draft lives here, not
// in the component, so an edit is saved even when the view closes under it: every change is
// saved by 'drafts.save' within SAVE_DELAY_MS of the last keystroke, and at once on close or
// send. Attachments travel by their own channels (shared/compose-contract.ts says why).
import type { AttachmentInput, ComposeAddressView, DraftInput, DraftView, OutboxItemView } from '../../../shared/compose-contract.ts';
import type { SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';

/**
 * Undo send: a message waits this long in the Outbox before it leaves ('outbox.send' holds it),
 * and the toast offers Undo for as long; Gmail's default is 5 s too.
 */
export const UNDO_SEND_SECONDS = 5;

/** Typing pauses shorter than this do not save; the issue asks for "within a second or two". */
export const SAVE_DELAY_MS = 800;

/** The fields the composer edits (everything 'drafts.save' carries but the ids). */
export type DraftFields = Omit<DraftInput, 'id' | 'accountId'>;

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

export interface ComposeState {
  /** The draft in the composer, with the user's latest edits; null: the composer is closed. */
  readonly draft: DraftView | null;
  readonly save: SaveState;
  readonly problem: string | null;
  readonly sending: boolean;
}

export interface ComposeSlice {
  compose: ComposeState;
  /** The message just sent and held for its undo time (until, ms since the epoch); null otherwise. */
  heldSend: { readonly id: number; readonly until: number } | null;
  drafts: DraftView[];
  outbox: OutboxItemView[];
  /** Opens the composer on a draft (the route 'compose'). */
  openComposer(draft: DraftView): void;
  newMessage(accountId: number): Promise<void>;
  /** "New message" where the user is: the account in view, else the first with an outgoing server. */
  newMessageHere(): Promise<void>;
  /** The message Reply, Reply all and Forward answer: the open one, else the one selected. */
  answerTarget(): number | null;
  reply(messageId: number, all: boolean): Promise<void>;
  forward(messageId: number, mode: 'inline' | 'attachment'): Promise<void>;
  mailto(accountId: number, url: string): Promise<void>;
  /** A mailto: link clicked in a message: written from that message's account. */
  mailtoHere(url: string): Promise<void>;
  /** True once the draft is in the composer; false when it could not be opened (said in a toast). */
  openDraft(id: number): Promise<boolean>;
  /** An edit: kept at once, saved after SAVE_DELAY_MS without another. */
  editDraft(patch: Partial<DraftFields> & { accountId?: number }): void;
  /** Saves a pending edit now (close, send, reload). */
  flushDraft(): Promise<void>;
  closeComposer(): Promise<void>;
  /**
   * "Open in a new window": the draft saved, then `openWindow(draftId)` (the page's window.open,
   * false when the browser blocked it); the composer here closes once the window is open.
   */
  popOutComposer(openWindow: (draftId: number) => boolean): Promise<void>;
  discardDraft(): Promise<void>;
  sendDraft(): Promise<boolean>;
  attachFile(file: AttachmentInput): Promise<void>;
  detachFile(index: number): Promise<void>;
  loadDrafts(): Promise<void>;
  /** Completion for To/Cc/Bcc; [] when the engine cannot answer. */
  findAddresses(words: string): Promise<ComposeAddressView[]>;
  loadOutbox(): Promise<void>;
  retryOutbox(id: number): Promise<void>;
  resolveOutbox(id: number, answer: 'sent' | 'resend'): Promise<void>;
  cancelOutbox(id: number): Promise<void>;
}

const closed: ComposeState = { draft: null, save: 'saved', problem: null, sending: false };

function inputOf(d: DraftView): DraftInput {
  return {
    id: d.id,
    accountId: d.accountId,
    to: d.to.map((a) => ({ name: a.name, address: a.address })),
    cc: d.cc.map((a) => ({ name: a.name, address: a.address })),
    bcc: d.bcc.map((a) => ({ name: a.name, address: a.address })),
    subject: d.subject,
    text: d.text,
    html: d.html,
    inReplyTo: d.inReplyTo,
    references: [...d.references],
  };
}

export const createComposeSlice: SliceCreator<ComposeSlice> = (set, get, { api }) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Saves run one after another, so an older one never lands after a newer one. */
  let chain: Promise<void> = Promise.resolve();
  /** Bumped by every edit: a save that finishes after a newer edit leaves the state 'pending'. */
  let edits = 0;

  const patch = (next: Partial<ComposeState>) => set({ compose: { ...get().compose, ...next } });
  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  function save(): Promise<void> {
    stopTimer();
    chain = chain.then(async () => {
      const draft = get().compose.draft;
      if (!draft || get().compose.save === 'saved') return;
      const seen = edits;
      patch({ save: 'saving' });
      try {
        const { updatedAt } = await api.invoke('drafts.save', inputOf(draft));
        const now = get().compose.draft;
        if (now?.id !== draft.id) return;
        patch({ draft: { ...now, updatedAt }, save: seen === edits ? 'saved' : 'pending', problem: null });
      } catch (e) {
        patch({ save: 'failed', problem: `The draft could not be saved: ${messageOf(e)}` });
      }
    });
    return chain;
  }

  async function open(load: Promise<DraftView>, what: string): Promise<boolean> {
    try {
      get().openComposer(await load);
      return true;
    } catch (e) {
      get().pushToast(`Could not ${what}: ${messageOf(e)}`, 'error');
      return false;
    }
  }

  return {
    compose: closed,
    heldSend: null,
    drafts: [],
    outbox: [],

    openComposer(draft) {
      stopTimer();
      set({ compose: { ...closed, draft } });
      get().navigate({ name: 'compose' });
    },
    newMessage: async (accountId) => {
      await open(api.invoke('compose.new', accountId), 'start a message');
    },
    async newMessageHere() {
      const { view, accounts } = get();
      const account = view.accountId ?? (accounts.find((a) => a.smtp) ?? accounts[0])?.id;
      if (account === undefined) {
        get().pushToast('Add an account before writing a message.', 'error');
        return;
      }
      await get().newMessage(account);
    },
    answerTarget() {
      const { reader, selectedIds } = get();
      return reader.id ?? (selectedIds.length === 1 ? (selectedIds[0] ?? null) : null);
    },
    reply: async (messageId, all) => {
      await open(api.invoke('compose.reply', messageId, all), 'start the reply');
    },
    forward: async (messageId, mode) => {
      await open(api.invoke('compose.forward', messageId, mode), 'start the forward');
    },
    mailto: async (accountId, url) => {
      await open(api.invoke('compose.mailto', accountId, url), 'open the mail link');
    },
    async mailtoHere(url) {
      const { reader, view, accounts } = get();
      const account = reader.message?.accountId ?? view.accountId ?? (accounts.find((a) => a.smtp) ?? accounts[0])?.id;
      if (account === undefined) return;
      await get().mailto(account, url.slice(0, 8000));
    },
    openDraft: (id) => open(api.invoke('drafts.get', id), 'open the draft'),

    editDraft(fields) {
      const draft = get().compose.draft;
      if (!draft) return;
      edits++;
      patch({ draft: { ...draft, ...fields }, save: 'pending' });
      stopTimer();
      timer = setTimeout(() => void save(), SAVE_DELAY_MS);
    },

    flushDraft: () => save(),

    async closeComposer() {
      await save();
      if (get().compose.save === 'failed') return; // stays open: closing would lose the words
      set({ compose: closed });
      get().navigate({ name: 'mail' });
      void get().loadDrafts();
    },

    async popOutComposer(openWindow) {
      await save();
      const draft = get().compose.draft;
      if (!draft || get().compose.save === 'failed') return; // the words stay where they can be seen
      if (!openWindow(draft.id)) {
        patch({ problem: 'The new window did not open (a pop-up blocker?). The draft is saved; go on writing here.' });
        return;
      }
      set({ compose: closed });
      get().navigate({ name: 'mail' });
      void get().loadDrafts();
    },

    async discardDraft() {
      const draft = get().compose.draft;
      stopTimer();
      await chain;
      if (draft) {
        try {
          await api.invoke('drafts.remove', draft.id);
        } catch (e) {
          get().pushToast(`Could not discard the draft: ${messageOf(e)}`, 'error');
          return;
        }
      }
      set({ compose: closed, drafts: get().drafts.filter((d) => d.id !== draft?.id) });
      get().navigate({ name: 'mail' });
    },

    async sendDraft() {
      await save();
      const draft = get().compose.draft;
      if (!draft || get().compose.save === 'failed') return false;
      patch({ sending: true, problem: null });
      try {
        const item = await api.invoke('outbox.send', draft.id, UNDO_SEND_SECONDS);
        const until = item.nextAttemptAt ?? Date.now();
        set({ compose: closed, heldSend: { id: item.id, until }, outbox: [item, ...get().outbox.filter((o) => o.id !== item.id)] });
        get().navigate({ name: 'mail' });
        get().pushToast(`Sending in ${UNDO_SEND_SECONDS} seconds…`, 'info', `outbox-${item.id}`, {
          label: 'Undo',
          run: () => void get().cancelOutbox(item.id),
          forMs: Math.max(0, until - Date.now()),
        });
        return true;
      } catch (e) {
        patch({ sending: false, problem: messageOf(e) });
        return false;
      }
    },

    async attachFile(file) {
      await save();
      const draft = get().compose.draft;
      if (!draft) return;
      try {
        const next = await api.invoke('drafts.attach', draft.id, file);
        const now = get().compose.draft;
        if (now?.id === next.id) patch({ draft: { ...now, attachments: next.attachments, updatedAt: next.updatedAt } });
      } catch (e) {
        patch({ problem: `Could not attach ${file.filename}: ${messageOf(e)}` });
      }
    },

    async detachFile(index) {
      const draft = get().compose.draft;
      if (!draft) return;
      try {
        const next = await api.invoke('drafts.detach', draft.id, index);
        const now = get().compose.draft;
        if (now?.id === next.id) patch({ draft: { ...now, attachments: next.attachments, updatedAt: next.updatedAt } });
      } catch (e) {
        patch({ problem: `Could not remove the attachment: ${messageOf(e)}` });
      }
    },

    async loadDrafts() {
      try {
        set({ drafts: await api.invoke('drafts.list', get().view.accountId) });
      } catch {
        // keeps what is shown until the next 'drafts.changed'
      }
    },

    async findAddresses(words) {
      try {
        return await api.invoke('compose.addresses', words.slice(0, 200), 8);
      } catch {
        return [];
      }
    },

    async loadOutbox() {
      try {
        set({ outbox: await api.invoke('outbox.list', get().view.accountId) });
      } catch {
        // as above, until the next 'outbox.changed'
      }
    },

    async retryOutbox(id) {
      try {
        const item = await api.invoke('outbox.retry', id);
        set({ outbox: get().outbox.map((o) => (o.id === id ? item : o)) });
      } catch (e) {
        get().pushToast(`Could not retry: ${messageOf(e)}`, 'error');
      }
    },

    async resolveOutbox(id, answer) {
      try {
        const item = await api.invoke('outbox.resolveUnknown', id, answer);
        set({ outbox: get().outbox.map((o) => (o.id === id ? item : o)) });
      } catch (e) {
        get().pushToast(`Could not record the answer: ${messageOf(e)}`, 'error');
      }
    },

    async cancelOutbox(id) {
      try {
        const draft = await api.invoke('outbox.cancel', id);
        set({ outbox: get().outbox.filter((o) => o.id !== id), heldSend: get().heldSend?.id === id ? null : get().heldSend });
        get().openComposer(draft);
      } catch (e) {
        get().pushToast(`Could not take it back: ${messageOf(e)}`, 'error');
      }
    },
  };
};
