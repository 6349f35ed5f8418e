// What `diagnose()` answers: the most likely cause of the newest failed check of a mailbox,
// the evidence for it, and what Poplar and the user can do. The account banner, the
// diagnostics view and `poplar diagnose` all show this one shape.
import type { Account } from '../../shared/account.ts';
import type { SessionRecord } from '../store/sessions.ts';

/**
 * The six causes DESIGN.md names for lock-like refusals and server errors, plus three for
 * failures that are none of those and need different advice:
 *   - 'auth': the login was refused. It gets its own cause so that a lock is never worded as
 *     a password problem, nor a password problem as a lock; Poplar also pauses on it.
 *   - 'network': the server could not be reached or stopped answering (check you are online).
 *   - 'local': something on this computer (disk full, no password available, another Poplar
 *     checking the same mailbox): calling these "a server-side problem" would send the user
 *     to their provider for nothing.
 *   - 'none': the newest check worked, or there has been none yet.
 */
export type Cause =
  | 'other-client'
  | 'own-stale-session'
  | 'too-frequent'
  | 'connection-limit'
  | 'server'
  | 'auth'
  | 'network'
  | 'local'
  | 'none';

export const CAUSES: readonly Cause[] = ['other-client', 'own-stale-session', 'too-frequent', 'connection-limit', 'server', 'auth', 'network', 'local', 'none'];

export interface Diagnosis {
  readonly cause: Cause;
  /** One line for a banner, in plain words. */
  readonly title: string;
  /** What happened and why, for a person who is not a mail expert. */
  readonly explanation: string;
  /** Facts from the session history and the server's own words that support the cause. */
  readonly evidence: readonly string[];
  /** What Poplar will do next, with when it checks again. */
  readonly poplarWillDo: string;
  readonly youCanDo: readonly string[];
  /** A schedule the lock refusals of the last 24 hours follow, in words; null when none. */
  readonly pattern: string | null;
  /** The session this diagnosis explains; null when nothing failed. */
  readonly failedSessionId: number | null;
}

export interface DiagnoseInput {
  readonly account: Account;
  /** Sessions of this account's mailbox, newest first (store/sessions.ts listSessions). */
  readonly sessions: readonly SessionRecord[];
  /** The server's LOGIN-DELAY (RFC 2449 §6.5) as last announced, when known. */
  readonly loginDelaySeconds: number | null;
  readonly now: number;
  /** When Poplar checks next (sync/policy.ts plan); null when it is paused. */
  readonly nextCheckAt: number | null;
}
