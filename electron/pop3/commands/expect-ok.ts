// The one place a -ERR to a command becomes a typed error.
import { commandBudget, type ReadBudget } from '../budget.ts';
import { Pop3Error, type Pop3ErrorCode } from '../errors.ts';
import type { Pop3Connection } from '../connection.ts';
import type { StatusLine } from '../response.ts';

/** -ERR to a transaction command. RFC 3206 codes say whether it is worth retrying. */
export function commandFailure(verb: string, status: StatusLine): Pop3Error {
  const code: Pop3ErrorCode =
    status.code === 'SYS/TEMP' || status.code?.startsWith('SYS/TEMP/')
      ? 'server-temporary'
      : status.code === 'SYS/PERM' || status.code?.startsWith('SYS/PERM/')
        ? 'server-permanent'
        : 'command-failed';
  return new Pop3Error(code, { command: verb, responseCode: status.code, serverText: status.text });
}

/** The budget of a one-line reply to `verb` (limits.ts, STATUS_BUDGET_MS). */
export function statusBudget(conn: Pop3Connection, verb: string): ReadBudget {
  return commandBudget(verb, `its reply to ${verb}`, conn.limits.statusBudgetMs);
}

/** Reads the status of `verb` within `budget` (a one-line reply's by default) and throws its failure on -ERR. */
export async function expectOk(conn: Pop3Connection, verb: string, budget: ReadBudget = statusBudget(conn, verb)): Promise<StatusLine> {
  const status = await conn.readStatus(budget);
  if (!status.ok) throw commandFailure(verb, status);
  return status;
}
