// A parsed search (shared/search-query.ts) as SQL over `messages`: one FTS5 MATCH for what the
// full-text index can answer (free words, phrases, `subject:` as a column filter, and `from:`/`to:`
// narrowed to the addresses column), plain conditions for the rest. `from:` and `to:` are then
// confirmed with LIKE on the sender's or the recipients' fields, since the addresses column holds
// sender and recipients together. Dates compare with UTC midnight of the day typed: a profile
// keeps no time zone of its own, and the engine may run on a machine in another one than the
// window (browser mode), so the same words give the same rows everywhere.
import type { SearchQuery } from '../../shared/search-query.ts';

export interface SearchSql {
  /** The FTS5 query, or null when the search needs no full-text match. */
  readonly match: string | null;
  /** Conditions on the row named by `alias`, ANDed; their arguments in order. */
  readonly conditions: (alias: string) => { sql: string[]; args: Array<string | number> };
  /**
   * For a row not analysed yet (no full-text row): conditions on its headers that stand in for
   * `match`, over the alias `u`; null when there is no match to stand in for.
   */
  readonly unindexed: { sql: string; args: string[] } | null;
}

/** Something FTS5's tokenizer keeps: a letter or a digit. A term of only punctuation matches nothing there. */
const TOKEN = /[\p{L}\p{N}]/u;

/**
 * A term as an FTS5 string: quoted (so operators and punctuation typed are just text) and, but
 * for a single character, a prefix. A one-character prefix would make FTS5 merge every term that
 * starts with it — 100 ms and more at 100,000 messages, for each first keystroke of a search.
 */
function term(text: string, prefix: boolean): string {
  return prefix && [...text].length > 1 ? `"${text}"*` : `"${text}"`;
}

/** `text` as a LIKE pattern that matches it literally anywhere (with a backslash as the ESCAPE character). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const HEADER_FIELDS = ['subject', 'from_name', 'from_address', 'to_json', 'cc_json'];

export function searchSql(q: SearchQuery): SearchSql {
  const parts: string[] = [];
  for (const w of q.words) if (TOKEN.test(w)) parts.push(term(w, true));
  for (const p of q.phrases) if (TOKEN.test(p)) parts.push(term(p, false));
  for (const s of q.subject) if (TOKEN.test(s)) parts.push(`subject : ${term(s, true)}`);
  for (const a of [...q.from, ...q.to]) if (TOKEN.test(a)) parts.push(`addresses : ${term(a, true)}`);
  const match = parts.length > 0 ? parts.join(' ') : null;

  // Words and phrases of a row not yet analysed: in any of its header fields; `subject:` in its subject.
  let unindexed: SearchSql['unindexed'] = null;
  if (match !== null) {
    const sql: string[] = [];
    const args: string[] = [];
    for (const w of [...q.words, ...q.phrases].filter((x) => TOKEN.test(x))) {
      sql.push(`(${HEADER_FIELDS.map((f) => `u.${f} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      args.push(...HEADER_FIELDS.map(() => containsPattern(w)));
    }
    for (const s of q.subject.filter((x) => TOKEN.test(x))) {
      sql.push(`u.subject LIKE ? ESCAPE '\\'`);
      args.push(containsPattern(s));
    }
    unindexed = { sql: sql.length > 0 ? sql.join(' AND ') : '1', args };
  }

  const conditions = (alias: string): { sql: string[]; args: Array<string | number> } => {
    const sql: string[] = [];
    const args: Array<string | number> = [];
    for (const f of q.from) {
      sql.push(`(${alias}.from_name LIKE ? ESCAPE '\\' OR ${alias}.from_address LIKE ? ESCAPE '\\')`);
      args.push(containsPattern(f), containsPattern(f));
    }
    for (const t of q.to) {
      sql.push(`(${alias}.to_json LIKE ? ESCAPE '\\' OR ${alias}.cc_json LIKE ? ESCAPE '\\')`);
      args.push(containsPattern(t), containsPattern(t));
    }
    if (q.hasAttachment) sql.push(`${alias}.has_attachments = 1`);
    if (q.read !== null) sql.push(`${alias}.read = ${q.read ? 1 : 0}`);
    if (q.flagged) sql.push(`${alias}.flagged = 1`);
    if (q.before !== null) {
      sql.push(`COALESCE(${alias}.date, ${alias}.received_at) < ?`);
      args.push(q.before);
    }
    if (q.after !== null) {
      sql.push(`COALESCE(${alias}.date, ${alias}.received_at) >= ?`);
      args.push(q.after);
    }
    return { sql, args };
  };
  return { match, conditions, unindexed };
}
