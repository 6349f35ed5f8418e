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
