// A plain-text body: escaped by React, URLs clickable through the confirmation, quoted
// blocks folded.
import { useMemo } from 'react';
import { splitQuotes } from '../../mail/plain-text.ts';
import { LinkedText } from './LinkedText.tsx';
import { QuotedBlock } from './QuotedBlock.tsx';

export function TextBody({ text }: { text: string }) {
  const blocks = useMemo(() => splitQuotes(text), [text]);
  if (blocks.length === 0) return <p className="muted text-body">This message has no text.</p>;
  return (
    <div className="text-body">
      {blocks.map((block, i) =>
        block.kind === 'quote' ? (
          <QuotedBlock key={i} text={block.text} lines={block.lines} />
        ) : (
          <pre key={i} className="plain-text">
            <LinkedText text={block.text} />
          </pre>
        ),
      )}
    </div>
  );
}
