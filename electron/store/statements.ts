// Prepared statements, made once per database connection and reused. node:sqlite's
// `db.prepare` compiles a new statement each call, and its native memory is freed only when
// V8 collects the wrapper — which V8 does not hurry, since it does not see that memory: a
// sync of 10,000 small messages (several statements each) grew the process by ~150 MB of
// dead statements (bench/memory.ts). Statements run synchronously, so sharing one between
// sessions is safe; a statement being iterated must not be shared (use db.prepare there).
import type { DatabaseSync, StatementSync } from 'node:sqlite';

const cache = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** The prepared statement for `sql` on `db`, compiled on first use. */
export function prepared(db: DatabaseSync, sql: string): StatementSync {
  let statements = cache.get(db);
  if (statements === undefined) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
