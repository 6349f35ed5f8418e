// Plain text with its http(s) and mailto URLs as buttons that open the link confirmation, and
// the current search's words marked (body-highlight.ts).
import type { ReactNode } from 'react';
import { findLinks } from '../../mail/plain-text.ts';
import { safeLinkTarget } from '../../mail/urls.ts';
import { useActions } from '../../store/context.tsx';
import { Marked } from './Marked.tsx';

export function LinkedText({ text, pattern = null }: { text: string; pattern?: RegExp | null }) {
  const { openDialog } = useActions();
  const parts: ReactNode[] = findLinks(text).map((segment, i) => {
    const target = segment.kind === 'link' ? safeLinkTarget(segment.url) : null;
    if (segment.kind === 'text' || target === null) return <Marked key={i} text={segment.text} pattern={pattern} />;
    return (
      <button type="button" key={i} className="inline-link" onClick={() => openDialog({ kind: 'open-link', url: target, text: null })}>
        <Marked text={segment.text} pattern={pattern} />
      </button>
    );
  });
  return <>{parts}</>;
}
