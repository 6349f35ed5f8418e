// Does another program check this mailbox on a fixed schedule? Lock refusals that keep
// landing at the same minutes of the hour say so: a phone set to "every 15 minutes" or a
// server-side fetcher run from cron holds the mailbox at those minutes, and Poplar's checks
// that happen to fall there are turned away.
//
// The test is deliberately simple. For each usual period P (an hour, half an hour, … five
// minutes — the choices mail programs offer), every refusal time is reduced to its phase:
// the local minutes past the hour, modulo P. Phases lie on a circle of length P; the
// smallest arc that holds them all is the circle minus its largest gap between neighbours.
// When that arc is at most MAX_SPREAD_MINUTES (and at most a tenth of P, so that short
// periods are not matched by chance), and the refusals fall in at least MIN_REFUSALS
// different periods (three retries within one minute say nothing about a schedule), the
// refusals follow that schedule. Periods are tried longest first, and the first that fits
// is reported: refusals at 10:00, 11:01 and 12:00 fit every 15 minutes too, but nothing
// shows a refusal at :15, so "every hour" is what the evidence says.
//
// Chance alone rarely fits: for n uniformly random times the probability that they share
// an arc of w minutes out of P is about n·(w/P)^(n−1) — 0.3 % for three refusals and an hour.
// One refusal off the schedule breaks the pattern; saying nothing beats saying something wrong.
import { lockRefusalTimes } from './session-facts.ts';
import type { SessionRecord } from '../store/sessions.ts';
import { plural } from './when.ts';

export const MIN_REFUSALS = 3;
export const MAX_SPREAD_MINUTES = 2;
/** Periods mail programs and cron jobs commonly use, longest first; each divides an hour. */
export const PERIODS_MINUTES: readonly number[] = [60, 30, 20, 15, 10, 5];

export interface Schedule {
  readonly periodMinutes: number;
  /** The window of phases, in whole minutes past each period's start (may wrap: 59 → 1). */
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly count: number;
}

/** Local minutes since the epoch: minutes past the hour as the user's clock shows them. */
function localMinutes(t: number): number {
  return (t - new Date(t).getTimezoneOffset() * 60_000) / 60_000;
}

export function findSchedule(times: readonly number[]): Schedule | null {
  if (times.length < MIN_REFUSALS) return null;
  for (const period of PERIODS_MINUTES) {
    const spread = Math.min(MAX_SPREAD_MINUTES, period / 10);
    const slots = new Set(times.map((t) => Math.floor(localMinutes(t) / period)));
    if (slots.size < MIN_REFUSALS) continue;
    const arc = smallestArc(
      times.map((t) => ((localMinutes(t) % period) + period) % period),
      period,
    );
    if (arc.length <= spread) {
      return {
        periodMinutes: period,
        fromMinute: Math.floor(arc.start),
        toMinute: Math.floor((arc.start + arc.length) % period),
        count: times.length,
      };
    }
  }
  return null;
}

/** The shortest arc of a circle of length `period` holding every phase. */
function smallestArc(phases: readonly number[], period: number): { start: number; length: number } {
  const sorted = [...phases].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  // The gap across the period boundary, then every gap between neighbours.
  let gap = first + period - last;
  let start = first;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] ?? 0;
    const b = sorted[i] ?? 0;
    if (b - a > gap) {
      gap = b - a;
      start = b;
    }
  }
  return { start, length: period - gap };
}

const mm = (m: number): string => `:${String(m).padStart(2, '0')}`;

/** "between :00 and :02 past the hour", "at :00–:01, :15–:16, :30–:31 or :45–:46 past the hour". */
export function describeSchedule(s: Schedule): string {
  if (s.periodMinutes === 60)
    return s.fromMinute === s.toMinute
      ? `at ${mm(s.fromMinute)} past the hour`
      : `between ${mm(s.fromMinute)} and ${mm(s.toMinute)} past the hour`;
  const windows: string[] = [];
  for (let k = 0; k < 60 / s.periodMinutes; k++) {
    const from = (s.fromMinute + k * s.periodMinutes) % 60;
    const to = (s.toMinute + k * s.periodMinutes) % 60;
    windows.push(from === to ? mm(from) : `${mm(from)}–${mm(to)}`);
  }
  const list = `${windows.slice(0, -1).join(', ')} or ${windows[windows.length - 1] ?? ''}`;
  return `at ${list} past the hour`;
}

function every(periodMinutes: number): string {
  return periodMinutes === 60 ? 'every hour' : `every ${periodMinutes} minutes`;
}

/** The pattern sentence of a diagnosis, or null when the refusals follow no schedule. */
export function refusalPattern(sessions: readonly SessionRecord[], now: number): string | null {
  const schedule = findSchedule(lockRefusalTimes(sessions, now));
  if (!schedule) return null;
  return (
    `The server refused Poplar ${plural(schedule.count, 'time')} in the last 24 hours, each time ${describeSchedule(schedule)}: ` +
    `another program checks this mailbox on a fixed schedule, ${every(schedule.periodMinutes)}, and holds it at those minutes.`
  );
}
