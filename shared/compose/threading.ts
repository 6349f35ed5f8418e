// In-Reply-To and References of a reply, as RFC 5322 §3.6.4 says: In-Reply-To is the parent's
// Message-ID; References is the parent's References (or, lacking it, its In-Reply-To when
// that holds one identifier) followed by the parent's Message-ID.
import type { OriginalMessage } from './types.ts';

export interface Threading {
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
}

export function replyThreading(parent: Pick<OriginalMessage, 'messageId' | 'inReplyTo' | 'references'>): Threading {
  const earlier = parent.references.length > 0 ? parent.references : singleId(parent.inReplyTo);
  const references = parent.messageId === null ? [...earlier] : [...earlier, parent.messageId];
  // A looped thread could repeat an identifier; keep the first of each.
  return { inReplyTo: parent.messageId, references: [...new Set(references)] };
}

function singleId(inReplyTo: string | null): string[] {
  if (inReplyTo === null) return [];
  const ids = inReplyTo.match(/<[^<>\s]+>/g) ?? [];
  return ids.length === 1 ? ids : [];
}
