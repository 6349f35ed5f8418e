// The one place a -ERR to a command becomes a typed error.
import { Pop3Error, type Pop3ErrorCode } from '../errors.ts';
import type { Pop3Connection } from '../connection.ts';
import type { StatusLine } from '../response.ts';

/** -ERR to a transaction command. RFC 3206 codes say whether it is worth retrying. */
export function commandFailure(verb: string, status: StatusLine): Pop3Error {
  const code: Pop3ErrorCode =
    status.code === 'SYS/TEMP' || status.code?.startsWith('SYS/TEMP/') ? 'server-temporary'
      : status.code === 'SYS/PERM' || status.code?.startsWith('SYS/PERM/') ? 'server-permanent'
        : 'command-failed';
  return new Pop3Error(code, { command: verb, responseCode: status.code, serverText: status.text });
}

/** Reads the status of `verb` and throws its failure on -ERR. */
export async function expectOk(conn: Pop3Connection, verb: string): Promise<StatusLine> {
  const status = await conn.readStatus();
  if (!status.ok) throw commandFailure(verb, status);
  return status;
}
