// Transports: plain TCP, implicit TLS (POP3S, RFC 8314 §3.3 port 995) and the TLS upgrade
// that STLS starts (RFC 2595 §4). Certificates are verified against the system store plus an
// optional CA of the account's, or accepted by an explicit SHA-256 pin — never skipped.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Pop3Error, type TlsFailure } from './errors.ts';
import { ReceiveBuffer, socketError } from './reader.ts';
import { asciiHostName } from '../../shared/host-name.ts';
import type { Security } from '../../shared/account.ts';
import {
  certificateSummary,
  tlsInfo,
  tlsOptions,
  untrustedReason,
  type CertificateSummary,
  type TlsInfo,
  type TlsTrust,
} from '../tls/peer-trust.ts';

export type { Security };
export { explainCertificateError, normaliseFingerprint } from '../tls/peer-trust.ts';
export type { CertificateSummary, TlsInfo, TlsTrust } from '../tls/peer-trust.ts';

/**
 * Opens a TCP connection, or a TLS one for `tls`, within `deadline` (ms since the epoch).
 * A plain connection reads into a fixed buffer, `receive` (reader.ts), for the SocketReader.
 * TLS connections do not: Node's TLS socket goes on delivering decrypted records into an
 * `onread` buffer after the callback asked it to pause, overwriting bytes not yet written
 * (checked on Node 24.21), and a STLS upgrade ignores `onread` altogether.
 */
export async function openSocket(
  host: string,
  port: number,
  security: Security,
  trust: TlsTrust,
  deadline: number,
): Promise<{ socket: Socket; tls: TlsInfo | null; receive: ReceiveBuffer | null }> {
  if (security === 'tls') return { ...(await handshake(tlsConnect({ ...tlsOptions(host, trust), port }), trust, deadline)), receive: null };
  const receive = security === 'none' ? new ReceiveBuffer() : null;
  const onread = receive ? { onread: { buffer: receive.buffer, callback: receive.callback } } : {};
  // DNS resolves an IDN by its punycode form (shared/host-name.ts).
  const socket = await settle(netConnect({ host: asciiHostName(host) ?? host, port, ...onread }), deadline, 'connect');
  return { socket, tls: null, receive };
}

/** Upgrades a connected socket to TLS in place (after "+OK" to STLS). */
export async function upgradeSocket(
  plain: Socket,
  host: string,
  trust: TlsTrust,
  deadline: number,
): Promise<{ socket: TLSSocket; tls: TlsInfo }> {
  return handshake(tlsConnect({ ...tlsOptions(host, trust), socket: plain }), trust, deadline);
}

async function handshake(socket: TLSSocket, trust: TlsTrust, deadline: number): Promise<{ socket: TLSSocket; tls: TlsInfo }> {
  try {
    await settle(socket, deadline, 'secureConnect');
  } catch (error) {
    if (error instanceof Pop3Error && error.code === 'network') {
      throw new Pop3Error('tls', { cause: error.cause, tls: { subject: null, issuer: null, fingerprint256: null, reason: error.message } });
    }
    throw error;
  }
  // Read the certificate once, right at secureConnect (see certificateSummary).
  const certificate = certificateSummary(socket);
  verifyPeer(socket, trust, certificate);
  return { socket, tls: tlsInfo(socket, trust, certificate) };
}

/** Throws Pop3Error 'tls' (and destroys the socket) unless the peer is trusted (tls/peer-trust.ts). */
function verifyPeer(socket: TLSSocket, trust: TlsTrust, summary: CertificateSummary): void {
  const reason = untrustedReason(socket, trust, summary);
  if (reason === null) return;
  socket.destroy();
  const failure: TlsFailure = { subject: summary.subject, issuer: summary.issuer, fingerprint256: summary.fingerprint256, reason };
  throw new Pop3Error('tls', { tls: failure, message: `the server's certificate is not trusted: ${reason}` });
}

/** Resolves on `event`, or rejects with the socket's error or a timeout at `deadline`. */
function settle<S extends Socket>(socket: S, deadline: number, event: 'connect' | 'secureConnect'): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        cleanup();
        socket.destroy();
        reject(
          new Pop3Error('timeout', {
            message: event === 'connect' ? 'the server did not accept the connection in time' : 'the TLS handshake did not finish in time',
          }),
        );
      },
      Math.max(0, deadline - Date.now()),
    );
    const onError = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(socketError(error));
    };
    const onClose = (): void => {
      cleanup();
      reject(
        new Pop3Error(event === 'secureConnect' ? 'tls' : 'connection-closed', {
          message: 'the server closed the connection during the handshake',
          ...(event === 'secureConnect'
            ? { tls: { subject: null, issuer: null, fingerprint256: null, reason: 'connection closed during the TLS handshake' } }
            : {}),
        }),
      );
    };
    const onReady = (): void => {
      cleanup();
      resolve(socket);
    };
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off(event, onReady);
    }
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once(event, onReady);
  });
}
