// Dates as a mail client shows them, in the user's locale (Intl). `locale` and `timeZone`
// are parameters only so tests can pin them. Every time the window shows goes through this
// file — its own, and those inside the engine's sentences (sayTimes) — so one screen never
// mixes two ways of writing a time (issue 14, defect 2).
import { resolveTimeMarks } from '../../shared/time-marks.ts';

export interface TimeOptions {
  readonly locale?: string;
  readonly timeZone?: string;
}

/**
 * One Intl.DateTimeFormat per locale, zone and style, made once: making one costs far more
 * than formatting with it, and every row of the list formats a date as it scrolls into view.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? null, options]);
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

function sameDay(a: Date, b: Date, timeZone: string | undefined): boolean {
  const day = format('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
}

function sameYear(a: Date, b: Date, timeZone: string | undefined): boolean {
  const year = format('en-CA', { timeZone, year: 'numeric' });
  return year.format(a) === year.format(b);
}

/** The time of day: "10:42" (or "10:42 AM", as the locale writes it). */
export function formatClock(at: number, options: TimeOptions = {}): string {
  return format(options.locale, { timeZone: options.timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
}

/** The time of day with seconds: "10:42:07" (or "10:42:07 AM"), for a protocol transcript. */
export function formatClockSeconds(at: number, options: TimeOptions = {}): string {
  return format(options.locale, { timeZone: options.timeZone, hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(at);
}

/** The list column: today → the time; this year → day and month; older → the full date. */
export function formatListDate(at: number | null, now: number, options: TimeOptions = {}): string {
  if (at === null) return '';
  const date = new Date(at);
  const today = new Date(now);
  if (sameDay(date, today, options.timeZone)) return formatClock(at, options);
  if (sameYear(date, today, options.timeZone)) {
    return format(options.locale, { timeZone: options.timeZone, day: 'numeric', month: 'short' }).format(date);
  }
  return format(options.locale, { timeZone: options.timeZone, dateStyle: 'medium' }).format(date);
}

/** The reading pane's header: the full date and time. */
export function formatFullDate(at: number | null, options: TimeOptions = {}): string {
  if (at === null) return 'No date';
  return format(options.locale, { timeZone: options.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
}

/** A time that is probably today, with the day added when it is not: "10:42" or "Tue 10:42". */
export function formatWhen(at: number, now: number, options: TimeOptions = {}): string {
  if (sameDay(new Date(at), new Date(now), options.timeZone)) return formatClock(at, options);
  return format(options.locale, {
    timeZone: options.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/**
 * A sentence from the engine (a diagnosis, a banner) with its time marks (shared/time-marks.ts)
 * said as the rest of the window says times: formatClock, formatClockSeconds, formatWhen.
 */
export function sayTimes(text: string, now: number, options: TimeOptions = {}): string {
  return resolveTimeMarks(text, (at, style) =>
    style === 'clock' ? formatClock(at, options) : style === 'seconds' ? formatClockSeconds(at, options) : formatWhen(at, now, options),
  );
}
