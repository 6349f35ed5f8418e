import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/contract.ts';
import { sessionOutcome } from '../../store/diagnostics/selectors.ts';
import { DAY_MS, hourTicks, marksIn, sessionCause, sessionDuration, spanOf, ticksIn, timelineMarks } from './timeline.ts';

const now = Date.UTC(2025, 5, 12, 12, 0);
const session = (id: number, startedAt: number, patch: Partial<SessionView> = {}): SessionView => ({
  id,
  startedAt,
  endedAt: startedAt + 2_000,
  endedBy: 'quit',
  errorCode: null,
  downloaded: 0,
  deletedOnServer: 0,
  ...patch,
});

describe('the session timeline', () => {
  it('places sessions of the last 24 hours and colours them by outcome', () => {
    const marks = timelineMarks(
      [
        session(1, now - DAY_MS / 2),
        session(2, now - 60_000, { endedBy: 'lock-refused', errorCode: 'mailbox-locked' }),
        session(3, now - 120_000, { endedBy: 'network-drop', errorCode: 'network' }),
        session(4, now - 30_000, { endedAt: null, endedBy: null }),
        session(5, now - DAY_MS - 60_000),
      ],
      now,
      720,
    );
    expect(marks.map((m) => [m.id, m.outcome])).toEqual([
      [1, 'ok'],
      [2, 'refused'],
      [3, 'failed'],
      [4, 'running'],
    ]);
    expect(marks[0]?.x).toBeCloseTo(360);
    expect(marks[0]?.width).toBe(2);
  });

  it('classifies refusals by error code as well as by how the session ended', () => {
    expect(sessionOutcome(session(1, now, { endedBy: 'server-error', errorCode: 'login-delay' }))).toBe('refused');
    expect(sessionOutcome(session(1, now, { endedBy: 'quit-refused', errorCode: null }))).toBe('ok');
    expect(sessionOutcome(session(1, now, { endedBy: 'auth-failed', errorCode: 'auth-failed' }))).toBe('failed');
  });

  it('ticks whole hours', () => {
    const ticks = hourTicks(now, 720, 6);
    expect(ticks.length).toBe(4);
    for (const t of ticks) expect(new Date(t.at).getMinutes()).toBe(0);
  });

  it('fits the span to the sessions recorded, so a burst of short sessions is not squeezed at "now" (defect 7)', () => {
    const burst = [session(1, now - 20 * 60_000), session(2, now - 10 * 60_000, { endedBy: 'lock-refused', errorCode: 'mailbox-locked' })];
    const span = spanOf('fit', burst, now);
    // The ten minutes between them, with 5 % either side.
    expect(span.to - span.from).toBeCloseTo((10 * 60_000 + 2_000) * 1.1);
    expect(span.from).toBeLessThan(now - 20 * 60_000);
    expect(span.to).toBeGreaterThan(now - 10 * 60_000);
    expect(span.to).toBeLessThanOrEqual(now);
    const fitted = marksIn(burst, span, 600);
    // At 24 hours these two marks would be ~4 units apart; fitted, they are most of the plot apart.
    expect((fitted[1]?.x ?? 0) - (fitted[0]?.x ?? 0)).toBeGreaterThan(500);
    const day = marksIn(burst, spanOf('24h', burst, now), 600);
    expect((day[1]?.x ?? 0) - (day[0]?.x ?? 0)).toBeLessThan(5);
    expect(spanOf('1h', burst, now)).toEqual({ from: now - 3_600_000, to: now });
    expect(spanOf('6h', burst, now).from).toBe(now - 6 * 3_600_000);
    // A burst seconds long gets a minute around it, never past now; no sessions, the last minute.
    const seconds = spanOf('fit', [session(1, now - 5_000), session(2, now - 3_000)], now);
    expect(seconds).toEqual({ from: now - 60_000, to: now });
    expect(spanOf('fit', [], now)).toEqual({ from: now - 60_000, to: now });
    // Sessions older than a day do not count.
    expect(spanOf('fit', [session(9, now - 3 * DAY_MS)], now)).toEqual({ from: now - 60_000, to: now });
    const old = spanOf('fit', [session(1, now - 3 * 3_600_000), session(2, now - 2 * 3_600_000)], now);
    expect(old.to).toBeLessThan(now - 3_600_000);
  });

  it('ticks at most about 8 steps of local time in any span', () => {
    for (const length of [20_000, 60_000, 10 * 60_000, 3_600_000, 6 * 3_600_000, DAY_MS]) {
      const { ticks } = ticksIn({ from: now - length, to: now }, 600);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(9);
      for (const t of ticks) {
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.x).toBeLessThanOrEqual(600);
        expect(new Date(t.at).getMilliseconds()).toBe(0);
        if (length >= 10 * 60_000) expect(new Date(t.at).getSeconds()).toBe(0);
      }
    }
  });

  it("says each session's cause and duration in plain words", () => {
    expect(sessionCause(session(1, now, { endedBy: 'lock-refused', errorCode: 'mailbox-locked' }))).toBe(
      'Mailbox in use by another program or device',
    );
    expect(sessionCause(session(1, now, { downloaded: 3 }))).toBe('3 downloaded');
    expect(sessionCause(session(1, now))).toBe('No new mail');
    expect(sessionCause(session(1, now, { endedAt: null }))).toBe('Still running');
    expect(sessionDuration(session(1, now))).toBe('2 s');
    expect(sessionDuration(session(1, now, { endedAt: now + 65_000 }))).toBe('1 min 5 s');
    expect(sessionDuration(session(1, now, { endedAt: null }))).toBe('running');
  });
});
