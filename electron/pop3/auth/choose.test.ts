import { describe, expect, it } from 'vitest';
import { NO_CAPABILITIES, parseCapa } from '../capabilities.ts';
import { Pop3Error } from '../errors.ts';
import { chooseAuthMethod, offeredMethods } from './choose.ts';
import type { AuthPreference, ChooseContext } from './choose.ts';

const DOVECOT = parseCapa([
  'CAPA',
  'TOP',
  'UIDL',
  'RESP-CODES',
  'PIPELINING',
  'AUTH-RESP-CODE',
  'STLS',
  'USER',
  'SASL PLAIN LOGIN CRAM-MD5',
]);
const DOVECOT_DEFAULT = parseCapa(['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'STLS', 'USER', 'SASL PLAIN']);
const RFC2449 = parseCapa(['TOP', 'USER', 'SASL CRAM-MD5 KERBEROS_V4', 'RESP-CODES', 'LOGIN-DELAY 900', 'PIPELINING', 'EXPIRE 60', 'UIDL']);
const OFFICE365 = parseCapa(['TOP', 'UIDL', 'SASL PLAIN XOAUTH2', 'USER']);

const TLS: ChooseContext = { secure: true, credential: 'password' };
const CLEAR: ChooseContext = { secure: false, credential: 'password' };
const TOKEN: ChooseContext = { secure: true, credential: 'oauth2' };

function failure(fn: () => unknown): Pop3Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Pop3Error) return error;
  }
  throw new Error('expected a Pop3Error');
}

describe('offeredMethods', () => {
  it('lists SASL mechanisms we implement, APOP with a timestamp, USER when announced', () => {
    expect(offeredMethods(DOVECOT, false)).toEqual(['plain', 'login', 'cram-md5', 'user']);
    expect(offeredMethods(RFC2449, true)).toEqual(['cram-md5', 'apop', 'user']);
  });

  it('assumes USER/PASS for a server without CAPA (RFC 1939)', () => {
    expect(offeredMethods(NO_CAPABILITIES, false)).toEqual(['user']);
  });
});

describe('chooseAuthMethod', () => {
  it('prefers PLAIN inside TLS, and USER when PLAIN is missing', () => {
    expect(chooseAuthMethod(DOVECOT, false, 'auto', TLS)).toBe('plain');
    expect(chooseAuthMethod(DOVECOT_DEFAULT, false, 'auto', TLS)).toBe('plain');
    expect(chooseAuthMethod(RFC2449, true, 'auto', TLS)).toBe('user');
    expect(chooseAuthMethod(NO_CAPABILITIES, true, 'auto', TLS)).toBe('user');
    expect(chooseAuthMethod(parseCapa(['SASL LOGIN CRAM-MD5']), false, 'auto', TLS)).toBe('login');
  });

  it('prefers what never sends the password without TLS', () => {
    expect(chooseAuthMethod(DOVECOT, false, 'auto', CLEAR)).toBe('cram-md5');
    expect(chooseAuthMethod(DOVECOT_DEFAULT, true, 'auto', CLEAR)).toBe('apop');
    expect(chooseAuthMethod(DOVECOT_DEFAULT, false, 'auto', CLEAR)).toBe('plain');
  });

  it('uses only XOAUTH2 with a token', () => {
    expect(chooseAuthMethod(OFFICE365, false, 'auto', TOKEN)).toBe('xoauth2');
    expect(failure(() => chooseAuthMethod(DOVECOT, false, 'auto', TOKEN)).code).toBe('auth-unsupported');
    expect(chooseAuthMethod(OFFICE365, false, 'auto', TLS)).toBe('plain');
  });

  it('honours the user’s choice when the server offers it', () => {
    const cases: Array<[AuthPreference, string]> = [
      ['plain', 'plain'],
      ['login', 'login'],
      ['cram-md5', 'cram-md5'],
      ['user', 'user'],
    ];
    for (const [pref, method] of cases) expect(chooseAuthMethod(DOVECOT, false, pref, CLEAR)).toBe(method);
    expect(chooseAuthMethod(RFC2449, true, 'apop', TLS)).toBe('apop');
  });

  it('says auth-unsupported, naming what is offered, when the choice is not available', () => {
    const e = failure(() => chooseAuthMethod(DOVECOT, false, 'apop', TLS));
    expect(e.code).toBe('auth-unsupported');
    expect(e.message).toContain('plain, login, cram-md5, user');
    expect(failure(() => chooseAuthMethod(parseCapa(['TOP']), false, 'auto', TLS)).message).toContain('no login method');
    expect(failure(() => chooseAuthMethod(OFFICE365, false, 'xoauth2', TLS)).message).toContain('does not work with a password');
  });
});
