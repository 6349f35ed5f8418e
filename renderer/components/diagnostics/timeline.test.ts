import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/contract.ts';
import { sessionOutcome } from '../../store/diagnostics/selectors.ts';
import { DAY_MS, hourTicks, timelineMarks } from './timeline.ts';

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
});
