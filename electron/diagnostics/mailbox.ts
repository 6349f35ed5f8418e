// One mailbox's whole diagnostic picture read from a profile: its sessions, the server's
// LOGIN-DELAY, the next check as the scheduler plans it, and the diagnosis. Used by
// `poplar diagnose`, `poplar watch` and the diagnostics view.
import type { DatabaseSync } from 'node:sqlite';
import type { Account } from '../../shared/account.ts';
import { listAccounts } from '../store/accounts.ts';
import { listSessions, type SessionRecord } from '../store/sessions.ts';
import { historyEntry, loginDelaySeconds } from '../sync/history.ts';
import { nextCheck, type HistoryEntry } from '../sync/policy.ts';
import { diagnose } from './diagnose.ts';
import type { Diagnosis, KnownHold } from './diagnosis.ts';
import { stateOf, type MailboxState } from './mailbox-state.ts';
import { isFinished, isRunning } from './session-facts.ts';

/**
 * Sessions read per mailbox: enough for a day of refusals (the pattern looks back 24 hours)
 * even at a one-minute interval with backoff, without reading a long history's transcripts.
 */
export const SESSIONS_READ = 200;

export interface MailboxReport {
  readonly account: Account;
  readonly loginDelaySeconds: number | null;
  readonly state: MailboxState;
  /** The newest failed session's error, even when a later check worked. */
  readonly lastError: (NonNullable<SessionRecord['error']> & { readonly at: number; readonly sessionId: number }) | null;
  readonly diagnosis: Diagnosis;
  /** When the scheduler checks next: the very time of its timer (sync/policy.ts nextCheck). */
  readonly nextCheckAt: number | null;
  /** Newest first. */
  readonly sessions: readonly SessionRecord[];
}

/** `knownHolds`: when another client is known to have held the mailbox (the demo's switch). */
export function mailboxReport(db: DatabaseSync, account: Account, now: number, knownHolds: readonly KnownHold[] = []): MailboxReport {
  const sessions = listSessions(db, account.mailboxKey, SESSIONS_READ);
  const delay = loginDelaySeconds(db, account.mailboxKey);
  const history = sessions.flatMap((s): HistoryEntry[] => {
    const h = historyEntry(s);
    return h ? [h] : [];
  });
  // The scheduler's own function on the same history and settings: the time promised here is
  // the time of its timer (its jitter is drawn from the history, not from Math.random).
  // Accounts on one mailbox share its schedule, merged as the scheduler merges them
  // (scheduler.ts mergeKeys: the shortest interval; paused only when all are).
  const sharing = listAccounts(db).filter((a) => a.mailboxKey === account.mailboxKey);
  const intervalMinutes = Math.min(account.intervalMinutes, ...sharing.map((a) => a.intervalMinutes));
  const paused = account.paused && sharing.every((a) => a.paused);
  const p = nextCheck({ key: account.mailboxKey, history, intervalMinutes, loginDelaySeconds: delay, paused, now });
  const nextCheckAt = p.kind === 'at' ? p.at : null;
  const running = sessions[0] && isRunning(sessions[0], now) ? sessions[0].startedAt : null;
  const failed = sessions.find((s) => isFinished(s) && s.error);
  const newest = sessions.find(isFinished);
  return {
    account,
    loginDelaySeconds: delay,
    state: stateOf(p, running),
    lastError: failed?.error ? { ...failed.error, at: failed.startedAt, sessionId: failed.id } : null,
    diagnosis: diagnose({
      account,
      sessions,
      loginDelaySeconds: delay,
      now,
      nextCheckAt,
      pausedBy: p.kind === 'paused' ? p.why : null,
      loginDelayKept: newest ? loginDelayKept(sessions, newest, delay) : false,
      knownHolds,
    }),
    nextCheckAt,
    sessions,
  };
}

/** The diagnosis alone (for `poplar watch`, after a refused check). */
export function diagnoseMailbox(db: DatabaseSync, account: Account, now: number): Diagnosis {
  return mailboxReport(db, account, now).diagnosis;
}

/**
 * Whether the login of `refused` came at least LOGIN-DELAY after Poplar's previous login: only
 * then may a diagnosis say Poplar already keeps its checks that far apart.
 */
export function loginDelayKept(sessions: readonly SessionRecord[], refused: SessionRecord, delaySeconds: number | null): boolean {
  if (delaySeconds === null) return false;
  const previous = sessions.find((s) => s.startedAt < refused.startedAt && s.connectedAt != null);
  if (!previous || previous.connectedAt == null) return true;
  return refused.startedAt - previous.connectedAt >= delaySeconds * 1000;
}
