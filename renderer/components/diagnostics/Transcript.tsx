// The failed session's protocol transcript, as recorded: redacted at the source (no
// password, no SASL secret, no message body ever reaches it).
import type { DiagnosticsView } from '../../../shared/contract.ts';

const DIRECTION = { C: 'C:', S: 'S:', '*': '  ' } as const;

function clock(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function Transcript({ lines }: { lines: DiagnosticsView['transcript'] }) {
  if (lines.length === 0) return <p className="muted">No transcript was recorded for this session.</p>;
  return (
    <pre className="transcript" tabIndex={0} aria-label="Protocol transcript">
      {lines.map((l, i) => (
        <div key={i} className={`transcript-line dir-${l.dir === '*' ? 'note' : l.dir}`}>
          <span className="transcript-time">{clock(l.at)}</span> <span className="transcript-dir">{DIRECTION[l.dir]}</span> {l.line}
        </div>
      ))}
    </pre>
  );
}
