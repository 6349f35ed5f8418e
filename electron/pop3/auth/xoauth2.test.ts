import { describe, expect, it } from 'vitest';
import type { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { Secret } from '../../secrets/secret.ts';
import { xoauth2ErrorDetails, xoauth2Exchange, xoauth2InitialResponse } from './xoauth2.ts';

// Google's XOAUTH2 documentation example.
const GOOGLE_USER = 'someuser@example.com';
const GOOGLE_TOKEN = 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg';
const GOOGLE_B64 = 'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==';

describe('XOAUTH2', () => {
  it('builds the documented initial response', () => {
    expect(xoauth2InitialResponse(GOOGLE_USER, new Secret(GOOGLE_TOKEN)).reveal()).toBe(GOOGLE_B64);
  });

  it('puts a short token on the AUTH line', () => {
    const run = driveAuth(xoauth2Exchange(GOOGLE_USER, new Secret(GOOGLE_TOKEN)), ['+OK']);
    expect(run.wire).toEqual([`AUTH XOAUTH2 ${GOOGLE_B64}`]);
    expect(run.transcript).toEqual(['AUTH XOAUTH2 [redacted]']);
  });

  it('sends a real-size token after the "+", as Office 365 expects', () => {
    const token = `eyJ0eXAiOiJKV1Qi.${'A'.repeat(1500)}.sig`;
    const run = driveAuth(xoauth2Exchange('user@contoso.onmicrosoft.com', new Secret(token)), [
      '+ ',
      '+OK User successfully authenticated.',
    ]);
    expect(run.wire[0]).toBe('AUTH XOAUTH2');
    expect(Buffer.from(run.wire[1] ?? '', 'base64').toString()).toBe(`user=user@contoso.onmicrosoft.com\x01auth=Bearer ${token}\x01\x01`);
    expect(run.transcript).toEqual(['AUTH XOAUTH2', '[redacted]']);
    expect(JSON.stringify(run.transcript)).not.toContain('AAAA');
  });

  it('answers the error challenge with an empty line, then takes the -ERR', () => {
    const json = '{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}';
    const run = driveAuth(xoauth2Exchange(GOOGLE_USER, new Secret(GOOGLE_TOKEN)), [
      `+ ${Buffer.from(json).toString('base64')}`,
      '-ERR [AUTH] Invalid credentials',
    ]);
    expect(run.wire.at(-1)).toBe('');
    expect(run.outcome).toEqual({ ok: false, code: 'AUTH', text: 'Invalid credentials' });
    expect(xoauth2ErrorDetails(Buffer.from(json))).toEqual({ status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' });
    expect(xoauth2ErrorDetails(Buffer.from('not json'))).toBeNull();
  });

  it('cancels at a second challenge', () => {
    const run = driveAuth(xoauth2Exchange(GOOGLE_USER, new Secret(GOOGLE_TOKEN)), ['+ e30=', '+ e30=', '-ERR']);
    expect(run.wire.slice(-2)).toEqual(['', '*']);
    expect((run.outcome as Pop3Error).code).toBe('protocol');
  });

  it('refuses the field separator in the user name or token', () => {
    expect(() => xoauth2InitialResponse('a\x01b', new Secret('t'))).toThrow(/user name/);
    expect(() => xoauth2InitialResponse('a', new Secret('t\x01'))).toThrow(/access token/);
  });
});
