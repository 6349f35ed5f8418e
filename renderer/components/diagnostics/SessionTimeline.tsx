// The last 24 hours of sessions on one axis, a lane per outcome: a lock held by a phone that
// checks every hour shows as a red mark at each :00, a too-short interval as a dense row.
import type { SessionView } from '../../../shared/contract.ts';
import { formatClock } from '../../format/time.ts';
import type { SessionOutcome } from '../../store/diagnostics/selectors.ts';
import { hourTicks, timelineMarks } from './timeline.ts';

const WIDTH = 720;
const LABEL = 70;
const LANE = 26;
const LANES: ReadonlyArray<{ outcome: SessionOutcome; label: string }> = [
  { outcome: 'ok', label: 'Worked' },
  { outcome: 'refused', label: 'Refused' },
  { outcome: 'failed', label: 'Failed' },
];
const OUTCOME_WORDS: Record<SessionOutcome, string> = {
  ok: 'worked',
  refused: 'refused (mailbox in use)',
  failed: 'failed',
  running: 'running',
};

export function SessionTimeline({ sessions, now }: { sessions: readonly SessionView[]; now: number }) {
  const plot = WIDTH - LABEL - 8;
  const marks = timelineMarks(sessions, now, plot);
  const height = LANES.length * LANE + 24;
  const counts = Object.fromEntries(LANES.map((l) => [l.outcome, marks.filter((m) => m.outcome === l.outcome).length]));
  return (
    <figure className="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Sessions in the last 24 hours: ${counts.ok ?? 0} worked, ${counts.refused ?? 0} refused, ${counts.failed ?? 0} failed`}
      >
        {LANES.map((lane, i) => (
          <g key={lane.outcome} transform={`translate(0 ${i * LANE})`}>
            <text x={0} y={LANE / 2 + 4} className="timeline-label">
              {lane.label}
            </text>
            <rect x={LABEL} y={4} width={plot} height={LANE - 8} rx={4} className="timeline-lane" />
          </g>
        ))}
        {hourTicks(now, plot, 3)
          .filter((t) => t.x < plot - 60 /* keep clear of “now” */)
          .map((t) => (
            <g key={t.at}>
              <line x1={LABEL + t.x} x2={LABEL + t.x} y1={2} y2={LANES.length * LANE} className="timeline-tick" />
              <text x={LABEL + t.x} y={LANES.length * LANE + 16} textAnchor="middle" className="timeline-axis">
                {formatClock(t.at)}
              </text>
            </g>
          ))}
        <text x={WIDTH - 2} y={LANES.length * LANE + 16} textAnchor="end" className="timeline-axis">
          now
        </text>
        {marks.map((m) => {
          const lane = Math.max(
            0,
            LANES.findIndex((l) => l.outcome === (m.outcome === 'running' ? 'ok' : m.outcome)),
          );
          return (
            <rect
              key={m.id}
              x={LABEL + m.x}
              y={lane * LANE + 6}
              width={m.width}
              height={LANE - 12}
              rx={1}
              className={`timeline-mark mark-${m.outcome}`}
            >
              <title>
                {`${formatClock(m.session.startedAt)} — ${OUTCOME_WORDS[m.outcome]}${m.session.errorCode ? ` (${m.session.errorCode})` : ''}${m.session.downloaded ? `, ${m.session.downloaded} downloaded` : ''}`}
              </title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="timeline-legend">
        <span>
          <i className="legend mark-ok" /> worked ({counts.ok ?? 0})
        </span>
        <span>
          <i className="legend mark-refused" /> refused ({counts.refused ?? 0})
        </span>
        <span>
          <i className="legend mark-failed" /> failed ({counts.failed ?? 0})
        </span>
      </figcaption>
    </figure>
  );
}
