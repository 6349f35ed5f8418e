import { describe, expect, it } from 'vitest';
import { formatClock, formatFullDate, formatListDate, formatWhen } from './time.ts';

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
