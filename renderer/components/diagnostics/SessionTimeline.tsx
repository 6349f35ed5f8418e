// Recent sessions on one axis, a lane per outcome: a lock held by a phone that checks every hour
// shows as a red mark at each :00, a too-short interval as a dense row. The span fits the
// sessions recorded unless the user picks 1, 6 or 24 hours; the list beside it says the same
// session by session (time, outcome, cause, duration), and choosing a mark selects its row.
import { useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../../shared/contract.ts';
import { formatClock, formatClockSeconds, formatWhen } from '../../format/time.ts';
import type { SessionOutcome } from '../../store/diagnostics/selectors.ts';
import { marksIn, RANGES, sessionCause, sessionDuration, spanOf, ticksIn, type TimelineRange } from './timeline.ts';

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
const OUTCOME_CELL: Record<SessionOutcome, string> = { ok: 'Worked', refused: 'Refused', failed: 'Failed', running: 'Running' };
const RANGE_WORDS: Record<TimelineRange, string> = {
  fit: 'since the first session recorded',
  '1h': 'in the last hour',
  '6h': 'in the last 6 hours',
  '24h': 'in the last 24 hours',
};

export function SessionTimeline({ sessions, now }: { sessions: readonly SessionView[]; now: number }) {
  const [range, setRange] = useState<TimelineRange>('fit');
  const [selected, setSelected] = useState<number | null>(null);
  const rows = useRef<HTMLTableSectionElement>(null);
  const plot = WIDTH - LABEL - 8;
  const span = spanOf(range, sessions, now);
  const marks = marksIn(sessions, span, plot);
  const height = LANES.length * LANE + 24;
  const counts = Object.fromEntries(LANES.map((l) => [l.outcome, marks.filter((m) => m.outcome === l.outcome).length]));
  const axis = ticksIn(span, plot);
  const tickLabel = (at: number) => (axis.step < 60_000 ? formatClockSeconds(at) : formatClock(at));
  const atNow = span.to === now;
  const listed = [...marks].sort((a, b) => b.session.startedAt - a.session.startedAt);

  // A mark chosen on the chart: its row scrolls into view in the list.
  useEffect(() => {
    if (selected === null) return;
    rows.current?.querySelector(`[data-session="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <div className="timeline-block">
      <div className="timeline-ranges" role="group" aria-label="Time span">
        {RANGES.map((r) => (
          <button key={r.range} type="button" className="button small" aria-pressed={range === r.range} onClick={() => setRange(r.range)}>
            {r.label}
          </button>
        ))}
      </div>
      <figure className="timeline">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={`Sessions ${RANGE_WORDS[range]}: ${counts.ok ?? 0} worked, ${counts.refused ?? 0} refused, ${counts.failed ?? 0} failed`}
        >
          {LANES.map((lane, i) => (
            <g key={lane.outcome} transform={`translate(0 ${i * LANE})`}>
              <text x={0} y={LANE / 2 + 4} className="timeline-label">
                {lane.label}
              </text>
              <rect x={LABEL} y={4} width={plot} height={LANE - 8} rx={4} className="timeline-lane" />
            </g>
          ))}
          {axis.ticks
            .filter((t) => t.x < plot - 60 /* keep clear of the right end's label */)
            .map((t) => (
              <g key={t.at}>
                <line x1={LABEL + t.x} x2={LABEL + t.x} y1={2} y2={LANES.length * LANE} className="timeline-tick" />
                <text x={LABEL + t.x} y={LANES.length * LANE + 16} textAnchor="middle" className="timeline-axis">
                  {tickLabel(t.at)}
                </text>
              </g>
            ))}
          <text x={WIDTH - 2} y={LANES.length * LANE + 16} textAnchor="end" className="timeline-axis">
            {atNow ? 'now' : tickLabel(span.to)}
          </text>
          {marks.map((m) => {
            const lane = Math.max(
              0,
              LANES.findIndex((l) => l.outcome === (m.outcome === 'running' ? 'ok' : m.outcome)),
            );
            return (
              <rect
                key={m.id}
                data-session={m.id}
                x={LABEL + m.x}
                y={lane * LANE + 6}
                width={Math.max(m.width, 3)}
                height={LANE - 12}
                rx={1}
                className={`timeline-mark mark-${m.outcome}${selected === m.id ? ' selected' : ''}`}
                onClick={() => setSelected(m.id)}
              >
                <title>
                  {`${formatClock(m.session.startedAt)} — ${OUTCOME_WORDS[m.outcome]}${m.session.downloaded ? `, ${m.session.downloaded} downloaded` : ''}`}
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
      <div
        className="timeline-list"
        tabIndex={0}
        role="region"
        aria-label="Sessions, newest first"
        aria-describedby="timeline-list-keys"
        onKeyDown={(e) => {
          // Up and Down choose a session (its mark is outlined on the chart), as a click on a mark does.
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          const at = listed.findIndex((m) => m.id === selected);
          const next = e.key === 'ArrowDown' ? Math.min(listed.length - 1, at + 1) : Math.max(0, at === -1 ? 0 : at - 1);
          const mark = listed[next];
          if (mark) setSelected(mark.id);
        }}
      >
        <p id="timeline-list-keys" className="visually-hidden">
          Up and Down arrows choose a session.
        </p>
        {listed.length === 0 ? (
          <p className="muted">No sessions {RANGE_WORDS[range]}.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Outcome</th>
                <th scope="col">Cause</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody ref={rows}>
              {listed.map((m) => (
                <tr
                  key={m.id}
                  data-session={m.id}
                  className={selected === m.id ? 'selected' : undefined}
                  aria-selected={selected === m.id}
                  onClick={() => setSelected(m.id)}
                >
                  <td>{formatWhen(m.session.startedAt, now)}</td>
                  <td>
                    <i className={`legend mark-${m.outcome}`} /> {OUTCOME_CELL[m.outcome]}
                  </td>
                  <td>{sessionCause(m.session)}</td>
                  <td>{sessionDuration(m.session)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
