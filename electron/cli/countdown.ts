// A wait a person can see: on a terminal, one line counting down the seconds in place; on a
// pipe or a log file (cron), one plain line at the start, since carriage returns would only
// clutter it.
import { setTimeout as sleep } from 'node:timers/promises';
import { clockSeconds } from '../diagnostics/when.ts';

export interface CountdownOutput {
  readonly say: (line: string) => void;
  /** The terminal (stderr), or null when it is not one. */
  readonly tty: { write(text: string): void } | null;
}

/** Resolves at `until` (Date.now() time). */
export async function countdown(until: number, what: string, out: CountdownOutput): Promise<void> {
  if (out.tty === null) {
    out.say(`${what}: ${Math.ceil(Math.max(0, until - Date.now()) / 1000)} s, until ${clockSeconds(until)}.`);
    // A timer may fire a millisecond early (Node rounds to whole milliseconds): sleep again then.
    while (Date.now() < until) await sleep(Math.max(1, until - Date.now()));
    return;
  }
  for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
    const s = Math.ceil(left / 1000);
    out.tty.write(`\r\x1b[K${what}: ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);
    await sleep(Math.min(left, left % 1000 || 1000));
  }
  out.tty.write('\r\x1b[K');
}
