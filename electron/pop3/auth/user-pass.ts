// USER and PASS (RFC 1939 §7): the password in the clear on the wire, so only inside TLS or
// when the account says so. PASS takes the rest of the line, spaces included (RFC 1939 §7).
import { command } from '../transcript.ts';
import type { Secret } from '../../secrets/secret.ts';
import type { AuthExchange } from './exchange.ts';
import { Pop3Error } from '../errors.ts';

export function userPassExchange(user: string, password: Secret): AuthExchange {
  return {
    method: 'user',
    commands: [
      { step: 'USER', line: command('USER', user) },
      { step: 'PASS', line: command('PASS', password) },
    ],
    respond(): never {
      throw new Pop3Error('protocol', { command: 'PASS', message: 'USER/PASS takes no challenge' });
    },
  };
}
