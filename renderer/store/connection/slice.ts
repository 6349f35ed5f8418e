// The transport's state, so the window can say "reconnecting…" instead of failing silently.
import type { ConnectionState } from '../../api/ws-transport.ts';
import type { SliceCreator } from '../app.ts';

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(state: ConnectionState): void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  connection: 'connecting',
  setConnection: (connection) => set({ connection }),
});
