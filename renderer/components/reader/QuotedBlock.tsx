// A quoted block ("> …") folded behind a toggle: in a long thread the new text is what matters.
import { useState } from 'react';
import { LinkedText } from './LinkedText.tsx';

export function QuotedBlock({ text, lines, pattern = null }: { text: string; lines: number; pattern?: RegExp | null }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="quoted">
      <button type="button" className="quoted-toggle" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide quoted text' : `Show quoted text (${lines} line${lines === 1 ? '' : 's'})`}
      </button>
      {shown ? (
        <pre className="quoted-text">
          <LinkedText text={text} pattern={pattern} />
        </pre>
      ) : null}
    </div>
  );
}
