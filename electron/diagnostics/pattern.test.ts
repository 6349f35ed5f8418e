import { afterEach, describe, expect, it } from 'vitest';
import { at, newestFirst, ok, refused } from './fixtures/sessions.ts';
import { describeSchedule, findSchedule, refusalPattern } from './pattern.ts';

describe('findSchedule', () => {
  it('finds an hourly schedule: every refusal between :00 and :02', () => {
    const times = [at(3, 0, 20), at(7, 1, 10), at(9, 0, 5), at(10, 1, 50), at(13, 0, 40), at(15, 2, 0), at(18, 0, 30)];
    const s = findSchedule(times);
    expect(s).toEqual({ periodMinutes: 60, fromMinute: 0, toMinute: 2, count: 7 });
    expect(s && describeSchedule(s)).toBe('between :00 and :02 past the hour');
  });

  it('handles a window across the full hour (:59 to :01)', () => {
    const s = findSchedule([at(8, 59, 30), at(10, 0, 40), at(12, 1, 0)]);
    expect(s).toMatchObject({ periodMinutes: 60, fromMinute: 59, toMinute: 1 });
    expect(s && describeSchedule(s)).toBe('between :59 and :01 past the hour');
  });

  it('finds a 15-minute schedule when refusals fall at different quarters of the hour', () => {
    const s = findSchedule([at(9, 15, 20), at(9, 45, 40), at(11, 0, 10), at(12, 30, 50)]);
    expect(s).toMatchObject({ periodMinutes: 15, fromMinute: 0, toMinute: 0 });
    expect(s && describeSchedule(s)).toBe('at :00, :15, :30 or :45 past the hour');
  });

  it('prefers the longest period the refusals fit: 10:00, 11:01, 12:00 is hourly, not every 15 minutes', () => {
    expect(findSchedule([at(10, 0), at(11, 1), at(12, 0)])?.periodMinutes).toBe(60);
  });

  it('finds nothing in refusals at scattered times', () => {
    expect(findSchedule([at(8, 12), at(9, 47), at(11, 3), at(14, 29), at(16, 38)])).toBeNull();
  });

  it('finds nothing in fewer than three refusals', () => {
    expect(findSchedule([at(10, 0), at(11, 0)])).toBeNull();
  });

  it('finds nothing when the refusals are retries within one period (no evidence of a schedule)', () => {
    expect(findSchedule([at(10, 0, 0), at(10, 0, 40), at(10, 1, 30)])).toBeNull();
  });

  it('finds nothing when one refusal is off the schedule', () => {
    expect(findSchedule([at(9, 0), at(10, 1), at(11, 0), at(12, 0), at(13, 37)])).toBeNull();
  });

  it('does not match a short period by chance: a 2-minute spread is too wide for every 5 minutes', () => {
    // Phases 1.0, 2.5 and 2.9 (mod 5): within 2 minutes, but a 5-minute period allows half a minute.
    expect(findSchedule([at(10, 6, 0), at(10, 22, 30), at(10, 47, 54)])).toBeNull();
  });
});

describe('findSchedule in a time zone with a half-hour offset', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('reads minutes past the hour on the local clock (India, UTC+5:30)', () => {
    process.env.TZ = 'Asia/Kolkata';
    // In UTC these are :30 past; a local cron job runs at :00.
    const s = findSchedule([at(9, 0, 10), at(10, 0, 50), at(11, 1, 20)]);
    expect(s).toMatchObject({ periodMinutes: 60, fromMinute: 0, toMinute: 1 });
    expect(new Date(at(9, 0, 10)).getUTCMinutes()).toBe(30);
  });
});

describe('refusalPattern', () => {
  const now = at(19, 0);

  it('counts the lock refusals of the last 24 hours and names the schedule', () => {
    const sessions = newestFirst(
      refused(at(9, 0, 30)),
      ok(at(9, 3)),
      refused(at(11, 1, 10)),
      ok(at(11, 4)),
      refused(at(14, 0, 5)),
      ok(at(14, 3)),
      refused(at(17, 1, 40)),
    );
    expect(refusalPattern(sessions, now)).toBe(
      'The server refused Poplar 4 times in the last 24 hours, each time between :00 and :01 past the hour: ' +
        'another program checks this mailbox on a fixed schedule, every hour, and holds it at those minutes.',
    );
  });

  it('leaves out refusals older than 24 hours and other failures', () => {
    const sessions = newestFirst(
      refused(at(17, 0)),
      refused(at(18, 0)),
      refused(at(16, 0, 0, 10)),
      refused(at(15, 0, 0, 10)),
      refused(at(12, 0), {
        code: 'too-many-connections',
        responseCode: 'IN-USE',
        serverText: 'Maximum number of connections from user+IP exceeded',
      }),
    );
    expect(refusalPattern(sessions, now)).toBeNull();
  });
});
