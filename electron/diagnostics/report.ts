// A mailbox report (mailbox.ts) as text — what `poplar diagnose` prints and the diagnostics
// view's "copy report" copies — and as one JSON object for `poplar diagnose --json`.
import { stripTimeMarks } from '../../shared/time-marks.ts';
import type { SessionRecord } from '../store/sessions.ts';
import type { MailboxReport } from './mailbox.ts';
import { describeState } from './mailbox-state.ts';
import { serverWords } from './server-words.ts';
import { timeline } from './timeline.ts';
import { plainDiagnosis } from './plain-diagnosis.ts';
import { atTime, plainTimes, timeAndDay } from './when.ts';

/** Sessions listed in the text report; the JSON has more. */
export const RECENT_SHOWN = 12;
export const RECENT_JSON = 50;

/** The report as the window's "copy report" takes it: its times are marks (when.ts), which the window says; the command line uses plainReportText. */
export function reportText(r: MailboxReport, now: number): string {
  const d = r.diagnosis;
  const lines = [
    `${r.account.name} (${r.account.mailboxKey})`,
    `State:       ${describeState(r.state, now)}`,
    `Last error:  ${r.lastError ? `${timeAndDay(r.lastError.at)}  ${r.lastError.code}: ${serverWords(r.lastError) ?? stripTimeMarks(r.lastError.message)}` : 'none'}`,
    '',
    `${d.title}   [cause: ${d.cause}]`,
    d.explanation,
  ];
  if (d.evidence.length > 0) lines.push('', 'Evidence:', ...d.evidence.map((e) => `  - ${e}`));
  lines.push('', 'What Poplar will do:', `  ${d.poplarWillDo}`);
  lines.push('', 'What you can do:', ...d.youCanDo.map((y) => `  - ${y}`));
  if (d.pattern) lines.push('', 'Pattern:', `  ${d.pattern}`);
  lines.push(
    '',
    `Next check:  ${r.nextCheckAt === null ? 'none planned (checking is paused)' : atTime(r.nextCheckAt, now).replace(/^at /, '')}`,
  );
  const recent = r.sessions.slice(0, RECENT_SHOWN);
  lines.push(
    '',
    recent.length ? 'Recent sessions (newest first):' : 'Recent sessions: none',
    ...timeline(recent, now).map((l) => `  ${l}`),
  );
  return lines.join('\n');
}

/** reportText for the command line, its times in plain words. */
export function plainReportText(r: MailboxReport, now: number): string {
  return plainTimes(reportText(r, now), now);
}

const iso = (t: number | null | undefined): string | null => (t == null ? null : new Date(t).toISOString());

function sessionJson(s: SessionRecord) {
  return {
    id: s.id,
    trigger: s.trigger,
    startedAt: iso(s.startedAt),
    connectedAt: iso(s.connectedAt),
    endedAt: iso(s.endedAt),
    endedBy: s.endedBy ?? null,
    error: s.error ?? null,
    downloaded: s.downloaded ?? 0,
    deletedOnServer: s.deletedOnServer ?? 0,
    bytes: s.bytes ?? 0,
  };
}

export function reportJson(r: MailboxReport, now: number) {
  const recent = r.sessions.slice(0, RECENT_JSON);
  const state = r.state;
  return {
    account: r.account.name,
    mailboxKey: r.account.mailboxKey,
    now: iso(now),
    state: {
      ...state,
      ...('until' in state ? { until: iso(state.until) } : {}),
      ...('since' in state ? { since: iso(state.since) } : {}),
      description: plainTimes(describeState(state, now), now),
    },
    lastError: r.lastError ? { ...r.lastError, at: iso(r.lastError.at) } : null,
    ...plainDiagnosis(r.diagnosis, now),
    nextCheckAt: iso(r.nextCheckAt),
    loginDelaySeconds: r.loginDelaySeconds,
    intervalMinutes: r.account.intervalMinutes,
    sessions: recent.map(sessionJson),
    timeline: timeline(recent, now),
  };
}
