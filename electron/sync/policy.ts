// When a mailbox may be checked next: a pure function of its session history, its settings
// and the clock, shared by the live scheduler (scheduler.ts) and `poplar diagnose`.
//
// The next start is the latest of (DESIGN.md, "The scheduler"):
//   - the end of the last session plus the interval, plus a little jitter;
//   - the last login plus the server's LOGIN-DELAY (RFC 2449 §6.5), when it announced one;
//   - the end of a backoff after a failure: 2, 4, 8 … minutes with jitter, capped;
//   - after Poplar's own connection dropped without QUIT, the server's likely autologout.
// A refused password pauses the mailbox until the user acts: retrying a wrong password
// can get the account locked at the provider.

/** One finished session, newest first in a history. */
export interface HistoryEntry {
  readonly startedAt: number;
  readonly endedAt: number;
  /** When the login succeeded; null when the session never logged in. */
  readonly connectedAt: number | null;
  readonly outcome: 'ok' | 'locked' | 'error';
  readonly errorCode: string | null;
  /** How it ended (store/sessions.ts EndedBy). */
  readonly endedBy: string;
}

export interface PolicyInput {
  /** Finished sessions of this mailbox, newest first. */
  readonly history: readonly HistoryEntry[];
  readonly intervalMs: number;
  /** The server's LOGIN-DELAY in ms, when known. */
  readonly loginDelayMs: number | null;
  readonly paused: boolean;
  readonly now: number;
  /** Uniform in [0, 1): jitter, injected so tests are repeatable. */
  readonly random: () => number;
}

export type PlanReason = 'first-check' | 'interval' | 'login-delay' | 'backoff' | 'own-stale-session';

export type Plan =
  | { readonly kind: 'paused'; readonly why: 'user' | 'auth-failed' }
  | { readonly kind: 'at'; readonly at: number; readonly reason: PlanReason; readonly backoffStep: number };

export const MINUTE = 60_000;
/** First backoff after a failure; each further consecutive failure doubles it. */
export const BACKOFF_BASE_MS = 2 * MINUTE;
/** Backoff never grows beyond this (jitter included): mail should not stop for hours. */
export const BACKOFF_CAP_MS = 30 * MINUTE;
/**
 * How long a server may keep a dropped session's lock. RFC 1939 §3: the autologout timer
 * is at least 10 minutes; Dovecot frees the lock at once, but many servers only notice a
 * dead connection when that timer fires.
 */
export const STALE_SESSION_WAIT_MS = 10 * MINUTE;
/** Jitter added to a regular interval: up to 10 % of it, at most a minute. */
export const INTERVAL_JITTER_MAX_MS = MINUTE;
/** A failure's backoff is stretched by up to this fraction, so clients do not retry in step. */
export const BACKOFF_JITTER = 0.25;

/** Sessions that ended without QUIT while connected: the server may still hold our lock. */
const DROPPED: ReadonlySet<string> = new Set(['network-drop', 'timeout', 'aborted', 'quit-refused']);
/** Failures that count towards the backoff; a local lock (another Poplar ran) does not. */
const NEUTRAL: ReadonlySet<string> = new Set(['local-lock']);

export function plan(input: PolicyInput): Plan {
  if (input.paused) return { kind: 'paused', why: 'user' };
  const history = input.history.filter((h) => !NEUTRAL.has(h.endedBy));
  const last = history[0];
  const loginFloor = lastLoginFloor(history, input.loginDelayMs);
  if (!last) return floorAt(input.now, 'first-check', 0, loginFloor);
  if (last.outcome === 'ok') {
    const jitter = Math.min(INTERVAL_JITTER_MAX_MS, input.intervalMs * 0.1) * input.random();
    return floorAt(last.endedAt + input.intervalMs + jitter, 'interval', 0, loginFloor);
  }
  if (last.errorCode === 'auth-failed') return { kind: 'paused', why: 'auth-failed' };

  const step = consecutiveFailures(history);
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (step - 1) * (1 + BACKOFF_JITTER * input.random()));
  let at = last.endedAt + backoff;
  let reason: PlanReason = 'backoff';
  if (last.errorCode === 'login-delay' && input.loginDelayMs !== null && loginFloor !== null) {
    // The server told us exactly what it wants; a little jitter on top, never less.
    at = loginFloor + Math.min(INTERVAL_JITTER_MAX_MS, input.loginDelayMs * 0.1) * input.random();
    reason = 'login-delay';
  }
  const drop = ownDropBefore(history);
  if (last.outcome === 'locked' && drop !== null && drop + STALE_SESSION_WAIT_MS > at) {
    at = drop + STALE_SESSION_WAIT_MS;
    reason = 'own-stale-session';
  }
  return floorAt(at, reason, step, loginFloor);
}

/** The server's LOGIN-DELAY counted from the last successful login. */
function lastLoginFloor(history: readonly HistoryEntry[], loginDelayMs: number | null): number | null {
  if (loginDelayMs === null) return null;
  const login = history.find((h) => h.connectedAt !== null);
  return login?.connectedAt != null ? login.connectedAt + loginDelayMs : null;
}

function floorAt(at: number, reason: PlanReason, backoffStep: number, loginFloor: number | null): Plan {
  if (loginFloor !== null && loginFloor > at) return { kind: 'at', at: loginFloor, reason: 'login-delay', backoffStep };
  return { kind: 'at', at, reason, backoffStep };
}

/** Failures in a row, newest first, up to the last success. */
export function consecutiveFailures(history: readonly HistoryEntry[]): number {
  let count = 0;
  for (const h of history) {
    if (h.outcome === 'ok') break;
    count++;
  }
  return count;
}

/**
 * When Poplar's own last connected session before the current run of lock refusals ended
 * without QUIT, the end time of that session; null otherwise.
 */
export function ownDropBefore(history: readonly HistoryEntry[]): number | null {
  for (const h of history) {
    if (h.outcome === 'locked') continue;
    return h.connectedAt !== null && DROPPED.has(h.endedBy) ? h.endedAt : null;
  }
  return null;
}

/** The check interval actually used: never below the server's LOGIN-DELAY. */
export function effectiveIntervalMs(intervalMinutes: number, loginDelaySeconds: number | null): number {
  return Math.max(intervalMinutes * MINUTE, (loginDelaySeconds ?? 0) * 1000);
}

/** Why an interval cannot be used, or null. Checked when the user sets it. */
export function intervalProblem(intervalMinutes: number, loginDelaySeconds: number | null): string | null {
  if (!Number.isFinite(intervalMinutes) || intervalMinutes < 1) return 'the check interval must be at least 1 minute';
  if (loginDelaySeconds !== null && intervalMinutes * 60 < loginDelaySeconds) {
    const minutes = Math.ceil(loginDelaySeconds / 60);
    return `the server allows a login only every ${minutes} minute${minutes === 1 ? '' : 's'} (LOGIN-DELAY ${loginDelaySeconds} s), so the interval must be at least ${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return null;
}
