// The recent sessions of a mailbox as lines of text, for the diagnostics view and
// `poplar diagnose`:
//
//   10:05  lock-refused  mailbox-locked: [IN-USE] Mailbox is locked by another POP3 session.   (0.3 s)
//   10:02  quit          3 new, 0 deleted   (1.2 s)
//
// In the order given (newest first, as listSessions returns them).
import type { SessionRecord } from '../store/sessions.ts';
import { serverWords } from './server-words.ts';
import { isFinished, isRunning, type Finished } from './session-facts.ts';
import { dayClock, duration, span } from './when.ts';

/** Wide enough for the longest EndedBy ('lock-refused', 'quit-refused'). */
const ENDED_WIDTH = 12;
/** Server text beyond this is cut in a timeline line; the transcript has it whole. */
const DETAIL_SHOWN = 100;

export function timeline(sessions: readonly SessionRecord[], now: number): string[] {
  const rows = sessions.map((s) => ({ when: dayClock(s.startedAt, now), ...row(s, now) }));
  const width = Math.max(0, ...rows.map((r) => r.when.length));
  return rows.map((r) => `${r.when.padEnd(width)}  ${r.status.padEnd(ENDED_WIDTH)}  ${r.detail}`.trimEnd());
}

function row(s: SessionRecord, now: number): { status: string; detail: string } {
  if (!isFinished(s)) {
    return isRunning(s, now)
      ? { status: 'running', detail: `started ${span(now - s.startedAt)} ago` }
      : { status: 'no end', detail: 'no end was recorded: Poplar stopped during this check' };
  }
  return { status: s.endedBy, detail: `${what(s)}   (${duration(s.endedAt - s.startedAt)})` };
}

function what(s: Finished): string {
  const counts = `${s.downloaded ?? 0} new, ${s.deletedOnServer ?? 0} deleted`;
  if (!s.error) return counts;
  const words = serverWords(s.error) ?? s.error.message;
  const shown = words.length > DETAIL_SHOWN ? `${words.slice(0, DETAIL_SHOWN)}…` : words;
  // A failure after downloading still stored those messages: say so.
  return `${s.error.code}: ${shown}${s.downloaded ? ` (${counts})` : ''}`;
}
