// The message in the reading pane. Opening a message marks it read. Remote content (images
// and other resources from the network) stays blocked until the user allows it for this
// message or for its sender ('messages.allowRemoteContent').
//
// When the message belongs to a conversation of more than one message, the pane shows it as a
// stack (stack.ts): only the expanded messages are loaded, and expanding one marks it read.
import type { MessageSummaryView, MessageView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';
import { allowedForSender, firstExpanded, noStack, withArrived, withRead, type StackState } from './stack.ts';

export interface ReaderState {
  readonly id: number | null;
  readonly message: MessageView | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: string | null;
}

export interface ReaderSlice {
  reader: ReaderState;
  stack: StackState;
  /** Messages whose remote content the user allowed in this window ("Load for this message"). */
  remoteAllowedIds: Record<number, true>;
  /**
   * Opening marks the message read, unless `markRead` is false: the window coming back after a
   * reload or a reconnect shows again what was open, and must not undo an "unread" the user set.
   */
  openMessage(id: number, options?: { readonly markRead?: boolean }): Promise<void>;
  closeMessage(): void;
  /** Expands a message of the stack (loading its body, marking it read) or folds it again. */
  toggleStackMessage(id: number): Promise<void>;
  allowRemoteContent(scope: 'message' | 'sender'): Promise<void>;
  /**
   * New mail arrived: the open message's conversation is read again, so a reply that arrives
   * while it is open joins its stack (folded, unread) without closing or reloading anything.
   */
  refreshStack(): Promise<void>;
}

const closed: ReaderState = { id: null, message: null, status: 'idle', error: null };

export const createReaderSlice: SliceCreator<ReaderSlice> = (set, get, { api }) => {
  /** Marks a stack message read; in the conversation view the list reloads for its row's unread count. */
  async function readInStack(summary: MessageSummaryView): Promise<void> {
    if (summary.read) return;
    set({ stack: withRead(get().stack, summary.id) });
    await get().markRead([summary.id], true);
    if (get().conversations) get().reloadList();
  }

  async function loadBody(forId: number, id: number): Promise<void> {
    try {
      const body = await api.invoke('messages.get', id);
      const stack = get().stack;
      if (stack.forId === forId) set({ stack: { ...stack, bodies: { ...stack.bodies, [id]: body } } });
    } catch (error) {
      const stack = get().stack;
      if (stack.forId === forId) set({ stack: { ...stack, failed: { ...stack.failed, [id]: messageOf(error) } } });
    }
  }

  return {
    reader: closed,
    stack: noStack,
    remoteAllowedIds: {},

    async openMessage(id, options) {
      const markRead = options?.markRead !== false;
      // Keep the previous message on screen while the next loads: no flash between messages.
      set({ reader: { ...get().reader, id, status: 'loading', error: null } });
      // Without its conversation the message still opens, alone.
      const conversation = api.invoke('messages.conversation', id).catch(() => null);
      let message: MessageView;
      try {
        message = await api.invoke('messages.get', id);
      } catch (error) {
        if (get().reader.id === id) set({ reader: { id, message: null, status: 'error', error: messageOf(error) }, stack: noStack });
        return;
      }
      const messages = await conversation;
      if (get().reader.id !== id) return; // the user moved on
      const ready: ReaderState = { id, message, status: 'ready', error: null };
      if (!messages || messages.length < 2 || !messages.some((m) => m.id === id)) {
        set({ reader: ready, stack: noStack });
        if (!message.read && markRead) await get().markRead([id], true);
        return;
      }
      const target = firstExpanded(messages, id, get().conversations);
      set({ reader: ready, stack: { forId: id, messages, expandedIds: [target], bodies: { [id]: message }, failed: {} } });
      const summary = messages.find((m) => m.id === target);
      await Promise.all([target === id ? null : loadBody(id, target), summary && markRead ? readInStack(summary) : null]);
    },

    closeMessage() {
      if (get().reader.id !== null || get().reader.message !== null) set({ reader: closed, stack: noStack });
    },

    async toggleStackMessage(id) {
      const stack = get().stack;
      const summary = stack.messages.find((m) => m.id === id);
      if (stack.forId === null || !summary) return;
      if (stack.expandedIds.includes(id)) {
        set({ stack: { ...stack, expandedIds: stack.expandedIds.filter((e) => e !== id) } });
        return;
      }
      set({ stack: { ...stack, expandedIds: [...stack.expandedIds, id] } });
      await Promise.all([stack.bodies[id] ? null : loadBody(stack.forId, id), readInStack(summary)]);
    },

    async refreshStack() {
      const { id, message } = get().reader;
      if (id === null || message === null) return;
      const messages = await api.invoke('messages.conversation', id).catch(() => null);
      if (messages === null || get().reader.id !== id || !messages.some((m) => m.id === id)) return;
      const stack = get().stack;
      if (stack.forId === id) {
        set({ stack: withArrived(stack, messages) });
      } else if (messages.length > 1) {
        // The message stood alone until now: it becomes a stack, itself expanded as it was.
        set({ stack: { forId: id, messages, expandedIds: [id], bodies: { [id]: message }, failed: {} } });
      }
    },

    async allowRemoteContent(scope) {
      const message = get().reader.message;
      if (!message) return;
      try {
        await api.invoke('messages.allowRemoteContent', message.id, scope);
      } catch (error) {
        get().pushToast(`Could not allow remote content: ${messageOf(error)}`, 'error');
        return;
      }
      set({ remoteAllowedIds: { ...get().remoteAllowedIds, [message.id]: true } });
      if (scope === 'sender' && get().reader.id === message.id) {
        set({ reader: { ...get().reader, message: { ...message, remoteContentAllowed: true } } });
      }
      if (scope === 'sender') set({ stack: allowedForSender(get().stack, message.fromAddress) });
    },
  };
};
