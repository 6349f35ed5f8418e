// A protocol transcript of one SMTP session, redacted by construction: nodemailer's own
// transaction log is fed in line by line, and every client line from an AUTH command until the
// server's final reply to it (RFC 4954 §4: 334 continues, anything else ends the exchange)
// is replaced — the mechanism name is kept, never a user name, password or SASL response.
// Message bodies never reach it (nodemailer's `debug`, which logs them, stays off).
import { REDACTED } from '../secrets/secret.ts';

export class SmtpTranscript {
  readonly lines: string[] = [];
  #inAuth = false;

  client(line: string): void {
    const auth = /^AUTH\s+(\S+)/i.exec(line);
    if (auth) {
      this.#inAuth = true;
      this.lines.push(`C: AUTH ${(auth[1] ?? '').toUpperCase()}${/^AUTH\s+\S+\s+\S/i.test(line) ? ` ${REDACTED}` : ''}`);
      return;
    }
    this.lines.push(this.#inAuth ? `C: ${REDACTED}` : `C: ${line}`);
  }

  /** One reply; a multi-line reply (RFC 5321 §4.2.1) arrives joined with "\n". */
  server(reply: string): void {
    if (this.#inAuth && !reply.startsWith('334')) this.#inAuth = false;
    for (const line of reply.split('\n')) this.lines.push(`S: ${line}`);
  }

  /** A bunyan-style logger for nodemailer's `transactionLog`; everything but the transaction is dropped. */
  logger(): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (entry: unknown, ...args: unknown[]) => void> {
    const ignore = (): void => undefined;
    const debug = (entry: unknown, format: unknown, ...args: unknown[]): void => {
      const tnx = (entry as { tnx?: string } | null)?.tnx;
      const text = String(format === '%s' ? args[0] : format);
      if (tnx === 'client') this.client(text);
      else if (tnx === 'server') this.server(text);
    };
    return { trace: ignore, debug, info: ignore, warn: ignore, error: ignore, fatal: ignore };
  }
}
