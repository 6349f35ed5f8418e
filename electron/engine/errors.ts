// Errors as envelopes. Handlers never throw across the boundary (STYLE.md, Signal's result
// envelope): a failure a person can act on keeps its words; anything else is a bug, logged
// here in full and reported to the window as 'internal' with a generic message.
import { PoplarError, type Envelope, type ErrorCode } from '../../shared/contract.ts';
import { AccountError } from '../store/accounts.ts';
import { isSqliteError, StoreError } from '../store/database.ts';
import { MailboxLockError } from '../sync/lock-dir-safety.ts';

/** A failure a handler reports on purpose, with the code the window switches on. */
export class EngineError extends PoplarError {
  override readonly name = 'EngineError';
}

export const notFound = (what: string): EngineError => new EngineError('not-found', `there is no ${what}`);

// Settings problems are checked before the store is called (engine/accounts.ts), so what the
// store still refuses is a clash with another account: its name, or the same mailbox. A Record,
// so a new AccountError code without its envelope code is a compile error.
const ACCOUNT_ERROR_CODES: Readonly<Record<AccountError['code'], ErrorCode>> = {
  invalid: 'invalid-argument',
  'name-taken': 'conflict',
  'same-mailbox': 'same-mailbox',
};

export function errorEnvelope(error: unknown, channel: string, log: (line: string) => void): Envelope<never> {
  const fail = (code: ErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });
  if (error instanceof EngineError) return fail(error.code, error.message);
  if (error instanceof AccountError) return fail(ACCOUNT_ERROR_CODES[error.code], error.message);
  if (error instanceof StoreError) return fail('unavailable', error.message);
  if (error instanceof MailboxLockError) return fail('unavailable', error.message);
  if (isSqliteError(error)) {
    log(`poplar engine: ${channel}: database error: ${describe(error)}`);
    return fail('unavailable', 'The mail database could not be read or written. Details are in Poplar’s log.');
  }
  // Errors carry no password: Pop3Error keeps only a command's verb, and Secret prints "[redacted]".
  log(`poplar engine: ${channel} failed: ${describe(error)}`);
  return fail('internal', 'Something went wrong inside Poplar. Details are in its log.');
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
