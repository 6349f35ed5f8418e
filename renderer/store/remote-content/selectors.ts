import type { AppState } from '../app.ts';

export function selectRemoteGrants(s: AppState) {
  return s.remoteGrants;
}

export function selectRemoteGrantsError(s: AppState) {
  return s.remoteGrantsError;
}
