// Marks what a search looked for in the text a row shows: the free words and phrases the user
// typed (shared/search-query.ts reads the operators out). A word matches where a word begins, as
// the full-text index matches it; case and accents are not ignored by the marks, only case.
import { highlightTerms, parseSearch } from '../../../shared/search-query.ts';

export interface Piece {
  readonly text: string;
  readonly mark: boolean;
}

let lastSearch = '';
let lastPattern: RegExp | null = null;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern of a search's terms, or null when it has none (the last one is kept: every row asks for the same). */
export function termPattern(search: string): RegExp | null {
  if (search === lastSearch) return lastPattern;
  const terms = highlightTerms(parseSearch(search))
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .sort((a, b) => b.length - a.length); // the longest first, so "summer party" wins over "summer"
  lastSearch = search;
  lastPattern = terms.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escape).join('|')})`, 'giu');
  return lastPattern;
}

/** `text` cut into marked and unmarked pieces; one unmarked piece when nothing matches. */
export function highlight(text: string, pattern: RegExp | null): Piece[] {
  if (pattern === null || text === '') return [{ text, mark: false }];
  const out: Piece[] = [];
  let at = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    if (m.index > at) out.push({ text: text.slice(at, m.index), mark: false });
    out.push({ text: m[0], mark: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out.length === 0 ? [{ text, mark: false }] : out;
}
