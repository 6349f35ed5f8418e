// Account settings: the one definition used by the engine, the command line and the window
// (their rules: account-rules.ts). Pure types: this file runs in Node and in the browser.

/** How the connection is secured (RFC 8314 implicit TLS, RFC 2595 STLS, or none). */
export type Security = 'tls' | 'starttls' | 'none';
export const SECURITY_MODES: readonly Security[] = ['tls', 'starttls', 'none'];

/** Login method; 'auto' picks the strongest the server offers. */
export type AuthChoice = 'auto' | 'plain' | 'login' | 'cram-md5' | 'apop' | 'user' | 'xoauth2';
export const AUTH_CHOICES: readonly AuthChoice[] = ['auto', 'plain', 'login', 'cram-md5', 'apop', 'user', 'xoauth2'];

/**
 * What stays on the server. "Leave" is the default: it is what makes a phone and a desktop
 * able to share a mailbox. Deleting when deleted here combines with leaving.
 */
export type Retention =
  | { readonly kind: 'leave'; readonly deleteWhenDeletedLocally: boolean }
  | { readonly kind: 'delete-after-download' }
  | { readonly kind: 'delete-after-days'; readonly days: number; readonly deleteWhenDeletedLocally: boolean };

/** Where a headless run gets the password. Never a command-line argument (visible in ps). */
export type PasswordSource =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'command'; readonly command: string }
  /** Saved in the profile in a 0600 file, at the user's explicit request. */
  | { readonly kind: 'file' }
  /** Asked for each time (`--password-stdin`). */
  | { readonly kind: 'prompt' }
  /**
   * Typed into the app's window and encrypted with Electron's safeStorage (the OS keychain),
   * in <profile>/secrets/<id>.bin. Only the app can read it; the command line asks instead.
   */
  | { readonly kind: 'keychain' };

/** The outgoing server's password: the incoming one (the default), or a source of its own. */
export type SmtpPasswordSource = { readonly kind: 'incoming' } | PasswordSource;

/**
 * Where an account's mail goes out (SMTP submission): RFC 8314 implicit TLS on 465, RFC 6409
 * submission on 587 with STARTTLS required, or plain only when the user chose it. The CA file
 * and the pinned fingerprint mean what they mean for the incoming server (electron/tls/peer-trust.ts).
 */
export interface OutgoingServer {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** Null: no login (a relay that trusts its network). The incoming user name when not given. */
  readonly user: string | null;
  readonly passwordSource: SmtpPasswordSource;
  readonly caFile: string | null;
  readonly fingerprint: string | null;
  /**
   * How the user logs in: with a password (absent means this), or with an OAuth 2 access token
   * (SASL XOAUTH2, as Gmail and Microsoft 365 want). Poplar does not run the OAuth flow itself:
   * the token comes from the password source, a command or a variable, read afresh for every
   * connection since such tokens live about an hour (as msmtp's `passwordeval` does it).
   */
  readonly login?: SmtpLogin;
}

export type SmtpLogin = 'password' | 'xoauth2';

/** Who the account's mail is from: the user name is not always the address. */
export interface Identity {
  /** The From display name; '' for the address alone. */
  readonly fromName: string;
  readonly fromAddress: string;
  readonly replyTo: string | null;
  /** Plain text put under new messages and replies; '' for none. */
  readonly signature: string;
}

/** The usual port of each security mode for SMTP submission (RFC 8314 §3.3, RFC 6409 §3.1). */
export const SMTP_DEFAULT_PORTS: Readonly<Record<Security, number>> = { tls: 465, starttls: 587, none: 587 };
/** The longest signature kept: a signature is a few lines, not a second message. */
export const MAX_SIGNATURE_CHARS = 4000;

export interface AccountSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly user: string;
  readonly auth: AuthChoice;
  /** Extra CA certificate (PEM file) trusted for this account, beside the system store. */
  readonly caFile: string | null;
  /** SHA-256 fingerprint of the one server certificate to accept (certificate pinning). */
  readonly fingerprint: string | null;
  readonly retention: Retention;
  readonly intervalMinutes: number;
  readonly checkAtStartup: boolean;
  readonly paused: boolean;
  /** A desktop notification when a check downloads new mail (the app only; default true). */
  readonly notify: boolean;
  /** Messages larger than this are fetched as headers only (TOP), to be completed on demand. */
  readonly maxSizeBytes: number | null;
  /**
   * Trash's own retention: messages in Trash longer than this many days are deleted permanently
   * (as "delete permanently" does; the server is touched only through `retention`). Null or
   * absent: Trash keeps them until emptied.
   */
  readonly trashDays?: number | null;
  readonly passwordSource: PasswordSource;
  /** The outgoing server; null or absent: this account cannot send yet. */
  readonly smtp?: OutgoingServer | null;
  /** From, Reply-To and signature; null or absent: none set yet (sending needs one). */
  readonly identity?: Identity | null;
}

export interface Account extends AccountSettings {
  readonly id: number;
  /** shared/mailbox-key.ts: one key per server mailbox, whatever name, port (110/995) or spelling reaches it. */
  readonly mailboxKey: string;
  readonly createdAt: number;
}

/** The shortest check interval Poplar allows; a server's LOGIN-DELAY can only raise it. */
export const MIN_INTERVAL_MINUTES = 1;
/** The longest: once a day. For less often, pausing the account and "Check now" say what is meant. */
export const MAX_INTERVAL_MINUTES = 24 * 60;
export const DEFAULT_INTERVAL_MINUTES = 10;
/** "Delete from the server after N days": ten years is the longest that still means something. */
export const MAX_RETENTION_DAYS = 3650;
/** "Empty Trash after N days": from a day to ten years. */
export const MAX_TRASH_DAYS = 3650;
/** Below this, "headers only" would cut off the headers themselves of ordinary mail. */
export const MIN_SIZE_LIMIT_BYTES = 1024;

export function describeRetention(retention: Retention): string {
  switch (retention.kind) {
    case 'leave':
      return retention.deleteWhenDeletedLocally ? 'leave on the server; delete there when deleted here' : 'leave on the server';
    case 'delete-after-download':
      return 'delete from the server after download';
    case 'delete-after-days':
      return `delete from the server ${retention.days} day${retention.days === 1 ? '' : 's'} after download${retention.deleteWhenDeletedLocally ? ', or when deleted here' : ''}`;
    default: {
      const unreachable: never = retention;
      return String(unreachable);
    }
  }
}
