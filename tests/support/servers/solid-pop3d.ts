// solid-pop3d 0.15 (Debian 12 package solid-pop3d) as a test server: inetd mode under
// tcpserver on 127.0.0.1 (inetd.ts). It authenticates through PAM (service "solid-pop3d"),
// needs its system user spop3d (.ci/install-inetd-pop3.sh makes both) and serves the mbox
// /var/mail/USER. No CAPA ("-ERR unknown command"), no TLS, no response codes. Its greeting
// carries an APOP timestamp, but APOP works only for users with a secret in ~/.spop3d.
// Locks: an fcntl lock on the mbox makes PASS wait silently; a dot-lock /var/mail/USER.lock
// (liblockfile) makes PASS fail after about 5 s with "-ERR can't lock mailbox file".
import { compatVersion, INETD_ROOT, startInetdServer, type InetdServer } from './inetd.ts';

export const SOLID_POP3D_DIR = `${INETD_ROOT}/solid-pop3d`;
export const SOLID_POP3D_BIN = `${SOLID_POP3D_DIR}/usr/sbin/solid-pop3d`;
/** The packaged configuration (mbox at /var/mail/%s), given with -f so /etc stays untouched. */
export const SOLID_POP3D_CONFIG = `${SOLID_POP3D_DIR}/etc/spop3d.conf`;

export const SOLID_POP3D_NAME = 'solid-pop3d';

/** "0.15 (Debian solid-pop3d 0.15-31)". */
export function solidPop3dVersion(): string {
  return compatVersion('solid-pop3d');
}

/**
 * One tcpserver running solid-pop3d per connection. It decides inetd mode by itself (its
 * stdin is a socket); started from a terminal or a pipe it would try to listen on port 110.
 */
export function startSolidPop3d(): Promise<InetdServer> {
  return startInetdServer(SOLID_POP3D_NAME, [SOLID_POP3D_BIN, '-f', SOLID_POP3D_CONFIG]);
}
