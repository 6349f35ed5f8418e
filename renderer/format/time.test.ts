import { describe, expect, it } from 'vitest';
import { timeMark } from '../../shared/time-marks.ts';
import { formatClock, formatClockSeconds, formatFullDate, formatListDate, formatWhen, sayTimes } from './time.ts';

const utc = { locale: 'en-GB', timeZone: 'UTC' };
const now = Date.UTC(2025, 5, 12, 15, 30);

describe('dates in the message list', () => {
  it('shows the time for today, the day for this year and the full date before', () => {
    expect(formatListDate(Date.UTC(2025, 5, 12, 9, 5), now, utc)).toBe('9:05');
    expect(formatListDate(Date.UTC(2025, 2, 4, 9, 5), now, utc)).toBe('4 Mar');
    expect(formatListDate(Date.UTC(2023, 2, 4, 9, 5), now, utc)).toBe('4 Mar 2023');
    expect(formatListDate(null, now, utc)).toBe('');
  });

  it('decides "today" in the user’s time zone, not UTC', () => {
    const lateEvening = Date.UTC(2025, 5, 11, 23, 30); // 01:30 on the 12th in Berlin
    expect(formatListDate(lateEvening, now, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('1:30');
    expect(formatListDate(lateEvening, now, utc)).toBe('11 Jun');
  });

  it('formats clocks, full dates and nearby times', () => {
    expect(formatClock(Date.UTC(2025, 5, 12, 10, 42), utc)).toBe('10:42');
    expect(formatFullDate(Date.UTC(2025, 5, 12, 10, 42), utc)).toBe('Thursday, 12 June 2025 at 10:42');
    expect(formatWhen(Date.UTC(2025, 5, 12, 10, 42), now, utc)).toBe('10:42');
    expect(formatWhen(Date.UTC(2025, 5, 13, 10, 42), now, utc)).toBe('Fri 13 Jun, 10:42');
  });
});

describe('times inside the engine’s sentences (issue 14, defect 2)', () => {
  const at = Date.UTC(2025, 5, 12, 10, 42, 7);
  const us = { locale: 'en-US', timeZone: 'UTC' };

  it('says each mark as the rest of the window says times, in the window’s locale', () => {
    const text = `Refused at ${timeMark(at, 'clock')}; ended ${timeMark(at, 'seconds')}; retry ${timeMark(at + 86_400_000, 'day')}.`;
    expect(sayTimes(text, now, utc)).toBe(`Refused at 10:42; ended 10:42:07; retry ${formatWhen(at + 86_400_000, now, utc)}.`);
    expect(sayTimes(text, now, us)).toBe('Refused at 10:42 AM; ended 10:42:07 AM; retry Fri, Jun 13, 10:42 AM.');
    expect(sayTimes(`at ${timeMark(at, 'clock')}`, now, us)).toBe(`at ${formatClock(at, us)}`);
  });

  it('leaves text without marks, and anything that only looks like one, as it is', () => {
    expect(sayTimes('Nothing needs doing.', now, utc)).toBe('Nothing needs doing.');
    expect(sayTimes('\uE000clock:soon\uE001', now, utc)).toBe('\uE000clock:soon\uE001');
  });

  it('writes a transcript’s seconds in the locale’s way', () => {
    expect(formatClockSeconds(at, utc)).toBe('10:42:07');
    expect(formatClockSeconds(at, us)).toBe('10:42:07 AM');
  });
});
