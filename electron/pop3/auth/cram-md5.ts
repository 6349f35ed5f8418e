// SASL CRAM-MD5 (RFC 2195): the server sends a challenge, the client answers
// "user SP hex(HMAC-MD5(secret, challenge))". The password never crosses the wire, but the
// server must keep it in a recoverable form, and MD5 is weak: preferred only without TLS.
import { createHmac } from 'node:crypto';
import { Secret } from '../../secrets/secret.ts';
import { saslExchange } from './exchange.ts';
import type { AuthExchange } from './exchange.ts';

/** The response before base64: RFC 2195 §2, "tim b913a602c7eda7a495b4e6e7334d3890". */
export function cramMd5Response(user: string, password: Secret, challenge: Buffer | string): string {
  const digest = createHmac('md5', Buffer.from(password.reveal(), 'utf8')).update(challenge).digest('hex');
  return `${user} ${digest}`;
}

export function cramMd5Exchange(user: string, password: Secret): AuthExchange {
  return saslExchange('cram-md5', 'CRAM-MD5', null, (challenge, turn) => {
    // RFC 2195 §2: one challenge, one response; an empty challenge cannot be right.
    if (turn > 0 || challenge.length === 0) return null;
    return new Secret(Buffer.from(cramMd5Response(user, password, challenge), 'utf8').toString('base64'));
  });
}
