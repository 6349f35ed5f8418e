// One entry point for the socket layer: method + credentials → the exchange to drive.
import { Pop3Error } from '../errors.ts';
import type { Secret } from '../../secrets/secret.ts';
import { apopExchange } from './apop.ts';
import { cramMd5Exchange } from './cram-md5.ts';
import type { AuthExchange, AuthMethod } from './exchange.ts';
import { loginExchange } from './login.ts';
import { plainExchange } from './plain.ts';
import { userPassExchange } from './user-pass.ts';
import { xoauth2Exchange } from './xoauth2.ts';

export type Credentials =
  | { readonly kind: 'password'; readonly user: string; readonly password: Secret; readonly authzid?: string }
  | { readonly kind: 'oauth2'; readonly user: string; readonly token: Secret };

export function startAuth(method: AuthMethod, credentials: Credentials, apopTimestamp: string | null): AuthExchange {
  if (credentials.kind === 'oauth2') {
    if (method === 'xoauth2') return xoauth2Exchange(credentials.user, credentials.token);
    throw new Pop3Error('invalid-argument', { command: 'AUTH', message: `${method} needs a password, not a token` });
  }
  const { user, password } = credentials;
  switch (method) {
    case 'plain':
      return plainExchange(user, password, credentials.authzid);
    case 'login':
      return loginExchange(user, password);
    case 'cram-md5':
      return cramMd5Exchange(user, password);
    case 'user':
      return userPassExchange(user, password);
    case 'apop':
      if (apopTimestamp === null) {
        throw new Pop3Error('auth-unsupported', { command: 'APOP', message: 'APOP needs a timestamp in the greeting (RFC 1939 §7)' });
      }
      return apopExchange(user, password, apopTimestamp);
    case 'xoauth2':
      throw new Pop3Error('invalid-argument', { command: 'AUTH', message: 'xoauth2 needs a token, not a password' });
    default: {
      const unreachable: never = method;
      throw new Error(String(unreachable));
    }
  }
}
