// Where a mailbox's schedule stands, read from the same policy the scheduler uses
// (sync/policy.ts nextCheck), for `poplar diagnose` and the diagnostics view.
import { isBackoff, type PauseWhy, type Plan, type PlanReason } from '../sync/policy.ts';
import { atTime, plural, timeOfDay } from './when.ts';

export type MailboxState =
  | { readonly kind: 'checking'; readonly since: number }
  | { readonly kind: 'paused'; readonly why: PauseWhy }
  | { readonly kind: 'waiting'; readonly until: number; readonly reason: PlanReason }
  | { readonly kind: 'backoff'; readonly until: number; readonly reason: PlanReason; readonly failures: number };

/** As the scheduler's replan (sync/scheduler.ts) tells waiting from backing off. */
export function stateOf(p: Plan, runningSince: number | null): MailboxState {
  if (runningSince !== null) return { kind: 'checking', since: runningSince };
  if (p.kind === 'paused') return { kind: 'paused', why: p.why };
  return isBackoff(p)
    ? { kind: 'backoff', until: p.at, reason: p.reason, failures: p.backoffStep }
    : { kind: 'waiting', until: p.at, reason: p.reason };
}

/** Why a check waits, in words (also the "reason" of the window's backoff state). */
export const REASONS: Readonly<Record<PlanReason, string>> = {
  'first-check': 'first check',
  interval: 'the check interval',
  'login-delay': 'the server’s LOGIN-DELAY',
  backoff: 'waiting longer after each failure',
  'own-stale-session': 'waiting for the server to drop Poplar’s broken connection',
  'login-refused':
    'the server refused the login without a reason; a few more tries, minutes apart, before Poplar stops and asks you to check the password',
};

export function describeState(s: MailboxState, now: number): string {
  switch (s.kind) {
    case 'checking':
      return `checking now (since ${timeOfDay(s.since)})`;
    case 'paused':
      switch (s.why) {
        case 'user':
          return 'paused (checking is turned off for this account)';
        case 'auth-failed':
          return 'paused: the server did not accept the password; “Check now” tries again';
        case 'login-refused':
          return 'paused: the server kept refusing the login without a reason, so the password is probably wrong; “Check now” tries again';
        default: {
          const unreachable: never = s.why;
          return String(unreachable);
        }
      }
    case 'waiting':
      return s.until <= now ? 'a check is due now' : `waiting until ${atTime(s.until, now).replace(/^at /, '')}: ${REASONS[s.reason]}`;
    case 'backoff':
      return `backing off until ${atTime(s.until, now).replace(/^at /, '')} after ${plural(s.failures, 'failed check')} in a row: ${REASONS[s.reason]}`;
    default: {
      const unreachable: never = s;
      return String(unreachable);
    }
  }
}
