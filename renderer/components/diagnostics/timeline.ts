// The geometry of the session chart: pure, so the placement is tested without a DOM. The chart
// shows a span (the last hour, 6 hours, 24 hours, or one that fits the sessions recorded): at 24
// hours a day of 2-second sessions is a few pixels at "now" (issue 14, defect 7), so the default
// fits the data.
import type { SessionView } from '../../../shared/contract.ts';
import { sessionOutcome, type SessionOutcome } from '../../store/diagnostics/selectors.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export interface TimelineMark {
  readonly id: number;
  readonly x: number;
  readonly width: number;
  readonly outcome: SessionOutcome;
  readonly session: SessionView;
}

export type TimelineRange = 'fit' | '1h' | '6h' | '24h';
export const RANGES: ReadonlyArray<{ readonly range: TimelineRange; readonly label: string }> = [
  { range: 'fit', label: 'Fit' },
  { range: '1h', label: '1 hour' },
  { range: '6h', label: '6 hours' },
  { range: '24h', label: '24 hours' },
];

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The narrowest span "Fit" shows: a single session, or a burst seconds long, still has room around it. */
const FIT_MIN_MS = MINUTE_MS;

/**
 * The span a range shows. 1, 6 and 24 hours end at `now`; "fit" is the sessions of the last 24
 * hours with a little room either side (at least a minute in all), so a burst of checks seconds
 * apart is spread over the chart rather than squeezed at its right edge.
 */
export function spanOf(range: TimelineRange, sessions: readonly SessionView[], now: number): Span {
  if (range === '1h') return { from: now - HOUR_MS, to: now };
  if (range === '6h') return { from: now - 6 * HOUR_MS, to: now };
  if (range === '24h') return { from: now - DAY_MS, to: now };
  const recent = sessions.filter((s) => (s.endedAt ?? now) >= now - DAY_MS && s.startedAt <= now);
  if (recent.length === 0) return { from: now - FIT_MIN_MS, to: now };
  const oldest = Math.max(now - DAY_MS, Math.min(...recent.map((s) => s.startedAt)));
  const newest = Math.min(now, Math.max(...recent.map((s) => s.endedAt ?? now)));
  const length = Math.min(DAY_MS, Math.max(FIT_MIN_MS, (newest - oldest) * 1.1));
  const middle = (oldest + newest) / 2;
  // Never past "now": what is left over goes to the left.
  const to = Math.min(now, middle + length / 2);
  return { from: to - length, to };
}

/** Marks for the sessions inside `span`, on a plot `width` units wide. */
export function marksIn(sessions: readonly SessionView[], span: Span, width: number): TimelineMark[] {
  const scale = width / (span.to - span.from);
  return sessions
    .filter((s) => (s.endedAt ?? span.to) >= span.from && s.startedAt <= span.to)
    .map((s) => {
      const start = Math.max(span.from, s.startedAt);
      const end = Math.min(span.to, s.endedAt ?? span.to);
      // A session of a few seconds is far under a pixel: every mark gets a visible minimum.
      return {
        id: s.id,
        x: (start - span.from) * scale,
        width: Math.max(2, (end - start) * scale),
        outcome: sessionOutcome(s),
        session: s,
      };
    });
}

/** Marks for the sessions of the 24 hours before `now`. */
export function timelineMarks(sessions: readonly SessionView[], now: number, width: number): TimelineMark[] {
  return marksIn(sessions, { from: now - DAY_MS, to: now }, width);
}

/** Tick steps, smallest first: the first that gives at most 8 ticks is used. */
const STEPS = [1 / 6, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 180, 360].map((m) => m * MINUTE_MS);

/** Ticks on whole steps of local time (whole hours from one hour up), at most about 8; `seconds` when the step is under a minute. */
export function ticksIn(span: Span, width: number): { step: number; ticks: Array<{ x: number; at: number }> } {
  const length = span.to - span.from;
  const step = STEPS.find((s) => length / s <= 8) ?? 6 * HOUR_MS;
  const ticks: Array<{ x: number; at: number }> = [];
  // Local midnight of the span's first day: steps count from there, so they fall on whole minutes and hours.
  const midnight = new Date(span.from);
  midnight.setHours(0, 0, 0, 0);
  let at = midnight.getTime() + Math.ceil((span.from - midnight.getTime()) / step) * step;
  for (; at <= span.to; at += step) ticks.push({ x: ((at - span.from) / length) * width, at });
  return { step, ticks };
}

/** Hour ticks of the last 24 hours, every `everyHours`, on whole hours of local time. */
export function hourTicks(now: number, width: number, everyHours: number): Array<{ x: number; at: number }> {
  const from = now - DAY_MS;
  const first = new Date(from);
  first.setMinutes(0, 0, 0);
  first.setHours(first.getHours() + 1);
  const ticks: Array<{ x: number; at: number }> = [];
  for (let at = first.getTime(); at <= now; at += HOUR_MS) {
    if (new Date(at).getHours() % everyHours === 0) ticks.push({ x: ((at - from) / DAY_MS) * width, at });
  }
  return ticks;
}

/** Why a session ended as it did, in plain words, for the list beside the chart. */
const CAUSE_WORDS: Record<string, string> = {
  'mailbox-locked': 'Mailbox in use by another program or device',
  'local-lock': 'Another Poplar check was running',
  'too-many-connections': 'Too many connections to the server',
  'login-delay': 'Checked too soon after the last login',
  'auth-failed': 'User name or password refused',
  'login-refused': 'Login refused',
  'login-stalled': 'The server stopped answering at login',
  'auth-unsupported': 'Login method not offered',
  network: 'Network problem',
  'connection-closed': 'The server closed the connection',
  timeout: 'The server did not answer in time',
  tls: 'Secure connection failed',
  'server-temporary': 'Temporary problem on the server',
  'server-permanent': 'Problem on the server',
};

export function sessionCause(s: SessionView): string {
  if (s.endedAt === null) return 'Still running';
  if (s.errorCode !== null) return CAUSE_WORDS[s.errorCode] ?? 'Problem talking to the server';
  const parts = [s.downloaded > 0 ? `${s.downloaded} downloaded` : 'No new mail'];
  if (s.deletedOnServer > 0) parts.push(`${s.deletedOnServer} deleted on the server`);
  return parts.join(', ');
}

/** How long a session took: "2 s", "1 min 5 s", or "running". */
export function sessionDuration(s: SessionView): string {
  if (s.endedAt === null) return 'running';
  const seconds = Math.max(0, Math.round((s.endedAt - s.startedAt) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}
