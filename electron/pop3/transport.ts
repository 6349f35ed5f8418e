// Transports: plain TCP, implicit TLS (POP3S, RFC 8314 §3.3 port 995) and the TLS upgrade
// that STLS starts (RFC 2595 §4). Certificates are verified against the system store plus an
// optional CA of the account's, or accepted by an explicit SHA-256 pin — never skipped.
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { Pop3Error, type TlsFailure } from './errors.ts';
import { ReceiveBuffer, socketError } from './reader.ts';
import type { Security } from '../../shared/account.ts';

export type { Security };

export interface TlsTrust {
  /** Extra trusted CA certificates (PEM), added to the system store — not replacing it. */
  readonly caPem?: string;
  /** SHA-256 fingerprint of the one server certificate to accept ("AA:BB:…" or plain hex). */
  readonly fingerprint256?: string;
}

/** What the TLS layer reached, for "test connection" and the session record. */
export interface TlsInfo {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly verifiedBy: 'certificate-authority' | 'pinned-fingerprint';
  readonly certificate: CertificateSummary;
}

export interface CertificateSummary {
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly fingerprint256: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** "AA:BB:cc" or "aabbcc" → "AABBCC", so fingerprints compare however they were typed. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[\s:]/g, '').toUpperCase();
}

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
  const socket = await settle(netConnect({ host, port, ...onread }), deadline, 'connect');
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

function tlsOptions(host: string, trust: TlsTrust) {
  return {
    // The hostname check (and the error we report) uses `host`. SNI must not carry an IP
    // address (RFC 6066 §3), so servername is set only for names.
    host,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(trust.caPem ? { ca: [...rootCertificates, trust.caPem] } : {}),
    // Certificate checks stay on: verifyPeer runs at 'secureConnect', before a byte is read
    // or written, and refuses unless Node's own chain and host-name verification passed
    // (socket.authorized) or the certificate matches the account's pin. Node's automatic
    // rejection is off only because it destroys the socket before the certificate can be read,
    // and a refusal must name it (subject, issuer, fingerprint) for "trust this certificate".
    // Tests: client-tls.test.ts (untrusted chain, wrong host name, wrong pin, no pin).
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
  };
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
  // Read the certificate once, right at secureConnect: on a socket upgraded in place (STLS)
  // Node 24 does not return the peer certificate a few ticks later.
  const certificate = certificateSummary(socket);
  verifyPeer(socket, trust, certificate);
  return { socket, tls: tlsInfo(socket, trust, certificate) };
}

/** Throws Pop3Error 'tls' (and destroys the socket) unless the peer is trusted. */
function verifyPeer(socket: TLSSocket, trust: TlsTrust, summary: CertificateSummary): void {
  let reason: string | null = null;
  if (trust.fingerprint256) {
    const expected = normaliseFingerprint(trust.fingerprint256);
    const actual = summary.fingerprint256 ? normaliseFingerprint(summary.fingerprint256) : null;
    if (actual !== expected) reason = `the certificate does not match the pinned fingerprint ${trust.fingerprint256}`;
  } else if (!socket.authorized) {
    // Node has checked the chain and the host name (checkServerIdentity) and says why not.
    const why = socket.authorizationError;
    reason = explainCertificateError(
      why instanceof Error ? ((why as Error & { code?: string }).code ?? why.message) : String(why ?? 'UNKNOWN'),
    );
  }
  if (reason === null) return;
  socket.destroy();
  const failure: TlsFailure = { subject: summary.subject, issuer: summary.issuer, fingerprint256: summary.fingerprint256, reason };
  throw new Pop3Error('tls', { tls: failure, message: `the server's certificate is not trusted: ${reason}` });
}

/** OpenSSL's verification codes (as Node reports them), said in words; the code stays for support. */
const CERTIFICATE_ERRORS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is not signed by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is not signed by an authority this computer trusts',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate this computer does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: "the certificate is not valid yet (check this computer's clock)",
  CERT_REVOKED: 'the certificate has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate was issued for a different server name',
};

export function explainCertificateError(code: string): string {
  const words = CERTIFICATE_ERRORS[code];
  return words ? `${words} (${code})` : `the certificate was not accepted (${code})`;
}

function tlsInfo(socket: TLSSocket, trust: TlsTrust, certificate: CertificateSummary): TlsInfo {
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    verifiedBy: trust.fingerprint256 ? 'pinned-fingerprint' : 'certificate-authority',
    certificate,
  };
}

function certificateSummary(socket: TLSSocket): CertificateSummary {
  const cert = socket.getPeerX509Certificate();
  if (!cert) return { subject: null, issuer: null, fingerprint256: null, validFrom: null, validTo: null };
  const oneLine = (dn: string): string => dn.split('\n').filter(Boolean).join(', ');
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    fingerprint256: cert.fingerprint256,
    validFrom: cert.validFrom,
    validTo: cert.validTo,
  };
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
