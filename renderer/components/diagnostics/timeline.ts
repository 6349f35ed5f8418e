// The geometry of the 24-hour session chart: pure, so the placement is tested without a DOM.
import type { SessionView } from '../../../shared/contract.ts';
import { sessionOutcome, type SessionOutcome } from '../../store/diagnostics/selectors.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface TimelineMark {
  readonly id: number;
  readonly x: number;
  readonly width: number;
  readonly outcome: SessionOutcome;
  readonly session: SessionView;
}

/** Marks for the sessions of the 24 hours before `now`, on a plot `width` units wide. */
export function timelineMarks(sessions: readonly SessionView[], now: number, width: number): TimelineMark[] {
  const from = now - DAY_MS;
  const scale = width / DAY_MS;
  return sessions
    .filter((s) => (s.endedAt ?? now) >= from && s.startedAt <= now)
    .map((s) => {
      const start = Math.max(from, s.startedAt);
      const end = Math.min(now, s.endedAt ?? now);
      // A session of a few seconds is far under a pixel: every mark gets a visible minimum.
      return { id: s.id, x: (start - from) * scale, width: Math.max(2, (end - start) * scale), outcome: sessionOutcome(s), session: s };
    });
}

/** Hour ticks, every `everyHours`, on whole hours of local time. */
export function hourTicks(now: number, width: number, everyHours: number): Array<{ x: number; at: number }> {
  const from = now - DAY_MS;
  const first = new Date(from);
  first.setMinutes(0, 0, 0);
  first.setHours(first.getHours() + 1);
  const ticks: Array<{ x: number; at: number }> = [];
  for (let at = first.getTime(); at <= now; at += 60 * 60 * 1000) {
    if (new Date(at).getHours() % everyHours === 0) ticks.push({ x: ((at - from) / DAY_MS) * width, at });
  }
  return ticks;
}
