// Facts about Poplar's own sessions that the diagnosis rests on. Sessions come newest first.
import type { EndedBy, SessionRecord } from '../store/sessions.ts';

export type Finished = SessionRecord & { readonly endedAt: number; readonly endedBy: EndedBy };

export function isFinished(s: SessionRecord): s is Finished {
  return s.endedAt !== undefined && s.endedBy !== undefined;
}

/**
 * Ways a connected session can end without an acknowledged QUIT. The server may then keep
 * the mailbox locked until its autologout timer fires (as sync/policy.ts's DROPPED).
 */
const WITHOUT_QUIT: ReadonlySet<EndedBy> = new Set(['network-drop', 'timeout', 'aborted', 'quit-refused']);

export function endedWithoutQuit(s: Finished): boolean {
  return WITHOUT_QUIT.has(s.endedBy);
}

/** How a session ended, as the tail of "ended without QUIT (…)". */
export function howItBroke(endedBy: EndedBy): string {
  switch (endedBy) {
    case 'network-drop':
      return 'the network dropped';
    case 'timeout':
      return 'the server stopped answering';
    case 'aborted':
      return 'the check was stopped';
    case 'quit-refused':
      return 'the server did not confirm QUIT';
    default:
      return endedBy;
  }
}

/**
 * An unfinished record this young is shown as a check in progress; an older one as "no end
 * recorded" (Poplar was killed or crashed mid-check). Most checks take seconds; a very long
 * first download may outlast this, and is then only worded more cautiously.
 */
export const RUNNING_MAX_MS = 30 * 60_000;

export function isRunning(s: SessionRecord, now: number): boolean {
  return !isFinished(s) && now - s.startedAt < RUNNING_MAX_MS;
}

/**
 * Poplar's last session before `failed` that logged in: the only kind that can have held
 * the server's lock. Sessions refused at login, or that never reached the server, did not.
 */
export function previousConnected(sessions: readonly SessionRecord[], failed: Finished): Finished | null {
  for (const s of sessions) {
    if (s === failed || !isFinished(s) || s.startedAt > failed.startedAt) continue;
    if (s.connectedAt != null) return s;
  }
  return null;
}

export const DAY_MS = 24 * 60 * 60_000;

/** A server that held the mailbox: refused as locked, or left the login waiting on the lock. */
const LOCK_CODES: ReadonlySet<string> = new Set(['mailbox-locked', 'login-stalled']);

/** Start times of the lock refusals (and stalled logins) of the 24 hours up to `now`, oldest first. */
export function lockRefusalTimes(sessions: readonly SessionRecord[], now: number): number[] {
  return sessions
    .filter((s) => s.error != null && LOCK_CODES.has(s.error.code) && s.startedAt <= now && now - s.startedAt < DAY_MS)
    .map((s) => s.startedAt)
    .sort((a, b) => a - b);
}
