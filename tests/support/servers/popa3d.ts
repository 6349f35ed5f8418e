// popa3d 1.0 (Debian 12 package popa3d) as a test server: inetd mode under tcpserver on
// 127.0.0.1 (inetd.ts). popa3d authenticates through PAM (service "popa3d", installed by
// .ci/install-inetd-pop3.sh), chroots to the empty /var/lib/popa3d as user popa3d for the
// unauthenticated part, and serves /var/mail/USER. No CAPA (a bare "-ERR"), no TLS, no
// response codes; an fcntl lock on the mbox makes PASS wait silently until it goes.
import { compatVersion, INETD_ROOT, startInetdServer, type InetdServer } from './inetd.ts';

export const POPA3D_DIR = `${INETD_ROOT}/popa3d`;
export const POPA3D_BIN = `${POPA3D_DIR}/usr/sbin/popa3d`;

/** "popa3d" as the compatibility table names it. */
export const POPA3D_NAME = 'popa3d';

/** "1.0.3 (Debian popa3d 1.0.3-1.1)". */
export function popa3dVersion(): string {
  return compatVersion('popa3d');
}

/** One tcpserver running popa3d per connection (popa3d(8): inetd mode is its default). */
export function startPopa3d(): Promise<InetdServer> {
  return startInetdServer(POPA3D_NAME, [POPA3D_BIN]);
}
