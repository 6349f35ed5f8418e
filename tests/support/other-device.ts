// Another program or device logged in to a mailbox: while its POP3 session is open, Dovecot
// holds the mailbox for it (pop3_lock_session), so Poplar's checks are refused until it QUITs.
import { Pop3Client } from '../../electron/pop3/client.ts';
import { Secret } from '../../electron/secrets/secret.ts';

export function otherDevice(port: number, user: string, password: string): Promise<Pop3Client> {
  return Pop3Client.connect({
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: 'user',
    credentials: { kind: 'password', user, password: new Secret(password) },
  });
}
