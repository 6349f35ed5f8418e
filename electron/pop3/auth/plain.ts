// SASL PLAIN (RFC 4616): one message, authzid NUL authcid NUL passwd, base64 in POP3.
// Sends the password itself, so it belongs inside TLS (see choose.ts).
import { Secret } from '../../secrets/secret.ts';
import { refuseSeparators, saslExchange } from './exchange.ts';
import type { AuthExchange } from './exchange.ts';

/** The PLAIN message, base64 (RFC 4616 §2; RFC 5034 §4 carries it base64-encoded). */
export function plainInitialResponse(user: string, password: Secret, authzid = ''): Secret {
  // RFC 4616 §2: UTF8SAFE excludes NUL, the separator.
  refuseSeparators(authzid, 'authorization identity', ['\0']);
  refuseSeparators(user, 'user name', ['\0']);
  refuseSeparators(password.reveal(), 'password', ['\0']);
  return new Secret(Buffer.from(`${authzid}\0${user}\0${password.reveal()}`, 'utf8').toString('base64'));
}

/** PLAIN sends everything up front; any challenge after the initial response is a protocol error. */
export function plainExchange(user: string, password: Secret, authzid = ''): AuthExchange {
  return saslExchange('plain', 'PLAIN', plainInitialResponse(user, password, authzid), () => null);
}
