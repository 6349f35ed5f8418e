// What a connection to an outgoing server needs. The security modes and their ports follow
// RFC 8314 §3 (implicit TLS on 465) and RFC 6409 §3.1 / RFC 3207 (submission on 587, here with
// STARTTLS required); `none` is plain text and only ever used when the user chose it.
import type { Secret } from '../secrets/secret.ts';
import type { TlsTrust } from '../tls/peer-trust.ts';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

/**
 * SASL mechanisms Poplar offers (nodemailer's names); undefined lets the server's list decide
 * among the password ones. XOAUTH2 (Google's and Microsoft's SASL for OAuth 2 bearer tokens) is
 * only used when asked for: `password` then holds the access token.
 */
export type SmtpAuthMethod = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  /** No user: no AUTH (a relay that trusts the network, as some company servers do). */
  readonly user?: string;
  readonly password?: Secret;
  readonly authMethod?: SmtpAuthMethod;
  readonly trust?: TlsTrust;
  /** The EHLO name (RFC 5321 §4.1.4); a neutral default so the computer's name does not leak. */
  readonly clientName?: string;
  /** Milliseconds; limits.ts has the defaults and their reasons. */
  readonly timeouts?: Partial<SmtpTimeouts>;
}

export interface SmtpTimeouts {
  readonly connectMs: number;
  readonly greetingMs: number;
  readonly idleMs: number;
}

/** The usual port of each mode, for auto-detection and defaults (RFC 8314 §3.3, RFC 6409 §3.1). */
export const DEFAULT_PORTS: Readonly<Record<SmtpSecurity, number>> = { tls: 465, starttls: 587, none: 25 };
