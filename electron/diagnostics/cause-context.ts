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

/** "<lead> at 10:14 (in 12 minutes)." — or why Poplar will not check by itself. */
export function willCheck(input: DiagnoseInput, lead: string): string {
  if (input.account.paused) return 'Checking is paused for this account: Poplar will not check it until you resume checking.';
  if (input.nextCheckAt === null) return `${lead} at the next scheduled check.`;
  return `${lead} ${atTime(input.nextCheckAt, input.now)}.`;
}

/** Said of every lock-like refusal: people who see a login refused suspect their password first. */
export const NOT_THE_PASSWORD = 'This is not a problem with your password.';
