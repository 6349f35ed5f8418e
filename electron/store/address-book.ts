// Address completions for the composer (migration 11's address_book, filled by a trigger at
// each message insert): addresses or names starting with what was typed, most used first.
import type { DatabaseSync } from 'node:sqlite';
import { escapeLike } from './messages.ts';
import { prepared } from './statements.ts';

export function addressCompletions(db: DatabaseSync, typed: string, limit: number): { name: string; address: string }[] {
  const prefix = `${escapeLike(typed.trim())}%`;
  // A word of the name too ("smith" finds "Ann Smith"): the second LIKE reads the name index's
  // rows only after the prefix ones; both columns are NOCASE, so the prefixes use their indexes.
  const rows = prepared(
    db,
    `SELECT address, name FROM address_book
     WHERE (address LIKE :p ESCAPE '\\' OR name LIKE :p ESCAPE '\\' OR name LIKE :w ESCAPE '\\') AND address LIKE '%_@_%'
     ORDER BY uses DESC, address LIMIT :n`,
  ).all({ p: prefix, w: `% ${prefix}`, n: limit }) as unknown as { address: string; name: string }[];
  return rows.map((r) => ({ name: r.name, address: r.address }));
}
