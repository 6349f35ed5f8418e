// A search as typed in the window, read into free words, quoted phrases and operators. Pure: the
// engine turns it into SQL (electron/store/search-sql.ts) and the window highlights its free words
// and phrases in what it shows. Operators follow the habits of other mail programs (Gmail,
// Thunderbird): `from:ann`, `subject:"summer party"`, `is:unread`, `before:2026-01-31`.
// Something that looks like an operator but is not one (`x:y`, `is:big`, `before:soon`) stays a
// word, so a search for a time like "10:30" or a URL still finds it.

export interface SearchQuery {
  /** Free words: each must appear in the subject, the addresses or the text (as a word's beginning). */
  readonly words: readonly string[];
  /** Quoted phrases: these words, one after the other. */
  readonly phrases: readonly string[];
  /** `from:` values: each must appear in the sender's name or address. */
  readonly from: readonly string[];
  /** `to:` values: each must appear in a recipient's (To or Cc) name or address. */
  readonly to: readonly string[];
  /** `subject:` values: each must appear in the subject. */
  readonly subject: readonly string[];
  /** `has:attachment`. */
  readonly hasAttachment: boolean;
  /** `is:unread` (false) or `is:read` (true); the last one typed wins. */
  readonly read: boolean | null;
  /** `is:flagged`. */
  readonly flagged: boolean;
  /** `before:YYYY-MM-DD`: sent before the start of that day (UTC midnight, ms). */
  readonly before: number | null;
  /** `after:YYYY-MM-DD`: sent on or after that day (from its UTC midnight, ms). */
  readonly after: number | null;
}

/** The operators, as typed (lower case), for a window's hint. */
export const SEARCH_OPERATORS = [
  'from:',
  'to:',
  'subject:',
  'has:attachment',
  'is:unread',
  'is:read',
  'is:flagged',
  'before:YYYY-MM-DD',
  'after:YYYY-MM-DD',
] as const;

interface Token {
  /** The operator's name, lower case, when the token was `name:value`. */
  readonly key: string | null;
  readonly value: string;
  readonly quoted: boolean;
  /** The token as typed, for one that turns out not to be an operator. */
  readonly raw: string;
}

/**
 * Splits on white space; a double-quoted part (which may follow `name:`) is one token; an
 * unterminated quote runs to the end.
 */
function tokens(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i] ?? '')) i++;
    if (i >= input.length) break;
    const start = i;
    let key: string | null = null;
    const head = /^([A-Za-z]+):(?=\S)/.exec(input.slice(i));
    if (head) {
      key = (head[1] ?? '').toLowerCase();
      i += head[0].length;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      const stop = end === -1 ? input.length : end;
      out.push({ key, value: input.slice(i + 1, stop), quoted: true, raw: input.slice(start, Math.min(input.length, stop + 1)) });
      i = stop + 1;
      continue;
    }
    while (i < input.length && !/\s/.test(input[i] ?? '')) i++;
    out.push({ key, value: input.slice(key === null ? start : start + key.length + 1, i), quoted: false, raw: input.slice(start, i) });
  }
  return out;
}

/** Milliseconds of UTC midnight of a real calendar day written YYYY-MM-DD, or null. */
export function dayStart(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
}

/** Reads a search string. Never fails: what is not an operator is searched for as text. */
export function parseSearch(input: string): SearchQuery {
  const words: string[] = [];
  const phrases: string[] = [];
  const from: string[] = [];
  const to: string[] = [];
  const subject: string[] = [];
  let hasAttachment = false;
  let read: boolean | null = null;
  let flagged = false;
  let before: number | null = null;
  let after: number | null = null;
  const text = (t: Token): void => {
    const value = t.key === null ? t.value : t.raw;
    if (t.quoted && t.key === null) {
      if (clean(value) !== '') phrases.push(clean(value));
    } else {
      const w = clean(value);
      if (w !== '') words.push(w);
    }
  };
  for (const t of tokens(input)) {
    const value = clean(t.value);
    const lower = value.toLowerCase();
    switch (t.key) {
      case 'from':
      case 'to':
      case 'subject':
        if (value === '') text(t);
        else (t.key === 'from' ? from : t.key === 'to' ? to : subject).push(value);
        break;
      case 'has':
        if (lower === 'attachment' || lower === 'attachments') hasAttachment = true;
        else text(t);
        break;
      case 'is':
        if (lower === 'unread') read = false;
        else if (lower === 'read') read = true;
        else if (lower === 'flagged' || lower === 'starred') flagged = true;
        else text(t);
        break;
      case 'before':
      case 'after': {
        const day = dayStart(value);
        if (day === null) text(t);
        else if (t.key === 'before') before = day;
        else after = day;
        break;
      }
      default:
        text(t);
    }
  }
  return { words, phrases, from, to, subject, hasAttachment, read, flagged, before, after };
}

/** Double quotes never reach a query (they are FTS5 syntax); runs of white space are one space. */
function clean(text: string): string {
  return text.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}

/** Whether the query asks for anything at all. */
export function isEmptySearch(q: SearchQuery): boolean {
  return (
    q.words.length === 0 &&
    q.phrases.length === 0 &&
    q.from.length === 0 &&
    q.to.length === 0 &&
    q.subject.length === 0 &&
    !q.hasAttachment &&
    q.read === null &&
    !q.flagged &&
    q.before === null &&
    q.after === null
  );
}

/** What the window marks in a subject, sender or text it shows: the free words and phrases, and `subject:` values. */
export function highlightTerms(q: SearchQuery): string[] {
  return [...q.words, ...q.phrases, ...q.subject, ...q.from];
}
