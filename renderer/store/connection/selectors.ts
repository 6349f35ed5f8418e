import type { AppState } from '../app.ts';

export function selectConnection(s: AppState) {
  return s.connection;
}

/** True once the first connection has worked and then been lost: worth a banner. */
export function selectIsDisconnected(s: AppState): boolean {
  return s.connection === 'reconnecting' || s.connection === 'expired' || s.connection === 'closed';
}
