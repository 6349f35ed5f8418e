// A plain-text body: escaped by React, URLs clickable through the confirmation, quoted
// blocks folded, the current search's words marked.
import { useMemo } from 'react';
import { splitQuotes } from '../../mail/plain-text.ts';
import { useApp } from '../../store/context.tsx';
import { selectSearch } from '../../store/mailbox/selectors.ts';
import { bodyPattern } from './body-highlight.ts';
import { LinkedText } from './LinkedText.tsx';
import { QuotedBlock } from './QuotedBlock.tsx';

export function TextBody({ text }: { text: string }) {
  const blocks = useMemo(() => splitQuotes(text), [text]);
  const search = useApp(selectSearch);
  const pattern = useMemo(() => bodyPattern(search), [search]);
  if (blocks.length === 0) return <p className="muted text-body">This message has no text.</p>;
  return (
    <div className="text-body">
      {blocks.map((block, i) =>
        block.kind === 'quote' ? (
          <QuotedBlock key={i} text={block.text} lines={block.lines} pattern={pattern} />
        ) : (
          <pre key={i} className="plain-text">
            <LinkedText text={block.text} pattern={pattern} />
          </pre>
        ),
      )}
    </div>
  );
}
