// A submission's failure, classified into the kinds of shared/smtp-failure-kind.ts.
import type { SmtpFailureKind } from '../../shared/smtp-failure-kind.ts';
import type { CertificateSummary } from '../tls/peer-trust.ts';

export type { SmtpFailureKind } from '../../shared/smtp-failure-kind.ts';

export interface RejectedRecipient {
  readonly address: string;
  readonly response: string;
}

export class SmtpError extends Error {
  readonly kind: SmtpFailureKind;
  /** The server's reply that decided it, if any ("550 5.1.1 <x>: …"). */
  readonly response: string | null;
  readonly recipients: readonly RejectedRecipient[];
  /** The refused certificate, for "trust this certificate". */
  readonly certificate: CertificateSummary | null;

  constructor(
    kind: SmtpFailureKind,
    message: string,
    extra: {
      response?: string | null;
      recipients?: readonly RejectedRecipient[];
      certificate?: CertificateSummary | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'SmtpError';
    this.kind = kind;
    this.response = extra.response ?? null;
    this.recipients = extra.recipients ?? [];
    this.certificate = extra.certificate ?? null;
  }
}

/** The fields of a nodemailer error that classification reads. */
export interface NodemailerFailure {
  readonly message: string;
  readonly code?: string;
  readonly command?: string;
  readonly response?: string;
  readonly responseCode?: number;
  readonly rejectedErrors?: ReadonlyArray<{ recipient?: string; response?: string; responseCode?: number }>;
}

const RELAY = /\b5\.7\.1\b|relay/i;

/** Enhanced status code (RFC 3463) at the start of a reply's text, if any. */
function enhanced(response: string | undefined): string | null {
  return /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '')?.[1] ?? null;
}

/**
 * Classifies a nodemailer error. `dataStarted` says whether the server had answered DATA with
 * 354 (RFC 5321 §4.1.1.4): from then on a lost connection means the message may have been
 * accepted, so it must not be sent again without asking.
 */
export function classify(error: NodemailerFailure, dataStarted: boolean): SmtpError {
  const response = error.response ?? null;
  const code = error.responseCode ?? 0;
  const extra = { response, cause: error };
  const lost = ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNRESET'].includes(error.code ?? '') && code === 0;
  if (lost && dataStarted) {
    return new SmtpError(
      'dropped-during-data',
      'the connection ended while the message was being sent: it may or may not have been delivered, so Poplar will not send it again on its own',
      extra,
    );
  }
  if (lost) return new SmtpError('unreachable', `the server could not be reached (${error.message})`, extra);
  if (error.code === 'ETLS') return new SmtpError('tls', `a secure connection could not be set up (${error.message})`, extra);
  if (error.code === 'EMESSAGE' && /size/i.test(error.message)) {
    return new SmtpError('too-large', 'the message is larger than the server accepts', extra);
  }
  if (error.code === 'EAUTH') {
    if (code >= 400 && code < 500)
      return new SmtpError('temporary', `the server could not check the password just now: ${response}`, extra);
    return new SmtpError('auth', `the server did not accept the user name or password${response ? `: ${response}` : ''}`, extra);
  }
  const recipients = (error.rejectedErrors ?? []).map((r) => ({ address: r.recipient ?? '', response: r.response ?? '' }));
  if (code >= 400 && code < 500)
    return new SmtpError('temporary', `the server asks to try again later: ${response}`, { ...extra, recipients });
  if (code === 552 || enhanced(response ?? undefined) === '5.3.4') {
    return new SmtpError('too-large', `the message is larger than the server accepts: ${response}`, extra);
  }
  if (error.command === 'RCPT TO' && recipients.length > 0) {
    if (recipients.some((r) => RELAY.test(r.response))) {
      return new SmtpError('relay-denied', `the server will not relay mail for you to ${recipients.map((r) => r.address).join(', ')}`, {
        ...extra,
        recipients,
      });
    }
    return new SmtpError('recipient-rejected', `the server refused ${recipients.map((r) => r.address).join(', ')}`, {
      ...extra,
      recipients,
    });
  }
  return new SmtpError('rejected', `the server refused the message${response ? `: ${response}` : ` (${error.message})`}`, extra);
}
