// The "always load remote content" grants, for the settings view that lists them with Revoke
// (renderer/components/settings/RemoteContentSettings.tsx). Revoking reaches the open message
// at once: a revoked sender's message, or a revoked message, shows its remote content blocked
// again without being reopened.
import type { RemoteContentGrantView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { messageOf } from '../deps.ts';

export interface RemoteContentSlice {
  /** Null until loaded. */
  remoteGrants: RemoteContentGrantView[] | null;
  remoteGrantsError: string | null;
  loadRemoteGrants(): Promise<void>;
  revokeRemoteGrant(kind: RemoteContentGrantView['kind'], value: string): Promise<void>;
}

export const createRemoteContentSlice: SliceCreator<RemoteContentSlice> = (set, get, { api }) => ({
  remoteGrants: null,
  remoteGrantsError: null,

  async loadRemoteGrants() {
    try {
      set({ remoteGrants: await api.invoke('remoteContent.list'), remoteGrantsError: null });
    } catch (error) {
      set({ remoteGrantsError: messageOf(error) });
    }
  },

  async revokeRemoteGrant(kind, value) {
    try {
      await api.invoke('remoteContent.revoke', kind, value);
    } catch (error) {
      get().pushToast(`Could not revoke: ${messageOf(error)}`, 'error');
      return;
    }
    const grants = get().remoteGrants;
    if (grants) set({ remoteGrants: grants.filter((g) => !(g.kind === kind && g.value === value)) });
    const open = get().reader.message;
    if (open === null) return;
    const sender = open.fromAddress.trim().toLowerCase();
    const hit = kind === 'sender' ? sender !== '' && sender === value : String(open.id) === value;
    if (!hit) return;
    // What is left may still allow it (a sender revoked, the message's own grant kept): ask.
    let stillAllowed = false;
    try {
      stillAllowed = (await api.invoke('messages.get', open.id)).remoteContentAllowed;
    } catch {
      // Gone or unreadable: block, the safe side.
    }
    const { [open.id]: _dropped, ...others } = get().remoteAllowedIds;
    const reader = get().reader;
    set({
      remoteAllowedIds: stillAllowed ? get().remoteAllowedIds : others,
      ...(reader.message?.id === open.id
        ? { reader: { ...reader, message: { ...reader.message, remoteContentAllowed: stillAllowed } } }
        : {}),
    });
  },
});
