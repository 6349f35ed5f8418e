// Which login method to use. With 'auto' the order depends on whether the connection is
// encrypted, because what a method protects against changes with it:
//
//   over TLS (the default):  PLAIN > USER > LOGIN > CRAM-MD5 > APOP
//     Inside verified TLS nobody but the server sees the password, and the server knows it
//     anyway. PLAIN and USER then work with every way a server stores passwords (hashed
//     ones included), while CRAM-MD5 and APOP need the server to keep the password
//     recoverable and rest on MD5; a server that lists CRAM-MD5 but stores a hash for this
//     user fails the login, which would look like a wrong password. PLAIN first: one round
//     trip, and its failures come with SASL's response codes. LOGIN is a non-standard
//     equivalent of PLAIN, so it comes after USER.
//
//   without TLS (only when the account is set to no encryption):
//                            CRAM-MD5 > APOP > PLAIN > USER > LOGIN
//     Anyone on the path can read the line, so a method that never sends the password wins.
//
//   with an OAuth token:     XOAUTH2 only.
import { Pop3Error } from '../errors.ts';
import type { Capabilities } from '../capabilities.ts';
import type { AuthMethod } from './exchange.ts';

export type AuthPreference = 'auto' | AuthMethod;

export interface ChooseContext {
  /** The connection is inside TLS (implicit TLS or after STLS). */
  readonly secure: boolean;
  readonly credential: 'password' | 'oauth2';
  /** Methods 'auto' must not pick again: a challenge-response method this server refused (see client.ts). */
  readonly exclude?: readonly AuthMethod[];
}

/**
 * Methods that need the server to hold the password in a recoverable form. A server that
 * announces one may still have only a hash for this user (solid-pop3d sends an APOP timestamp
 * in every greeting but accepts APOP only from users with a secret in ~/.spop3d), so a refusal
 * of one of these under 'auto' proves nothing about the password.
 */
export const CHALLENGE_RESPONSE: readonly AuthMethod[] = ['cram-md5', 'apop'];

export const AUTO_ORDER_SECURE: readonly AuthMethod[] = ['plain', 'user', 'login', 'cram-md5', 'apop'];
export const AUTO_ORDER_CLEAR: readonly AuthMethod[] = ['cram-md5', 'apop', 'plain', 'user', 'login'];

const SASL_NAME: Partial<Record<AuthMethod, string>> = {
  plain: 'PLAIN',
  login: 'LOGIN',
  'cram-md5': 'CRAM-MD5',
  xoauth2: 'XOAUTH2',
};

/** Methods the server offers now. A server without CAPA is assumed to take USER/PASS (RFC 1939 §7). */
export function offeredMethods(capabilities: Capabilities, greetingHasApopTimestamp: boolean): AuthMethod[] {
  const offered: AuthMethod[] = [];
  for (const method of ['plain', 'login', 'cram-md5', 'xoauth2'] as const) {
    const name = SASL_NAME[method];
    if (name !== undefined && capabilities.sasl.includes(name)) offered.push(method);
  }
  if (greetingHasApopTimestamp) offered.push('apop');
  if (capabilities.user || !capabilities.known) offered.push('user');
  return offered;
}

/** The method to use, or Pop3Error 'auth-unsupported' naming what the server does offer. */
export function chooseAuthMethod(
  capabilities: Capabilities,
  greetingHasApopTimestamp: boolean,
  preference: AuthPreference,
  context: ChooseContext,
): AuthMethod {
  const offered = offeredMethods(capabilities, greetingHasApopTimestamp);
  const usable = (m: AuthMethod): boolean =>
    (m === 'xoauth2') === (context.credential === 'oauth2') && !(context.exclude ?? []).includes(m);
  const candidates =
    preference === 'auto'
      ? context.credential === 'oauth2'
        ? ['xoauth2' as const]
        : context.secure
          ? AUTO_ORDER_SECURE
          : AUTO_ORDER_CLEAR
      : [preference];
  const chosen = candidates.find((m) => usable(m) && offered.includes(m));
  if (chosen !== undefined) return chosen;
  const wanted = preference === 'auto' ? `a ${context.credential === 'oauth2' ? 'token' : 'password'} login` : preference;
  const why =
    preference !== 'auto' && !usable(preference)
      ? `${preference} does not work with a ${context.credential === 'oauth2' ? 'token' : 'password'}`
      : `the server offers ${offered.length > 0 ? offered.join(', ') : 'no login method'}`;
  throw new Pop3Error('auth-unsupported', { command: 'AUTH', message: `cannot use ${wanted}: ${why}` });
}
