// What every cause's wording is built from, and the sentence about the next check they share.
import type { DiagnoseInput, Diagnosis } from './diagnosis.ts';
import type { Finished } from './session-facts.ts';
import { atTime } from './when.ts';

export interface CauseContext {
  readonly input: DiagnoseInput;
  /** The session being explained: the newest finished one, which failed. */
  readonly failed: Finished;
  /** Poplar's last session before it that logged in (the last that can have held the lock). */
  readonly previous: Finished | null;
  /** The server's words for `failed` (server-words.ts), first in every evidence list. */
  readonly serverEvidence: readonly string[];
  /** Lock refusals of this mailbox in the last 24 hours. */
  readonly refusals24h: number;
  readonly pattern: string | null;
}

/** A diagnosis before diagnose() adds the fields every cause shares. */
export type Explained = Omit<Diagnosis, 'pattern' | 'failedSessionId'>;

/**
 * "<lead> at 10:14 (in 12 minutes)[; <tail>]." — or why Poplar will not check by itself. The
 * time is the scheduler's own (DiagnoseInput.nextCheckAt, from sync/policy.ts nextCheck).
 */
export function willCheck(input: DiagnoseInput, lead: string, tail?: string): string {
  if (input.account.paused) return 'Checking is paused for this account: Poplar will not check it until you resume checking.';
  if (input.pausedBy === 'auth-failed')
    return 'Poplar has stopped checking this account until you press “Check now” (for example after correcting the password): trying a wrong password again and again can get the account blocked.';
  if (input.pausedBy === 'login-refused') {
    return (
      'Poplar tried again a few times, minutes apart, and the server refused every time, so it has stopped checking this account: the password is probably wrong. ' +
      'It checks again when you press “Check now”, for example after correcting the password.'
    );
  }
  const then = tail ? `; ${tail}` : '';
  if (input.nextCheckAt === null) return `${lead} at the next scheduled check${then}.`;
  return `${lead} ${atTime(input.nextCheckAt, input.now)}${then}.`;
}

/**
 * Said of every lock-like, delay or temporary refusal: people who see a login refused suspect
 * their password first. It rules the password out without naming it — a diagnosis of a lock
 * never contains the word, so a reader skimming for it does not go and change a good one.
 */
export const NOT_THE_PASSWORD = 'Nothing is wrong with your account settings.';
