// The time a reply may take: a total budget from the moment the client starts reading it, and
// the longest silence inside it. The reader (reader.ts) enforces both; the command that asked
// decides what running out means (a 'timeout' naming the command, or 'login-stalled' after
// PASS), so the error says what the server failed to send (issue 11, item 3).
import { Pop3Error } from './errors.ts';

export type Expiry = 'total' | 'idle';

export interface ReadBudget {
  /** The end of the budget, in ms since the epoch (Date.now). */
  readonly deadline: number;
  /** The longest silence allowed; null: the connection's idle timeout. */
  readonly idleMs: number | null;
  /** The error to fail with: `kind` says which bound ran out, `waitedMs` how long was waited. */
  expired(kind: Expiry, waitedMs: number): Pop3Error;
}

/** "the server took longer than 6 s to send UIDL"; idle: "the server sent nothing for 60 s while sending UIDL". */
export function commandBudget(
  command: string | null,
  what: string,
  totalMs: number,
  idleMs: number | null = null,
  startedAt: number = Date.now(),
): ReadBudget {
  return {
    deadline: startedAt + totalMs,
    idleMs,
    expired: (kind, waitedMs) =>
      new Pop3Error('timeout', {
        command,
        message:
          kind === 'total'
            ? `the server took longer than ${seconds(totalMs)} to send ${what}`
            : `the server sent nothing for ${seconds(waitedMs)} while Poplar waited for ${what}`,
      }),
  };
}

/** "6 s", "0.3 s": whole seconds when the number is large enough to read that way. */
export function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;
}
