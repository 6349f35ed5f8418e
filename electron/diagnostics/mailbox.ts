// One mailbox's whole diagnostic picture read from a profile: its sessions, the server's
// LOGIN-DELAY, the next check as the scheduler plans it, and the diagnosis. Used by
// `poplar diagnose`, `poplar watch` and the diagnostics view.
import type { DatabaseSync } from 'node:sqlite';
import type { Account } from '../../shared/account.ts';
import { listSessions, type SessionRecord } from '../store/sessions.ts';
import { historyEntry, loginDelaySeconds } from '../sync/history.ts';
import { effectiveIntervalMs, plan, type HistoryEntry } from '../sync/policy.ts';
import { diagnose } from './diagnose.ts';
import type { Diagnosis } from './diagnosis.ts';
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
  /** The earliest time the scheduler would check (its jitter may add up to a minute, or a quarter of a backoff). */
  readonly nextCheckAt: number | null;
  /** Newest first. */
  readonly sessions: readonly SessionRecord[];
}

export function mailboxReport(db: DatabaseSync, account: Account, now: number): MailboxReport {
  const sessions = listSessions(db, account.mailboxKey, SESSIONS_READ);
  const delay = loginDelaySeconds(db, account.mailboxKey);
  const history = sessions.flatMap((s): HistoryEntry[] => {
    const h = historyEntry(s);
    return h ? [h] : [];
  });
  // No jitter (random = 0): the earliest time the scheduler can choose, never a promise it breaks early.
  const p = plan({ history, intervalMs: effectiveIntervalMs(account.intervalMinutes, delay), loginDelayMs: delay === null ? null : delay * 1000, paused: account.paused, now, random: () => 0 });
  const nextCheckAt = p.kind === 'at' ? p.at : null;
  const running = sessions[0] && isRunning(sessions[0], now) ? sessions[0].startedAt : null;
  const failed = sessions.find((s) => isFinished(s) && s.error);
  return {
    account,
    loginDelaySeconds: delay,
    state: stateOf(p, running),
    lastError: failed?.error ? { ...failed.error, at: failed.startedAt, sessionId: failed.id } : null,
    diagnosis: diagnose({ account, sessions, loginDelaySeconds: delay, now, nextCheckAt }),
    nextCheckAt,
    sessions,
  };
}

/** The diagnosis alone (for `poplar watch`, after a refused check). */
export function diagnoseMailbox(db: DatabaseSync, account: Account, now: number): Diagnosis {
  return mailboxReport(db, account, now).diagnosis;
}
