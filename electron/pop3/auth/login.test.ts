import { describe, expect, it } from 'vitest';
import type { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { readFixture } from '../fixtures/transcript-fixture.ts';
import { Secret } from '../../secrets/secret.ts';
import { loginExchange } from './login.ts';

describe('LOGIN', () => {
  it('answers Dovecot’s prompts exactly as recorded', () => {
    const fixture = readFixture('dovecot-2.3-sasl.txt');
    const start = fixture.findIndex((l) => l.line === 'AUTH LOGIN');
    const recorded = fixture.slice(start, start + 6);
    const run = driveAuth(
      loginExchange('alice', new Secret('secret')),
      recorded.filter((l) => l.dir === 'S').map((l) => l.line),
    );
    expect(run.wire).toEqual(recorded.filter((l) => l.dir === 'C').map((l) => l.line));
    expect(run.transcript).toEqual(['AUTH LOGIN', '[redacted]', '[redacted]']);
    expect(run.outcome).toEqual({ ok: true, code: null, text: 'Logged in.' });
  });

  it('never sends the password as the user name when the server asks for the password first', () => {
    const run = driveAuth(loginExchange('alice', new Secret('secret')), ['+ UGFzc3dvcmQ6', '+ VXNlcm5hbWU6', '+OK']);
    expect(run.wire.slice(1).map((l) => Buffer.from(l, 'base64').toString())).toEqual(['secret', 'alice']);
  });

  it('falls back to user name then password for prompts it cannot read', () => {
    const run = driveAuth(loginExchange('alice', new Secret('secret')), ['+ ', '+ ', '+OK']);
    expect(run.wire.slice(1).map((l) => Buffer.from(l, 'base64').toString())).toEqual(['alice', 'secret']);
  });

  it('cancels at a third prompt', () => {
    const run = driveAuth(loginExchange('alice', new Secret('secret')), [
      '+ VXNlcm5hbWU6',
      '+ UGFzc3dvcmQ6',
      '+ UGFzc3dvcmQ6',
      '-ERR Authentication aborted by client.',
    ]);
    expect(run.wire.at(-1)).toBe('*');
    expect((run.outcome as Pop3Error).code).toBe('protocol');
  });
});
