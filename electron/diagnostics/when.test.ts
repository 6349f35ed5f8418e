import { describe, expect, it } from 'vitest';
import { stripTimeMarks, timeMark } from '../../shared/time-marks.ts';
import { atTime, clock, plainTimes, timeAndDay, timeOfDay, timeWithSeconds } from './when.ts';

const local = (h: number, m: number, s = 0, day = 14): number => new Date(2025, 0, day, h, m, s).getTime();

describe('times in a diagnosis', () => {
  it('are marks for the window to say, and plain 24-hour words on the command line', () => {
    const now = local(10, 6);
    const text = `at ${timeOfDay(local(10, 5))}, ${timeWithSeconds(local(10, 0, 40))}, ${timeAndDay(local(9, 30, 0, 13))}`;
    expect(text).not.toMatch(/\d\d:\d\d/);
    expect(plainTimes(text, now)).toBe('at 10:05, 10:00:40, 2025-01-13 09:30');
    expect(atTime(local(10, 10), now)).toBe(`at ${timeMark(local(10, 10), 'day')} (in 4 minutes)`);
    expect(plainTimes(atTime(local(10, 10), now), now)).toBe('at 10:10 (in 4 minutes)');
    expect(clock(local(22, 9))).toBe('22:09');
  });

  it('cannot be forged by text from outside', () => {
    expect(plainTimes(stripTimeMarks(`server says ${timeMark(0, 'clock')}`), 0)).toBe('server says clock:0');
  });
});
