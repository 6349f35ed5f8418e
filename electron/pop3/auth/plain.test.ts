import { describe, expect, it } from 'vitest';
import { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { readFixture } from '../fixtures/transcript-fixture.ts';
import { Secret } from '../../secrets/secret.ts';
import { plainExchange, plainInitialResponse } from './plain.ts';

describe('PLAIN', () => {
  it('builds RFC 4616’s messages', () => {
    // RFC 4616 §4 examples: "\0tim\0tanstaaftanstaaf" and "Ursel\0Kurt\0xipj3plmq".
    expect(plainInitialResponse('tim', new Secret('tanstaaftanstaaf')).reveal()).toBe('AHRpbQB0YW5zdGFhZnRhbnN0YWFm');
    expect(Buffer.from(plainInitialResponse('Kurt', new Secret('xipj3plmq'), 'Ursel').reveal(), 'base64').toString()).toBe(
      'Ursel\0Kurt\0xipj3plmq',
    );
  });

  it('sends the initial response on the AUTH line, as in RFC 5034’s example', () => {
    const run = driveAuth(plainExchange('test', new Secret('test'), 'test'), ['+OK Maildrop locked and ready']);
    expect(run.wire).toEqual(['AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=']);
    expect(run.transcript).toEqual(['AUTH PLAIN [redacted]']);
    expect(run.outcome).toEqual({ ok: true, code: null, text: 'Maildrop locked and ready' });
  });

  it('matches what Dovecot accepted', () => {
    const recorded = readFixture('dovecot-2.3-sasl.txt')[2]?.line; // the response after "+ "
    const run = driveAuth(plainExchange('alice', new Secret('secret')), ['+OK Logged in.']);
    expect(run.wire).toEqual([`AUTH PLAIN ${recorded}`]);
  });

  it('moves a long initial response after the "+" (RFC 5034 §4: the AUTH line stays within 255 octets)', () => {
    const password = 'p'.repeat(300);
    const run = driveAuth(plainExchange('alice', new Secret(password)), ['+ ', '+OK Logged in.']);
    expect(run.wire[0]).toBe('AUTH PLAIN');
    expect(Buffer.from(run.wire[1] ?? '', 'base64').toString()).toBe(`\0alice\0${password}`);
    expect(run.transcript).toEqual(['AUTH PLAIN', '[redacted]']);
  });

  it('cancels when the server asks for more', () => {
    const run = driveAuth(plainExchange('alice', new Secret('secret')), ['+ ', '-ERR Authentication aborted by client.']);
    expect(run.wire).toEqual(['AUTH PLAIN AGFsaWNlAHNlY3JldA==', '*']);
    expect((run.outcome as Pop3Error).code).toBe('protocol');
  });

  it('refuses a NUL in a field, which would shift the fields', () => {
    expect(() => plainExchange('al\0ice', new Secret('x'))).toThrow(Pop3Error);
    expect(() => plainExchange('alice', new Secret('x\0y'))).toThrow(/password/);
  });
});
