import { describe, expect, it } from 'vitest';
import { parseMailDate } from './mail-date.ts';

const utc = (...args: [number, number, number, number, number, number?]): number => Date.UTC(...args);

describe('parseMailDate', () => {
  it('reads RFC 5322 §3.3 dates with numeric zones', () => {
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00 +0100')).toBe(utc(2026, 0, 1, 9, 0, 0));
    expect(parseMailDate('Mon, 05 Jan 2026 08:37:12 -0530')).toBe(utc(2026, 0, 5, 14, 7, 12));
    expect(parseMailDate('5 Jan 2026 08:37 +0000')).toBe(utc(2026, 0, 5, 8, 37));
  });

  it('drops comments and reads the obsolete zones and years of RFC 5322 §4.3', () => {
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00 +0000 (UTC)')).toBe(utc(2026, 0, 1, 10, 0));
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00 EST')).toBe(utc(2026, 0, 1, 15, 0));
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00 GMT')).toBe(utc(2026, 0, 1, 10, 0));
    expect(parseMailDate('Fri, 1 Jan 99 10:00:00 PDT')).toBe(utc(1999, 0, 1, 17, 0));
    expect(parseMailDate('1 Jan 05 10:00:00 +0000')).toBe(utc(2005, 0, 1, 10, 0));
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00 Q')).toBe(utc(2026, 0, 1, 10, 0)); // military: +0000
  });

  it('reads a date without a zone as UTC, never as local time', () => {
    expect(parseMailDate('Thu, 1 Jan 2026 10:00:00')).toBe(utc(2026, 0, 1, 10, 0));
  });

  it('accepts the ISO 8601 dates some senders use, only with a zone', () => {
    expect(parseMailDate('2026-01-01T10:00:00Z')).toBe(utc(2026, 0, 1, 10, 0));
    expect(parseMailDate('2026-01-01T10:00:00+02:00')).toBe(utc(2026, 0, 1, 8, 0));
    expect(parseMailDate('2026-01-01T10:00:00')).toBeNull();
  });

  it('gives null for what is not a date', () => {
    for (const value of [
      null,
      '',
      'yesterday',
      'Thu, 31 Feb 2026 10:00:00 +0000',
      '1 Foo 2026 10:00 +0000',
      '1 Jan 2026 25:00 +0000',
      '12',
    ]) {
      expect(parseMailDate(value)).toBeNull();
    }
  });
});
