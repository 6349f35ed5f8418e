// The failed session's protocol transcript, as recorded: redacted at the source (no
// password, no SASL secret, no message body ever reaches it).
import type { DiagnosticsView } from '../../../shared/contract.ts';
import { formatClockSeconds } from '../../format/time.ts';

const DIRECTION = { C: 'C:', S: 'S:', '*': '  ' } as const;

export function Transcript({ lines }: { lines: DiagnosticsView['transcript'] }) {
  if (lines.length === 0) return <p className="muted">No transcript was recorded for this session.</p>;
  return (
    <pre className="transcript" tabIndex={0} aria-label="Protocol transcript">
      {lines.map((l, i) => (
        <div key={i} className={`transcript-line dir-${l.dir === '*' ? 'note' : l.dir}`}>
          <span className="transcript-time">{formatClockSeconds(l.at)}</span> <span className="transcript-dir">{DIRECTION[l.dir]}</span>{' '}
          {l.line}
        </div>
      ))}
    </pre>
  );
}
