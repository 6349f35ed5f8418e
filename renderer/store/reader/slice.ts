// The message in the reading pane. Opening a message marks it read. Remote content (images
// and other resources from the network) stays blocked until the user allows it for this
// message or for its sender ('messages.allowRemoteContent').
import type { MessageView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';

export interface ReaderState {
  readonly id: number | null;
  readonly message: MessageView | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: string | null;
}

export interface ReaderSlice {
  reader: ReaderState;
  /** Messages whose remote content the user allowed in this window ("Load for this message"). */
  remoteAllowedIds: Record<number, true>;
  openMessage(id: number): Promise<void>;
  closeMessage(): void;
  allowRemoteContent(scope: 'message' | 'sender'): Promise<void>;
}

const closed: ReaderState = { id: null, message: null, status: 'idle', error: null };

export const createReaderSlice: SliceCreator<ReaderSlice> = (set, get, { api }) => ({
  reader: closed,
  remoteAllowedIds: {},

  async openMessage(id) {
    // Keep the previous message on screen while the next loads: no flash between messages.
    set({ reader: { ...get().reader, id, status: 'loading', error: null } });
    let message: MessageView;
    try {
      message = await api.invoke('messages.get', id);
    } catch (error) {
      if (get().reader.id === id) set({ reader: { id, message: null, status: 'error', error: messageOf(error) } });
      return;
    }
    if (get().reader.id !== id) return; // the user moved on
    set({ reader: { id, message, status: 'ready', error: null } });
    if (!message.read) await get().markRead([id], true);
  },

  closeMessage() {
    if (get().reader.id !== null || get().reader.message !== null) set({ reader: closed });
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
  },
});
