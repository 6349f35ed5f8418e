// One SMTP connection through nodemailer's SMTPConnection, with Poplar's TLS trust rule: the
// TCP connection is ours, and nodemailer's TLS step (implicit TLS, RFC 8314 §3.3, or STARTTLS,
// RFC 3207) is checked by tls/peer-trust.ts at 'secureConnect' — in the callback nodemailer
// runs there, before it writes EHLO over TLS and long before AUTH.
import { connect as netConnect, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import { certificateSummary, tlsInfo, tlsOptions, untrustedReason, type TlsInfo } from '../tls/peer-trust.ts';
import { SmtpError } from './failure.ts';
import { SMTP_TIMEOUTS } from './limits.ts';
import type { SmtpSettings } from './settings.ts';
import { SmtpTranscript } from './transcript.ts';
import { asciiHostName } from '../../shared/host-name.ts';

type UpgradeCallback = (error: Error | null, secured?: boolean) => void;

/** nodemailer internals this module relies on (not in its .d.ts); checked by the tests against Postfix. */
interface Internals {
  _upgradeConnection(callback: UpgradeCallback): void;
  _supportedAuth: string[];
  _maxAllowedSize: number;
  _ehloLines?: string[];
}

export interface OpenConnection {
  readonly connection: SMTPConnection;
  readonly transcript: SmtpTranscript;
  readonly tls: TlsInfo | null;
  /** SIZE from EHLO (RFC 1870), null when not announced or announced without a number. */
  readonly sizeLimit: number | null;
  readonly authMethods: readonly string[];
  readonly extensions: readonly string[];
}

class TrustedConnection extends SMTPConnection {
  tlsInfo: TlsInfo | null = null;
  refusal: SmtpError | null = null;
  readonly #settings: SmtpSettings;

  constructor(settings: SmtpSettings, options: ConstructorParameters<typeof SMTPConnection>[0]) {
    super(options);
    this.#settings = settings;
    const self = this as unknown as Internals;
    const upgrade = self._upgradeConnection.bind(this);
    self._upgradeConnection = (callback) =>
      upgrade((error, secured) => {
        if (error) return callback(error, secured);
        const socket = this._socket as TLSSocket;
        const trust = this.#settings.trust ?? {};
        const certificate = certificateSummary(socket);
        const reason = untrustedReason(socket, trust, certificate);
        if (reason !== null) {
          this.refusal = new SmtpError('tls', `the server's certificate is not trusted: ${reason}`, { certificate });
          socket.destroy();
          return callback(this.refusal);
        }
        this.tlsInfo = tlsInfo(socket, trust, certificate);
        callback(null, secured);
      });
  }
}

function tcpConnect(host: string, port: number, ms: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // DNS resolves an IDN by its punycode form (shared/host-name.ts).
    const socket = netConnect({ host: asciiHostName(host) ?? host, port });
    const timer = setTimeout(() => fail(new Error(`no connection to ${host}:${port} within ${ms} ms`)), ms);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new SmtpError('unreachable', `the server ${host}:${port} could not be reached (${error.message})`, { cause: error }));
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** Connects, says EHLO, secures the connection as configured and authenticates; the caller QUITs. */
export async function openConnection(settings: SmtpSettings, onError: (error: Error) => SmtpError): Promise<OpenConnection> {
  const timeouts = { ...SMTP_TIMEOUTS, ...settings.timeouts };
  const socket = await tcpConnect(settings.host, settings.port, timeouts.connectMs);
  const transcript = new SmtpTranscript();
  const connection = new TrustedConnection(settings, {
    host: settings.host,
    port: settings.port,
    connection: socket,
    secure: settings.security === 'tls',
    // STARTTLS required (RFC 3207 §4 lets a client refuse to go on without it); never skipped.
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    tls: tlsOptions(settings.host, settings.trust ?? {}),
    name: settings.clientName ?? 'poplar.localhost',
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.idleMs,
    // The transcript logger sees commands and replies only; `debug` (message bodies) stays off.
    logger: transcript.logger(),
    transactionLog: true,
    debug: false,
  });
  const internals = connection as unknown as Internals;
  // nodemailer reports a failure of the session (TLS, a lost connection, a timeout) as an 'error'
  // event rather than through the callback of the step that was running: a step waits for both.
  const step = (run: (done: (error?: Error | null) => void) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const finish = (error?: Error | null): void => {
        connection.off('error', finish);
        if (!error) return resolve();
        connection.close();
        reject(connection.refusal ?? (error instanceof SmtpError ? error : onError(error)));
      };
      connection.on('error', finish);
      run(finish);
    });
  await step((done) => connection.connect(done));
  if (settings.user !== undefined) {
    const user = settings.user;
    const password = settings.password?.reveal() ?? '';
    const auth =
      settings.authMethod === 'XOAUTH2'
        ? { user, method: 'XOAUTH2', oauth2: bearerToken(user, password) }
        : { user, pass: password, ...(settings.authMethod ? { method: settings.authMethod } : {}) };
    await step((done) => connection.login(auth, (e) => done(e))).catch((error: unknown) => {
      if (settings.authMethod === 'XOAUTH2' && error instanceof SmtpError && error.kind === 'auth') {
        throw new SmtpError(
          'token',
          `the server did not accept the access token${error.response ? `: ${error.response}` : ''}: it may have expired or lack the mail scope; check the token command`,
          { response: error.response, cause: error },
        );
      }
      throw error;
    });
  }
  return {
    connection,
    transcript,
    tls: connection.tlsInfo,
    sizeLimit: internals._maxAllowedSize > 0 ? internals._maxAllowedSize : null,
    authMethods: [...internals._supportedAuth],
    extensions: [...(internals._ehloLines ?? [])],
  };
}

/**
 * An access token for SASL XOAUTH2 as nodemailer's login takes it. The token comes from the
 * user's token command, fetched for this connection; when the server refuses it, nodemailer asks
 * for a renewed one (the server's 334 error challenge, then a retry): there is none to give here,
 * and the refusal is reported instead of a second try with the same token.
 */
function bearerToken(user: string, accessToken: string): XOAuth2 {
  return new XOAuth2({
    user,
    accessToken,
    provisionCallback: (_user, renew, callback) =>
      renew ? callback(new Error('the access token was refused')) : callback(null, accessToken),
  });
}

/** QUIT (RFC 5321 §4.1.1.10) and wait for the connection to end. */
export function quit(connection: SMTPConnection): Promise<void> {
  return new Promise((resolve) => {
    if (connection.destroyed) return resolve();
    connection.once('end', () => resolve());
    connection.quit();
  });
}
