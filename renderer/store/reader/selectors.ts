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

/** The conversation stack of the open message; its messages list is empty when it stands alone. */
export function selectStack(s: AppState) {
  return s.stack;
}

/** Remote content may load for this message of the stack. */
export function selectRemoteAllowedFor(message: { id: number; remoteContentAllowed: boolean }) {
  return (s: AppState): boolean => message.remoteContentAllowed || s.remoteAllowedIds[message.id] === true;
}
