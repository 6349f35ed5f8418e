// Plain text with its http(s) and mailto URLs as buttons that open the link confirmation.
import type { ReactNode } from 'react';
import { findLinks } from '../../mail/plain-text.ts';
import { safeLinkTarget } from '../../mail/urls.ts';
import { useActions } from '../../store/context.tsx';

export function LinkedText({ text }: { text: string }) {
  const { openDialog } = useActions();
  const parts: ReactNode[] = findLinks(text).map((segment, i) => {
    const target = segment.kind === 'link' ? safeLinkTarget(segment.url) : null;
    if (segment.kind === 'text' || target === null) return segment.text;
    return (
      <button type="button" key={i} className="inline-link" onClick={() => openDialog({ kind: 'open-link', url: target, text: null })}>
        {segment.text}
      </button>
    );
  });
  return <>{parts}</>;
}
