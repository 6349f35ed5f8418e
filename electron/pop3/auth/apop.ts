// APOP (RFC 1939 §7): MD5 of the greeting's timestamp followed by the shared secret, as 32
// lower-case hex digits. Offered when the greeting carries a timestamp. MD5 here is open to
// a man in the middle who picks timestamps (Leurent, FSE 2007), so APOP is a last choice
// over TLS and only beats sending the password in the clear without it (see choose.ts).
import { createHash } from 'node:crypto';
import { command } from '../transcript.ts';
import { Secret } from '../../secrets/secret.ts';
import type { AuthExchange } from './exchange.ts';
import { Pop3Error } from '../errors.ts';

export function apopDigest(timestamp: string, password: Secret): string {
  return createHash('md5')
    .update(Buffer.from(timestamp + password.reveal(), 'utf8'))
    .digest('hex');
}

export function apopExchange(user: string, password: Secret, timestamp: string): AuthExchange {
  return {
    method: 'apop',
    // The digest is a secret too: with the timestamp it allows an offline guess of the password.
    commands: [{ step: 'APOP', line: command('APOP', user, new Secret(apopDigest(timestamp, password))) }],
    respond(): never {
      throw new Pop3Error('protocol', { command: 'APOP', message: 'APOP takes no challenge' });
    },
  };
}
