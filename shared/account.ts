// Account settings: the one definition used by the engine, the command line and (later)
// the window. Pure types and checks: this file runs in Node and in the browser.

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
export const DEFAULT_INTERVAL_MINUTES = 10;

/** The problems with `settings`, in words; empty when they are fine. */
export function accountProblems(settings: AccountSettings): string[] {
  const problems: string[] = [];
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._@+-]{0,63}$/u.test(settings.name)) {
    problems.push('the account name must start with a letter or digit and have at most 64 letters, digits, spaces or . _ @ + -');
  }
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(settings.host) && !/^\[?[0-9a-fA-F:]+\]?$/.test(settings.host)) {
    problems.push(`'${settings.host}' is not a server name or address`);
  }
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535) problems.push('the port must be a number from 1 to 65535');
  if (!SECURITY_MODES.includes(settings.security)) problems.push(`security must be one of ${SECURITY_MODES.join(', ')}`);
  if (!AUTH_CHOICES.includes(settings.auth)) problems.push(`the login method must be one of ${AUTH_CHOICES.join(', ')}`);
  if (settings.user === '' || /[\r\n\0]/.test(settings.user)) problems.push('the user name must not be empty or contain line breaks');
  // Refused rather than trimmed: the name is sent in USER as typed and is part of the mailbox key.
  if (settings.user !== settings.user.trim()) problems.push('the user name must not start or end with a space');
  if (settings.security === 'none' && (settings.caFile || settings.fingerprint)) problems.push('a CA file or a pinned certificate needs TLS or STARTTLS');
  if (!Number.isFinite(settings.intervalMinutes) || settings.intervalMinutes < MIN_INTERVAL_MINUTES) {
    problems.push(`the check interval must be at least ${MIN_INTERVAL_MINUTES} minute`);
  }
  if (settings.retention.kind === 'delete-after-days' && (!Number.isInteger(settings.retention.days) || settings.retention.days < 1)) {
    problems.push('"delete from the server after N days" needs a whole number of days, at least 1');
  }
  if (settings.maxSizeBytes !== null && (!Number.isInteger(settings.maxSizeBytes) || settings.maxSizeBytes < 1024)) {
    problems.push('the size limit must be at least 1024 bytes');
  }
  return problems;
}

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
