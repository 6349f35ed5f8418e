// "Test connection" for an outgoing server: EHLO, STARTTLS (or implicit TLS), AUTH, QUIT —
// nothing is sent (RFC 5321 §4.1.1.10 QUIT ends the session without a transaction).
import type { TlsInfo } from '../tls/peer-trust.ts';
import { openConnection, quit } from './connection.ts';
import { classify } from './failure.ts';
import type { SmtpSettings } from './settings.ts';

export interface SmtpTestResult {
  readonly tls: TlsInfo | null;
  /** The SIZE the server announced (RFC 1870), in bytes; null when it announced none. */
  readonly sizeLimit: number | null;
  /** SASL mechanisms the server offered after TLS (RFC 4954 §3), nodemailer's spelling. */
  readonly authMethods: readonly string[];
  readonly authenticated: boolean;
  /** The redacted transcript. */
  readonly transcript: readonly string[];
}

/** Throws SmtpError (smtp/failure.ts) with the kind of failure. */
export async function testSmtp(settings: SmtpSettings): Promise<SmtpTestResult> {
  const open = await openConnection(settings, (error) => classify(error, false));
  await quit(open.connection);
  return {
    tls: open.tls,
    sizeLimit: open.sizeLimit,
    authMethods: open.authMethods,
    authenticated: open.connection.authenticated,
    transcript: open.transcript.lines,
  };
}
