import type { AppState } from '../app.ts';

export function selectCompose(s: AppState) {
  return s.compose;
}

export function selectDrafts(s: AppState) {
  return s.drafts;
}

export function selectOutbox(s: AppState) {
  return s.outbox;
}
