// What the reading pane marks in a plain-text body: the free words and quoted phrases of the
// current search (shared/search-query.ts), where a word begins, as the full-text index matched
// them. Operator values (from:, subject:) name headers, not the body, so they are not marked.
// The HTML body is not marked: its frame is sandboxed and runs no script, and marking would mean
// rewriting the mail's markup in this page.
import { parseSearch } from '../../../shared/search-query.ts';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern of the search's free words and phrases, longest first; null when there are none. */
export function bodyPattern(search: string): RegExp | null {
  const q = parseSearch(search);
  const terms = [...q.words, ...q.phrases]
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .sort((a, b) => b.length - a.length);
  return terms.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escape).join('|')})`, 'giu');
}
