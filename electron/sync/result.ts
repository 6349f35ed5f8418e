// What a sync reports, for the command line (`sync --json`), the scheduler and the window.
import { isPop3Error, type Pop3ErrorCode } from '../pop3/errors.ts';
import { StoreError } from '../store/database.ts';
import type { EndedBy } from '../store/sessions.ts';

/** Failures of the sync itself, not of the POP3 conversation. */
export type SyncFailureCode = 'local-lock' | 'no-password' | 'uidl-unsupported' | 'ca-file' | 'disk-full' | 'store';

export class SyncFailure extends Error {
  override readonly name = 'SyncFailure';
  readonly code: SyncFailureCode;
  constructor(code: SyncFailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  toJSON(): { code: string; message: string; responseCode: null; serverText: null } {
    return { code: this.code, message: this.message, responseCode: null, serverText: null };
  }
}

/**
 * 'skipped': another Poplar on this computer was checking the mailbox (it downloads the mail);
 * 'not-before': the server's LOGIN-DELAY is not over, so nothing connected (`notBefore` says
 * when a login is allowed). Neither is a failure: `poplar sync` exits 0 for both.
 */
export type SyncOutcome = SessionOutcome | 'skipped' | 'not-before';

/** How a session that ran ended (the history's outcome). */
export type SessionOutcome = 'ok' | 'locked' | 'error';

export interface SyncResult {
  readonly account: string;
  readonly outcome: SyncOutcome;
  readonly downloaded: number;
  readonly deletedOnServer: number;
  readonly bytes: number;
  readonly ms: number;
  readonly error: { code: string; message: string; responseCode: string | null; serverText: string | null } | null;
  readonly sessionId: number;
  readonly notes: readonly string[];
  /** For 'not-before': the earliest time the server allows a login (ms since the epoch). */
  readonly notBefore?: number;
}

/** Refusals that mean "someone else is using the mailbox (or checks too often)": back off, do not alarm. */
const LOCKED: ReadonlySet<Pop3ErrorCode> = new Set(['mailbox-locked', 'too-many-connections', 'login-delay', 'login-stalled']);

export function outcomeFor(error: unknown): SessionOutcome {
  if (error === null || error === undefined) return 'ok';
  if (isPop3Error(error) && LOCKED.has(error.code)) return 'locked';
  if (error instanceof SyncFailure && error.code === 'local-lock') return 'locked';
  return 'error';
}

export function endedByFor(error: unknown): EndedBy {
  if (error instanceof SyncFailure) return error.code === 'local-lock' ? 'local-lock' : 'local-error';
  if (error instanceof StoreError) return 'local-error';
  if (!isPop3Error(error)) return 'local-error';
  switch (error.code) {
    case 'mailbox-locked':
    case 'too-many-connections':
    case 'login-delay':
    case 'login-stalled':
      return 'lock-refused';
    case 'login-refused':
      return 'server-error';
    case 'auth-failed':
    case 'auth-unsupported':
      return 'auth-failed';
    case 'timeout':
      return 'timeout';
    case 'connection-closed':
    case 'network':
    case 'connection-refused':
    case 'dns':
      return 'network-drop';
    case 'aborted':
      return 'aborted';
    case 'tls':
    case 'bad-greeting':
    case 'starttls-unavailable':
    case 'server-temporary':
    case 'server-permanent':
    case 'command-failed':
    case 'protocol':
    case 'line-too-long':
    case 'response-too-large':
      return 'server-error';
    case 'invalid-argument':
      return 'local-error';
    default: {
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}
