// The line of text the message list shows under the subject: the start of what the sender
// wrote, not what they quoted or signed.
import { SNIPPET_CHARS, SNIPPET_SCAN_CHARS } from './parse-limits.ts';

/** html-to-text writes links and images as "text [https://…]": the URL is noise in a snippet. */
const LINK_TARGET = /\[(?:https?:|mailto:|cid:)[^\]\s]*\]/gi;

function isQuote(line: string): boolean {
  return line.trimStart().startsWith('>');
}

/** Whether the next non-empty line after `i` (looking at most a few lines ahead) is quoted. */
function quoteFollows(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    const next = lines[j] ?? '';
    if (next.trim() !== '') return isQuote(next);
  }
  return false;
}

/**
 * The first SNIPPET_CHARS characters of readable text, white space collapsed. Quoted lines
 * ("> …", RFC 3676 §4.5) are skipped, with the attribution line that introduces them
 * ("On Monday, Ada wrote:"); the text ends at the signature separator "-- " (RFC 3676 §4.3).
 */
export function makeSnippet(text: string): string {
  const lines = text.slice(0, SNIPPET_SCAN_CHARS).split(/\r?\n/);
  const kept: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length && length < SNIPPET_CHARS; i++) {
    const line = lines[i] ?? '';
    if (line === '-- ' || line === '--') break;
    if (isQuote(line)) continue;
    const trimmed = line.replace(LINK_TARGET, '').trim();
    if (!trimmed) continue;
    if (trimmed.endsWith(':') && quoteFollows(lines, i)) continue;
    kept.push(trimmed);
    length += trimmed.length + 1;
  }
  const joined = kept.join(' ').replace(/\s+/g, ' ').trim();
  if (joined.length <= SNIPPET_CHARS) return joined;
  let cut = SNIPPET_CHARS;
  const last = joined.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // do not split a surrogate pair
  return joined.slice(0, cut).trimEnd();
}
