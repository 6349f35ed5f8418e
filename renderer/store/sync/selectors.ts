import type { SyncStatusView } from '../../../shared/contract.ts';
import type { AppState } from '../app.ts';
import type { CheckNotice } from './slice.ts';

/** The five states of the sidebar dot. */
export type SyncDot = 'idle' | 'checking' | 'backoff' | 'paused' | 'error';

export function selectSyncStatus(accountId: number) {
  return function selectSyncStatusOf(s: AppState): SyncStatusView | undefined {
    return s.syncStatus[accountId];
  };
}

export function selectSyncDot(accountId: number) {
  return function selectSyncDotOf(s: AppState): SyncDot {
    return syncDot(s.syncStatus[accountId]);
  };
}

export function selectCheckNotice(accountId: number) {
  return function selectCheckNoticeOf(s: AppState): CheckNotice | undefined {
    return s.checkNotices[accountId];
  };
}

export function selectIsChecking(accountId: number) {
  return function selectIsCheckingOf(s: AppState): boolean {
    return s.checking[accountId] === true || s.syncStatus[accountId]?.state.kind === 'running';
  };
}

/** The accounts that have a banner (ids only, so `useShallow` can compare the list). */
export function selectBannerAccountIds(s: AppState): number[] {
  return Object.values(s.syncStatus).flatMap((v) => (v.banner ? [v.accountId] : []));
}

export function selectBanner(accountId: number) {
  return function selectBannerOf(s: AppState): string | null {
    return s.syncStatus[accountId]?.banner ?? null;
  };
}

export function syncDot(status: SyncStatusView | undefined): SyncDot {
  if (!status) return 'idle';
  switch (status.state.kind) {
    case 'running':
      return 'checking';
    case 'backoff':
      return 'backoff';
    case 'paused':
      return status.state.why === 'auth-failed' || status.state.why === 'login-refused' ? 'error' : 'paused';
    case 'idle':
    case 'waiting':
      return status.lastOutcome === 'error' || status.lastOutcome === 'locked' ? 'error' : 'idle';
    default: {
      const unreachable: never = status.state;
      return unreachable;
    }
  }
}

/** The account's state in words; `clock` formats a time of day. */
export function syncStateText(status: SyncStatusView | undefined, clock: (at: number) => string): string {
  if (!status) return 'Not checked yet';
  const state = status.state;
  switch (state.kind) {
    case 'idle':
      return 'Idle';
    case 'waiting':
      return `Next check at ${clock(state.until)}`;
    case 'running':
      return 'Checking…';
    case 'backoff':
      return `Backing off until ${clock(state.until)}`;
    case 'paused':
      return state.why === 'user'
        ? 'Paused'
        : state.why === 'global'
          ? 'Paused (all accounts)'
          : state.why === 'login-refused'
            ? 'Paused: the server kept refusing the login; check the password'
            : 'Paused: the server refused the password';
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** What the answer to "Check now" says, in words. */
export function checkNoticeText(notice: CheckNotice, clock: (at: number) => string): string {
  switch (notice.kind) {
    case 'not-before':
      return `The server allows the next check at ${clock(notice.at)}. ${notice.reason}`.trim();
    case 'done':
      if (notice.outcome === 'ok') {
        return notice.downloaded === 0 ? 'No new messages.' : `${notice.downloaded} new message${notice.downloaded === 1 ? '' : 's'}.`;
      }
      return notice.message ?? (notice.outcome === 'locked' ? 'The mailbox was locked.' : 'The check failed.');
    case 'failed':
      return notice.message;
    default: {
      const unreachable: never = notice;
      return unreachable;
    }
  }
}

/** Every account is paused by "Pause all" (and there is at least one). */
export function selectAllPaused(s: AppState): boolean {
  const all = Object.values(s.syncStatus);
  return all.length > 0 && all.every((v) => v.state.kind === 'paused' && v.state.why === 'global');
}

export function selectAnyChecking(s: AppState): boolean {
  return Object.keys(s.checking).length > 0;
}
