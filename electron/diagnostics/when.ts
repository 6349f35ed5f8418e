// Times in the words a diagnosis uses: local clock times ("10:02") and distances ("in 12
// minutes"). Local time, because the user compares them with the clock on their screen and
// with the schedule of their other mail programs.
//
// A sentence the window may show (a diagnosis, a banner, the report) carries its times as
// marks (shared/time-marks.ts: timeOfDay, timeWithSeconds, timeAndDay), so that the window
// writes them as it writes every other time on its screen (issue 14, defect 2). The command
// line says them with the plain 24-hour forms below (plainTimes).
import { resolveTimeMarks, timeMark } from '../../shared/time-marks.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "10:02", local time. */
export function clock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "10:02:35": for gaps of seconds, where minutes alone would hide the evidence. */
export function clockSeconds(t: number): string {
  return `${clock(t)}:${pad(new Date(t).getSeconds())}`;
}

/** A time of day in a sentence for the window: "10:02" or "10:02 AM", as the reader's locale writes it. */
export function timeOfDay(t: number): string {
  return timeMark(t, 'clock');
}

/** timeOfDay with seconds. */
export function timeWithSeconds(t: number): string {
  return timeMark(t, 'seconds');
}

/** timeOfDay, with the day added when it is not today. */
export function timeAndDay(t: number): string {
  return timeMark(t, 'day');
}

/** `text` with its time marks said in the command line's plain words (clock, clockSeconds, dayClock). */
export function plainTimes(text: string, now: number): string {
  return resolveTimeMarks(text, (at, style) =>
    style === 'clock' ? clock(at) : style === 'seconds' ? clockSeconds(at) : dayClock(at, now),
  );
}

function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** "10:02" today, "2025-01-14 10:02" on another day. */
export function dayClock(t: number, now: number): string {
  if (sameDay(t, now)) return clock(t);
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(t)}`;
}

/** "25 seconds", "3 minutes", "2 hours" (rounded; never "0 minutes"). */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return plural(s, 'second');
  const m = Math.round(s / 60);
  if (m < 120) return plural(m, 'minute');
  const h = Math.round(m / 60);
  if (h < 48) return plural(h, 'hour');
  return plural(Math.round(h / 24), 'day');
}

/** "in 12 minutes", "in less than a minute", "now" (for a time already due). */
export function fromNow(t: number, now: number): string {
  const ms = t - now;
  if (ms <= 0) return 'now';
  if (ms < 60_000) return 'in less than a minute';
  // Rounded up: "in 12 minutes" must not arrive before the minute it names.
  const m = Math.ceil(ms / 60_000);
  return m < 120 ? `in ${plural(m, 'minute')}` : `in about ${span(ms)}`;
}

/** "at 10:14 (in 12 minutes)", or "right away" when it is due; the time as a mark (timeAndDay). */
export function atTime(t: number, now: number): string {
  return t <= now ? 'right away' : `at ${timeAndDay(t)} (${fromNow(t, now)})`;
}

/** "1.2 s", "2 min 5 s": how long a session took. */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
