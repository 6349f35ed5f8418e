// The one error type of the POP3 client. The scheduler and the diagnostics switch on `code`;
// everything else on the error is evidence for the user or for the transcript.
import { readableServerText } from './refusal-vocabulary.ts';

/**
 * What went wrong, as a closed set. Add a member only together with its case in
 * `describePop3Error` (the `never` default makes a missing case a compile error).
 */
export const POP3_ERROR_CODES = [
  // Reaching the server
  'dns', // the host name did not resolve
  'connection-refused', // nothing listens on that host and port
  'tls', // handshake failed or the certificate is not trusted (details in `tls`)
  'timeout', // connect budget or command idle timeout elapsed
  'network', // any other socket error (reset, unreachable)
  'connection-closed', // the server closed the connection while we expected an answer
  'bad-greeting', // the first line is not a POP3 greeting (wrong port, an SMTP/IMAP server)
  'starttls-unavailable', // STLS required by the account but not offered or refused (RFC 2595 §4)
  // Logging in
  'auth-failed', // credentials refused, confirmed: [AUTH], or a text that names the password/credentials
  'login-refused', // a refusal at login with no code and no words we can read: unconfirmed, retried before a pause
  'login-stalled', // greeting and USER answered, then silence after PASS/APOP/AUTH: the server waits on a mailbox lock (popa3d, solid-pop3d)
  'auth-unsupported', // the method the user chose is not offered by the server
  'mailbox-locked', // [IN-USE] or a known lock wording: another session holds the maildrop
  'too-many-connections', // a per-user/IP connection limit, not a maildrop lock
  'login-delay', // [LOGIN-DELAY]: logged in too recently (RFC 2449 §8.1.1)
  'server-temporary', // [SYS/TEMP] (RFC 3206 §4) or an unexplained refusal worth retrying
  'server-permanent', // [SYS/PERM] (RFC 3206 §4): needs the provider's help
  // Talking
  'command-failed', // a plain -ERR to a transaction command (RETR, DELE, UIDL …)
  'protocol', // the server broke the protocol (unparseable line, unexpected continuation)
  'line-too-long', // a server line exceeded MAX_RESPONSE_LINE_OCTETS
  'response-too-large', // a listing exceeded MAX_LISTING_OCTETS
  'invalid-argument', // we refused to send a command: CR/LF/NUL in an argument, or too long
  'aborted', // we stopped the session ourselves (app quitting, user cancelled)
] as const;
export type Pop3ErrorCode = (typeof POP3_ERROR_CODES)[number];

/** Certificate evidence for a 'tls' error, from the peer certificate when there is one. */
export interface TlsFailure {
  readonly subject: string | null;
  readonly issuer: string | null;
  /** As Node's X509Certificate.fingerprint256: "AA:BB:…". */
  readonly fingerprint256: string | null;
  /** Node's error code or message, e.g. 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'. */
  readonly reason: string;
}

export interface Pop3ErrorOptions {
  /** The command that failed; only its verb is kept, so arguments (a password) never leak. */
  readonly command?: string | null;
  /** RFC 2449 §8 response code, e.g. 'IN-USE' or 'SYS/TEMP'. */
  readonly responseCode?: string | null;
  /** The server's text after the status and response code. */
  readonly serverText?: string | null;
  readonly tls?: TlsFailure;
  readonly cause?: unknown;
  /**
   * False when `code` is a best guess: a bare -ERR from a server without response codes may
   * mean anything (RFC 2449 §8, RFC 3206 §3). Defaults to true.
   */
  readonly certain?: boolean;
  /** Technical message for logs; a default is built from the other fields. */
  readonly message?: string;
}

export class Pop3Error extends Error {
  override readonly name = 'Pop3Error';
  readonly code: Pop3ErrorCode;
  readonly command: string | null;
  readonly responseCode: string | null;
  readonly serverText: string | null;
  readonly tls?: TlsFailure;
  readonly certain: boolean;
  /**
   * The LOGIN-DELAY (RFC 2449 §6.5, seconds) the server announced in CAPA before it refused
   * the login, when it announced one. Set by the client: a refused session still teaches the
   * schedule the server's minimum gap (Cyrus announces it, then refuses with [LOGIN-DELAY]).
   */
  announcedLoginDelaySeconds: number | null = null;

  constructor(code: Pop3ErrorCode, options: Pop3ErrorOptions = {}) {
    const command = verbOnly(options.command);
    const responseCode = options.responseCode ? options.responseCode.toUpperCase() : null;
    const serverText = options.serverText ?? null;
    super(options.message ?? defaultMessage(code, command, responseCode, serverText), { cause: options.cause });
    this.code = code;
    this.command = command;
    this.responseCode = responseCode;
    this.serverText = serverText;
    if (options.tls !== undefined) this.tls = options.tls;
    this.certain = options.certain ?? true;
  }

  /** A plain object for the session record and IPC; `cause` is left out (it may be anything). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      command: this.command,
      responseCode: this.responseCode,
      serverText: this.serverText,
      certain: this.certain,
      ...(this.tls ? { tls: this.tls } : {}),
    };
  }
}

export function isPop3Error(value: unknown): value is Pop3Error {
  return value instanceof Pop3Error;
}

/** "PASS secret" → "PASS"; "" → null. Upper-cased: verbs are case-insensitive (RFC 1939 §3). */
function verbOnly(command: string | null | undefined): string | null {
  const verb = command?.trim().split(/\s+/, 1)[0];
  return verb ? verb.toUpperCase() : null;
}

function defaultMessage(code: Pop3ErrorCode, command: string | null, responseCode: string | null, serverText: string | null): string {
  const what = command ? `POP3 ${command} failed (${code})` : `POP3 ${code}`;
  const said = [responseCode ? `[${responseCode}]` : '', serverText ?? ''].filter(Boolean).join(' ');
  return said ? `${what}: ${said}` : what;
}

const SERVER_TEXT_SHOWN = 300;

/**
 * Plain-language explanation for a person who is not a mail expert: what happened and what
 * to do. A lock, a connection limit, a login delay or a temporary problem never mentions the
 * password at all: people who see a login refused suspect their password first.
 */
export function describePop3Error(error: Pop3Error): string {
  const parts = [explain(error)];
  if (error.tls) {
    const t = error.tls;
    const cert = [t.subject && `issued to ${t.subject}`, t.issuer && `by ${t.issuer}`].filter(Boolean).join(' ');
    parts.push(`Details: ${t.reason}${cert ? `; certificate ${cert}` : ''}${t.fingerprint256 ? ` (SHA-256 ${t.fingerprint256})` : ''}.`);
  }
  if (error.serverText) {
    // Kept as latin1 octets (connection.ts); shown as the UTF-8 the server most likely meant.
    const said = readableServerText(error.serverText);
    const text = said.length > SERVER_TEXT_SHOWN ? `${said.slice(0, SERVER_TEXT_SHOWN)}…` : said;
    parts.push(`The server said: “${text}”`);
  }
  return parts.join('\n\n');
}

function explain(error: Pop3Error): string {
  const code = error.code;
  switch (code) {
    case 'dns':
      return 'The mail server’s name could not be found. Check the server name, and that this computer is online.';
    case 'connection-refused':
      return 'The mail server refused the connection. Check the server name and port: POP3 normally uses port 995 (TLS) or 110.';
    case 'tls':
      return (
        'A secure connection to the mail server could not be set up, so Poplar did not send your password. ' +
        'If the server’s certificate is not trusted, your provider may have a certificate problem, or someone may be intercepting the connection. ' +
        'If you are sure this is your server, you can trust its certificate for this account (pin it).'
      );
    case 'timeout':
      // A total budget ran out (limits.ts): the server kept sending, too slowly to finish.
      // Its message names what it failed to send ("… to send its UIDL listing").
      return /^the server took longer than /.test(error.message)
        ? `The mail server was answering far too slowly: ${error.message}. Poplar stopped waiting, so the mailbox is not kept busy; it will try again later.`
        : 'The mail server stopped answering. This is usually a network problem or a busy server. Poplar will try again later.';
    case 'network':
      return 'A network problem interrupted the connection to the mail server. Check that this computer is online. Poplar will try again later.';
    case 'connection-closed':
      return 'The mail server closed the connection unexpectedly. Messages already downloaded are safe. Poplar will try again later.';
    case 'bad-greeting':
      return 'The server did not answer like a POP3 mail server. Check the port: it may belong to a different service (sending mail or IMAP).';
    case 'starttls-unavailable':
      return (
        'The account is set to secure the connection with STARTTLS, but the server does not offer it, so Poplar did not send your password. ' +
        'Try the TLS setting with port 995, or ask your provider which security setting to use.'
      );
    case 'auth-failed':
      // Never "Poplar will try again": Poplar pauses on a refused password (sync/policy.ts).
      return error.certain
        ? 'The mail server did not accept the user name or password. Check them; some providers require an app-specific password.'
        : 'The mail server refused the login, most likely because the user name or password is wrong. ' +
            'Check them; some providers require an app-specific password.';
    case 'login-refused':
      return (
        'The mail server refused the login without giving a reason. It may be busy for a moment, or the user name or password may be wrong. ' +
        'Poplar tries again a few times, minutes apart; if the server keeps refusing, it stops and asks you to check the password.'
      );
    case 'login-stalled':
      // Said without "password" or "network": the server answered, then waited on a mailbox lock.
      return (
        'The mail server answered, then went silent after Poplar signed in: it is waiting for another program to release your mailbox ' +
        '(often mail being delivered to it, or another mail program or device that has it open). Nothing needs to change in your account settings. Poplar will wait and try again.'
      );
    case 'auth-unsupported':
      return 'The mail server does not offer the chosen sign-in method. Choose “Automatic” or another method.';
    case 'mailbox-locked':
      return (
        'Your mailbox is in use by another connection, so the server turned this one away. Nothing needs to change in your account settings. ' +
        'Another program or device may be checking the same mailbox (a phone, another mail program, a spam filter), or an earlier connection has not closed yet. ' +
        'Poplar will wait and try again.'
      );
    case 'too-many-connections':
      return (
        'The mail server limits how many connections your account may have open at once from this network, and that limit is reached. ' +
        'Nothing needs to change in your account settings: close other mail programs or devices that use this account, or wait; Poplar will try again later.'
      );
    case 'login-delay':
      return 'The mail server allows a login only every so often, and the last one was too recent. Nothing is wrong; Poplar will wait longer before checking again.';
    case 'server-temporary':
      return 'The mail server reported a temporary problem on its side. Nothing needs to change in your settings; Poplar will try again later.';
    case 'server-permanent':
      return 'The mail server reported a problem on its side that will not go away by itself. Please contact your mail provider; the message below may help them.';
    case 'command-failed':
      return `The mail server refused a request${error.command ? ` (${error.command})` : ''}. Poplar will try again at the next check.`;
    case 'protocol':
      return 'The mail server sent an answer Poplar could not understand. If this keeps happening, send the diagnostics report to your mail provider.';
    case 'line-too-long':
      return 'The mail server sent a line far longer than POP3 allows, so Poplar stopped reading. If this keeps happening, send the diagnostics report to your mail provider.';
    case 'response-too-large':
      return 'The mail server sent a listing larger than Poplar accepts, so Poplar stopped reading. If this keeps happening, send the diagnostics report to your mail provider.';
    case 'invalid-argument':
      return 'An account setting, such as the user name, contains characters that cannot be sent to a POP3 server (a line break) or is too long. Check the user name and the server name.';
    case 'aborted':
      return 'The check was stopped before it finished. Nothing was lost; the next check picks up where this one stopped.';
    default: {
      const unreachable: never = code;
      return String(unreachable);
    }
  }
}
