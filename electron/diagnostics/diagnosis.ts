// What `diagnose()` answers: the most likely cause of the newest failed check of a mailbox,
// the evidence for it, and what Poplar and the user can do. The account banner, the
// diagnostics view and `poplar diagnose` all show this one shape.
import type { Account } from '../../shared/account.ts';
import type { Cause, DiagnosisView } from '../../shared/contract.ts';
import type { SessionRecord } from '../store/sessions.ts';

/*
 * The causes (shared/contract.ts `Cause`) are the six DESIGN.md names for lock-like refusals
 * and server errors, plus three for failures that are none of those and need other advice:
 *   - 'auth': the login was refused. It gets its own cause so that a lock is never worded as
 *     a password problem, nor a password problem as a lock; Poplar also pauses on it.
 *   - 'network': the server could not be reached or stopped answering (check you are online).
 *   - 'local': something on this computer (disk full, no password available, another Poplar
 *     checking the same mailbox): calling these "a server-side problem" would send the user
 *     to their provider for nothing.
 *   - 'none': the newest check worked, or there has been none yet.
 */
export type { Cause };

export const CAUSES: readonly Cause[] = [
  'other-client',
  'own-stale-session',
  'too-frequent',
  'connection-limit',
  'server',
  'auth',
  'network',
  'local',
  'none',
];

/** The shared diagnosis shape, plus the session it explains (null when nothing failed). */
export interface Diagnosis extends DiagnosisView {
  readonly failedSessionId: number | null;
}

export interface DiagnoseInput {
  readonly account: Account;
  /** Sessions of this account's mailbox, newest first (store/sessions.ts listSessions). */
  readonly sessions: readonly SessionRecord[];
  /** The server's LOGIN-DELAY (RFC 2449 §6.5) as last announced, when known. */
  readonly loginDelaySeconds: number | null;
  readonly now: number;
  /** When Poplar checks next (sync/policy.ts nextCheck, the scheduler's own time); null when it is paused. */
  readonly nextCheckAt: number | null;
  /**
   * Why the schedule is paused, when it is (sync/policy.ts PauseWhy): 'auth-failed' after a
   * confirmed wrong password, 'login-refused' after refusals without a reason. Absent or null
   * when it is not paused by the history.
   */
  readonly pausedBy?: 'user' | 'auth-failed' | 'login-refused' | null;
  /**
   * Whether the refused login came at least the server's LOGIN-DELAY after Poplar's previous
   * login; only then is "Poplar already keeps its checks the server's minimum time apart" a
   * fact (mailbox.ts works it out from the sessions; absent means not known, as before).
   */
  readonly loginDelayKept?: boolean;
  /**
   * Times another client is known to have held the mailbox. Real servers never say who holds a
   * lock; only the built-in demo knows, because its "another device" switch is the holder.
   */
  readonly knownHolds?: readonly KnownHold[];
}

/** Another client held the mailbox from `from` until `to` (null: still holds it). */
export interface KnownHold {
  readonly from: number;
  readonly to: number | null;
}
