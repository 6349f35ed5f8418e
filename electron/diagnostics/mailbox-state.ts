// Where a mailbox's schedule stands, read from the same policy the scheduler uses
// (sync/policy.ts plan), for `poplar diagnose` and the diagnostics view.
import type { Plan, PlanReason } from '../sync/policy.ts';
import { atTime, clock, plural } from './when.ts';

export type MailboxState =
  | { readonly kind: 'checking'; readonly since: number }
  | { readonly kind: 'paused'; readonly why: 'user' | 'auth-failed' }
  | { readonly kind: 'waiting'; readonly until: number; readonly reason: PlanReason }
  | { readonly kind: 'backoff'; readonly until: number; readonly reason: PlanReason; readonly failures: number };

/** As the scheduler's replan (sync/scheduler.ts) tells waiting from backing off. */
export function stateOf(p: Plan, runningSince: number | null): MailboxState {
  if (runningSince !== null) return { kind: 'checking', since: runningSince };
  if (p.kind === 'paused') return { kind: 'paused', why: p.why };
  const backoff = p.reason === 'backoff' || p.reason === 'own-stale-session' || (p.reason === 'login-delay' && p.backoffStep > 0);
  return backoff ? { kind: 'backoff', until: p.at, reason: p.reason, failures: p.backoffStep } : { kind: 'waiting', until: p.at, reason: p.reason };
}

/** Why a check waits, in words (also the "reason" of the window's backoff state). */
export const REASONS: Readonly<Record<PlanReason, string>> = {
  'first-check': 'first check',
  'interval': 'the check interval',
  'login-delay': 'the server’s LOGIN-DELAY',
  'backoff': 'waiting longer after each failure',
  'own-stale-session': 'waiting for the server to drop Poplar’s broken connection',
};

export function describeState(s: MailboxState, now: number): string {
  switch (s.kind) {
    case 'checking':
      return `checking now (since ${clock(s.since)})`;
    case 'paused':
      return s.why === 'user' ? 'paused (checking is turned off for this account)' : 'paused: the server refused the login; “Check now” tries again';
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
