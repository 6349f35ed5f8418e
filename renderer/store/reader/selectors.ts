import type { AppState } from '../app.ts';

export function selectReader(s: AppState) {
  return s.reader;
}

export function selectOpenMessage(s: AppState) {
  return s.reader.message;
}

/** Remote content may load for the open message: allowed for its sender or for it alone. */
export function selectRemoteAllowed(s: AppState): boolean {
  const message = s.reader.message;
  return message !== null && (message.remoteContentAllowed || s.remoteAllowedIds[message.id] === true);
}
