import { describe, expect, it } from 'vitest';
import { describePop3Error, isPop3Error, POP3_ERROR_CODES, Pop3Error } from './errors.ts';
import type { Pop3ErrorCode } from './errors.ts';

const ALL_CODES: readonly Pop3ErrorCode[] = POP3_ERROR_CODES;

describe('Pop3Error', () => {
  it('keeps only the verb of the failed command, so arguments never leak', () => {
    const e = new Pop3Error('auth-failed', {
      command: 'pass hunter2 with spaces',
      responseCode: 'auth',
      serverText: 'Authentication failed.',
    });
    expect(e.command).toBe('PASS');
    expect(e.responseCode).toBe('AUTH');
    expect(e.message).not.toContain('hunter2');
    expect(JSON.stringify(e)).not.toContain('hunter2');
    expect(e.message).toBe('POP3 PASS failed (auth-failed): [AUTH] Authentication failed.');
  });

  it('is an Error with a cause, recognisable by isPop3Error', () => {
    const cause = new Error('ECONNRESET');
    const e = new Pop3Error('network', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('Pop3Error');
    expect(e.cause).toBe(cause);
    expect(e.certain).toBe(true);
    expect(isPop3Error(e)).toBe(true);
    expect(isPop3Error(cause)).toBe(false);
  });

  it('serialises its evidence for the session record', () => {
    const tls = { subject: 'CN=mail.example.com', issuer: 'CN=Evil CA', fingerprint256: 'AA:BB', reason: 'SELF_SIGNED_CERT_IN_CHAIN' };
    const e = new Pop3Error('tls', { tls, cause: new Error('x') });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'Pop3Error',
      code: 'tls',
      message: 'POP3 tls',
      command: null,
      responseCode: null,
      serverText: null,
      certain: true,
      tls,
    });
  });
});

describe('describePop3Error', () => {
  it('explains every code in plain words', () => {
    for (const code of ALL_CODES) {
      const text = describePop3Error(new Pop3Error(code));
      expect(text.length, code).toBeGreaterThan(40);
      expect(text, code).not.toMatch(/undefined|null|\[object/);
    }
  });

  it('never mentions the password for a lock, a stalled login, a limit, a delay or a temporary problem', () => {
    for (const code of ['mailbox-locked', 'login-stalled', 'too-many-connections', 'login-delay', 'server-temporary'] as const) {
      const text = describePop3Error(
        new Pop3Error(code, { responseCode: 'IN-USE', serverText: 'Mailbox is locked by another POP3 session.' }),
      );
      expect(text, code).not.toMatch(/password|credential/i);
    }
    expect(describePop3Error(new Pop3Error('mailbox-locked'))).toMatch(/Nothing needs to change in your account settings/);
    expect(describePop3Error(new Pop3Error('login-stalled'))).toMatch(/waiting for another program to release your mailbox/);
    expect(describePop3Error(new Pop3Error('login-stalled'))).not.toMatch(/network/i);
  });

  it('tells a sure credentials refusal from an unconfirmed one, and never promises a retry for a wrong password', () => {
    const sure = describePop3Error(new Pop3Error('auth-failed', { responseCode: 'AUTH' }));
    const legacy = describePop3Error(new Pop3Error('auth-failed', { certain: false }));
    const unconfirmed = describePop3Error(new Pop3Error('login-refused', { certain: false }));
    expect(sure).toMatch(/did not accept the user name or password/);
    expect(legacy).toMatch(/most likely because the user name or password is wrong/);
    for (const text of [sure, legacy]) expect(text).not.toMatch(/try again/i);
    expect(unconfirmed).toMatch(/without giving a reason/);
    expect(unconfirmed).toMatch(
      /tries again a few times, minutes apart; if the server keeps refusing, it stops and asks you to check the password/,
    );
  });

  it('quotes the server, shortened, and the certificate evidence', () => {
    const long = 'x'.repeat(1000);
    const text = describePop3Error(new Pop3Error('server-permanent', { serverText: long }));
    expect(text).toContain('The server said: “xxx');
    expect(text.length).toBeLessThan(800);
    const tlsText = describePop3Error(
      new Pop3Error('tls', {
        tls: { subject: 'CN=mail.example.com', issuer: 'CN=Evil CA', fingerprint256: 'AA:BB', reason: 'SELF_SIGNED_CERT_IN_CHAIN' },
      }),
    );
    expect(tlsText).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(tlsText).toContain('issued to CN=mail.example.com by CN=Evil CA');
    expect(tlsText).toContain('AA:BB');
  });

  it('names the refused command', () => {
    expect(describePop3Error(new Pop3Error('command-failed', { command: 'RETR 7' }))).toContain('(RETR)');
  });
});
