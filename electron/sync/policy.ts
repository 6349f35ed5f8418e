// When a mailbox may be checked next: a pure function of its session history, its settings
// and the clock. The live scheduler (scheduler.ts), `poplar sync`, "check now" and the
// diagnosis (diagnostics/mailbox.ts) all ask nextCheck(), so the time a diagnosis promises is
// the time of the scheduler's timer — to the millisecond (policy-agreement.test.ts).
//
// The next start is the latest of (DESIGN.md, "The scheduler"):
//   - the end of the last session plus the interval, plus a little jitter;
//   - the last login plus the server's LOGIN-DELAY (RFC 2449 §6.5), when it announced one;
//   - the end of a backoff after a failure: 2, 4, 8 … minutes with jitter, capped;
//   - after Poplar's own connection dropped without QUIT, the server's likely autologout.
// A confirmed wrong password ('auth-failed': [AUTH], RFC 3206 §5, or words naming it) pauses
// the mailbox until the user acts: retrying a wrong password can get the account locked at the
// provider. A refusal without a reason ('login-refused') is retried LOGIN_REFUSED_RETRIES
// times, minutes apart, before the mailbox is paused as a probable password problem. Locks,
// LOGIN-DELAY and temporary refusals never pause.
//
// The jitter is not Math.random: it is drawn from a hash of the mailbox key and the last
// session's times (jitterFor), so the same history always gives the same plan, in every
// process, and clients of different mailboxes still do not retry in step.

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
  /**
   * The mailbox key: with the last session's times, the seed of the jitter (jitterFor).
   * Ignored when `random` is given.
   */
  readonly key?: string;
  /** Uniform in [0, 1): a jitter source for tests that pin it. Production leaves it out. */
  readonly random?: () => number;
}

export type PlanReason = 'first-check' | 'interval' | 'login-delay' | 'backoff' | 'own-stale-session' | 'login-refused';

/** Why a mailbox is not checked automatically: the user said so, or its password is (probably) wrong. */
export type PauseWhy = 'user' | 'auth-failed' | 'login-refused';

export type Plan =
  | { readonly kind: 'paused'; readonly why: PauseWhy }
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
/**
 * The waits after a login refused without a reason ('login-refused'), one per retry: spread
 * over minutes, never a burst, so a busy server gets time, and a wrong password is tried only
 * four times in about 17 minutes (providers block accounts after bursts of failed logins, not
 * after a few attempts minutes apart). After the last, the mailbox is paused.
 */
export const LOGIN_REFUSED_RETRIES_MS: readonly number[] = [2 * MINUTE, 5 * MINUTE, 10 * MINUTE];

/** Sessions that ended without QUIT while connected: the server may still hold our lock. */
const DROPPED: ReadonlySet<string> = new Set(['network-drop', 'timeout', 'aborted', 'quit-refused']);
/** Failures that count towards the backoff; a local lock (another Poplar ran) does not. */
const NEUTRAL: ReadonlySet<string> = new Set(['local-lock']);

/** What nextCheck() needs: a mailbox's history and settings, and the clock. */
export interface NextCheckInput {
  readonly key: string;
  /** Finished sessions of this mailbox, newest first. */
  readonly history: readonly HistoryEntry[];
  readonly intervalMinutes: number;
  readonly loginDelaySeconds: number | null;
  readonly paused: boolean;
  readonly now: number;
  /**
   * A person asked ("check now", `poplar sync`): no interval and no user pause, but the
   * server's LOGIN-DELAY and the backoff still hold.
   */
  readonly byPerson?: boolean;
  /** Tests only: pins the jitter. */
  readonly random?: () => number;
}

/**
 * The one schedule: the time the scheduler sets its timer for, and the time the diagnosis
 * promises. A pure function of its input.
 */
export function nextCheck(input: NextCheckInput): Plan {
  const byPerson = input.byPerson === true;
  return plan({
    key: input.key,
    history: input.history,
    intervalMs: byPerson ? 0 : effectiveIntervalMs(input.intervalMinutes, input.loginDelaySeconds),
    loginDelayMs: input.loginDelaySeconds === null ? null : input.loginDelaySeconds * 1000,
    paused: !byPerson && input.paused,
    now: input.now,
    ...(input.random ? { random: input.random } : {}),
  });
}

/**
 * The earliest moment the server accepts a login: the last login plus LOGIN-DELAY, or null
 * when no delay is known or no session has logged in. What `poplar sync` waits for.
 */
export function loginAllowedAt(history: readonly HistoryEntry[], loginDelaySeconds: number | null): number | null {
  return lastLoginFloor(
    history.filter((h) => !NEUTRAL.has(h.endedBy)),
    loginDelaySeconds === null ? null : loginDelaySeconds * 1000,
  );
}

export function plan(input: PolicyInput): Plan {
  if (input.paused) return { kind: 'paused', why: 'user' };
  const history = input.history.filter((h) => !NEUTRAL.has(h.endedBy));
  const last = history[0];
  const loginFloor = lastLoginFloor(history, input.loginDelayMs);
  if (!last) return floorAt(input.now, 'first-check', 0, loginFloor);
  const r = input.random ?? jitterFor(input.key ?? '', last);
  if (last.outcome === 'ok') {
    const jitter = Math.min(INTERVAL_JITTER_MAX_MS, input.intervalMs * 0.1) * r();
    return floorAt(last.endedAt + input.intervalMs + jitter, 'interval', 0, loginFloor);
  }
  if (last.errorCode === 'auth-failed') return { kind: 'paused', why: 'auth-failed' };

  const step = consecutiveFailures(history);
  if (last.errorCode === 'login-refused') {
    const refusals = consecutiveLoginRefusals(history);
    const wait = LOGIN_REFUSED_RETRIES_MS[refusals - 1];
    if (wait === undefined) return { kind: 'paused', why: 'login-refused' };
    return floorAt(last.endedAt + wait * (1 + BACKOFF_JITTER * r()), 'login-refused', step, loginFloor);
  }
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (step - 1) * (1 + BACKOFF_JITTER * r()));
  let at = last.endedAt + backoff;
  let reason: PlanReason = 'backoff';
  if (last.errorCode === 'login-delay' && input.loginDelayMs !== null && loginFloor !== null) {
    // The server told us exactly what it wants; a little jitter on top, never less.
    at = loginFloor + Math.min(INTERVAL_JITTER_MAX_MS, input.loginDelayMs * 0.1) * r();
    reason = 'login-delay';
  }
  const drop = ownDropBefore(history);
  if (last.outcome === 'locked' && drop !== null && drop + STALE_SESSION_WAIT_MS > at) {
    at = drop + STALE_SESSION_WAIT_MS;
    reason = 'own-stale-session';
  }
  return floorAt(at, reason, step, loginFloor);
}

/**
 * A jitter source that is a function of the history: FNV-1a (32 bit) over the mailbox key and
 * the last session's start and end, then a few rounds of xorshift for each draw. Not for
 * secrets; only so that replanning the same history gives the same time, in the scheduler and
 * in the diagnosis alike, while mailboxes and sessions still spread out.
 */
export function jitterFor(key: string, last: HistoryEntry): () => number {
  let h = 0x811c9dc5;
  for (const ch of `${key}|${last.startedAt}|${last.endedAt}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let state = h || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/** 'login-refused' sessions among the failures since the last success, newest first. */
export function consecutiveLoginRefusals(history: readonly HistoryEntry[]): number {
  let count = 0;
  for (const h of history) {
    if (h.outcome === 'ok') break;
    if (h.errorCode === 'login-refused') count++;
  }
  return count;
}

/**
 * Whether a plan is a backoff (after failures) rather than a regular wait: how the scheduler's
 * state and the diagnosis's state tell them apart.
 */
export function isBackoff(p: Extract<Plan, { kind: 'at' }>): boolean {
  return (
    p.reason === 'backoff' ||
    p.reason === 'own-stale-session' ||
    p.reason === 'login-refused' ||
    (p.reason === 'login-delay' && p.backoffStep > 0)
  );
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
