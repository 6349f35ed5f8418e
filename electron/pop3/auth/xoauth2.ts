// SASL XOAUTH2 (Google's and Microsoft's OAuth 2.0 login): "user=" user ^A "auth=Bearer "
// token ^A ^A, base64. Tokens run to a kilobyte or more, so the AUTH command never has room
// for them (255 octets, RFC 2449 §4) and the response follows the server's "+" — the form
// Office 365 documents for POP. On failure the server sends a challenge with a JSON error;
// the client answers with an empty line and the server then sends -ERR.
import { Secret } from '../../secrets/secret.ts';
import { refuseSeparators, saslExchange } from './exchange.ts';
import type { AuthExchange } from './exchange.ts';

// ^A separates the fields; CR and LF would end the line.
const XOAUTH2_SEPARATORS = ['\x01', '\r', '\n'];

export function xoauth2InitialResponse(user: string, token: Secret): Secret {
  refuseSeparators(user, 'user name', XOAUTH2_SEPARATORS);
  refuseSeparators(token.reveal(), 'access token', XOAUTH2_SEPARATORS);
  return new Secret(Buffer.from(`user=${user}\x01auth=Bearer ${token.reveal()}\x01\x01`, 'utf8').toString('base64'));
}

/** The JSON the server sends in its error challenge, when it is JSON; for the transcript and diagnostics. */
export function xoauth2ErrorDetails(challenge: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(challenge.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function xoauth2Exchange(user: string, token: Secret): AuthExchange {
  return saslExchange('xoauth2', 'XOAUTH2', xoauth2InitialResponse(user, token), (_challenge, turn) => (turn === 0 ? '' : null));
}
