// The one trust rule for every TLS connection Poplar opens (POP3 and SMTP alike): the system's
// CA store plus an optional CA of the account's, or an explicit SHA-256 pin of the one server
// certificate — never "accept anything". Node's automatic rejection is off only so that a
// refusal can name the certificate (subject, issuer, fingerprint) for "trust this certificate";
// the check itself runs at 'secureConnect', before a byte of the protocol is read or written.
import { isIP } from 'node:net';
import { rootCertificates, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { asciiHostName } from '../../shared/host-name.ts';

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

/** Options for tls.connect (implicit TLS, or an upgrade with `socket`); pair with untrustedReason at secureConnect. */
export function tlsOptions(typedHost: string, trust: TlsTrust): ConnectionOptions & { host: string } {
  // Certificates and SNI name an IDN by its punycode form (RFC 5891, RFC 6066 §3).
  const host = asciiHostName(typedHost) ?? typedHost;
  return {
    // The hostname check (and the error we report) uses `host`. SNI must not carry an IP
    // address (RFC 6066 §3), so servername is set only for names.
    host,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(trust.caPem ? { ca: [...rootCertificates, trust.caPem] } : {}),
    // Certificate checks stay on: untrustedReason runs at 'secureConnect' and refuses unless
    // Node's own chain and host-name verification passed (socket.authorized) or the certificate
    // matches the account's pin. Tests: pop3/client-tls.test.ts, tests/smtp-postfix.dovecot.test.ts.
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
  };
}

/** Why the peer is not trusted, in words; null when it is. Call at secureConnect. */
export function untrustedReason(socket: TLSSocket, trust: TlsTrust, summary: CertificateSummary): string | null {
  if (trust.fingerprint256) {
    const expected = normaliseFingerprint(trust.fingerprint256);
    const actual = summary.fingerprint256 ? normaliseFingerprint(summary.fingerprint256) : null;
    return actual === expected ? null : `the certificate does not match the pinned fingerprint ${trust.fingerprint256}`;
  }
  if (socket.authorized) return null;
  // Node has checked the chain and the host name (checkServerIdentity) and says why not.
  const why = socket.authorizationError;
  return explainCertificateError(
    why instanceof Error ? ((why as Error & { code?: string }).code ?? why.message) : String(why ?? 'UNKNOWN'),
  );
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

export function tlsInfo(socket: TLSSocket, trust: TlsTrust, certificate: CertificateSummary): TlsInfo {
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    verifiedBy: trust.fingerprint256 ? 'pinned-fingerprint' : 'certificate-authority',
    certificate,
  };
}

/**
 * The peer's certificate in words. Read it right at secureConnect: on a socket upgraded in
 * place (STLS, STARTTLS) Node 24 does not return the peer certificate a few ticks later.
 */
export function certificateSummary(socket: TLSSocket): CertificateSummary {
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
