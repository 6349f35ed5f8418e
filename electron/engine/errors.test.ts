import { describe, expect, it } from 'vitest';
import { AccountError } from '../store/accounts.ts';
import { StoreError } from '../store/database.ts';
import { EngineError, errorEnvelope } from './errors.ts';

describe('errorEnvelope', () => {
  it('keeps the words of failures a person can act on', () => {
    const log: string[] = [];
    expect(errorEnvelope(new EngineError('not-found', 'there is no message with id 3'), 'messages.get', (l) => log.push(l))).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'there is no message with id 3' },
    });
    const taken = new AccountError("an account named 'Home' already exists", 'name-taken');
    expect(errorEnvelope(taken, 'accounts.add', (l) => log.push(l))).toEqual({
      ok: false,
      error: { code: 'conflict', message: taken.message },
    });
    const missing = new AccountError('no account with id 4');
    expect(errorEnvelope(missing, 'accounts.update', (l) => log.push(l))).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: missing.message },
    });
    expect(errorEnvelope(new StoreError('disk-full', 'The disk is full.'), 'messages.markRead', (l) => log.push(l))).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The disk is full.' },
    });
    expect(log).toEqual([]);
  });

  it('turns anything else into internal with a generic message, and logs the detail', () => {
    const log: string[] = [];
    const envelope = errorEnvelope(new TypeError('cannot read properties of undefined (reading "x")'), 'messages.page', (l) => log.push(l));
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Poplar. Details are in its log.' },
    });
    expect(log.join('\n')).toMatch(/messages\.page failed: TypeError: cannot read properties/);
  });

  it('a raw SQLite failure is unavailable, its text only in the log', () => {
    const log: string[] = [];
    const sqlite = Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode: 5 });
    expect(errorEnvelope(sqlite, 'messages.delete', (l) => log.push(l))).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(log.join('\n')).toMatch(/database is locked/);
  });
});
