// The rules account settings must meet: one schema per setting, used by the contract (what the
// window sends), the store (its last guard before a row is written) and the command line. A
// problem is said of the setting in words a person reads ("the check interval must be at least
// 1 minute"), or of the command-line option that set it ("--security must be one of …").
// Pure TypeScript: runs in Node and in the browser.
import {
  AUTH_CHOICES,
  MAX_INTERVAL_MINUTES,
  MAX_RETENTION_DAYS,
  MAX_TRASH_DAYS,
  MIN_INTERVAL_MINUTES,
  MAX_SIGNATURE_CHARS,
  MIN_SIZE_LIMIT_BYTES,
  SECURITY_MODES,
  type AccountSettings,
  type Identity,
  type OutgoingServer,
  type PasswordSource,
  type Retention,
  type SmtpPasswordSource,
} from './account.ts';
import { asciiHostName } from './host-name.ts';
import { boolean, integer, named, nullable, number, object, optional, refine, string, type Schema } from './validate.ts';

type Rules = { readonly [K in keyof AccountSettings]-?: Schema<AccountSettings[K]> };
export type SettingNames = { readonly [K in keyof AccountSettings]-?: string };

/** Each setting as the window and the store's messages name it. */
export const SETTING_NAMES: SettingNames = {
  name: 'the account name',
  host: 'the server',
  port: 'the port',
  security: 'security',
  user: 'the user name',
  auth: 'the login method',
  caFile: 'the CA file',
  fingerprint: 'the certificate fingerprint',
  retention: 'what stays on the server',
  intervalMinutes: 'the check interval',
  checkAtStartup: 'checking at start-up',
  paused: 'pausing',
  notify: 'notifications',
  maxSizeBytes: 'the size limit',
  trashDays: '"empty Trash after N days"',
  passwordSource: 'the password source',
  smtp: 'the outgoing server',
  identity: 'the identity',
};

/** `base`, then `test`; `what` says what is wrong when the test fails. */
function rule<T>(base: Schema<T>, test: (value: T) => boolean, what: string | ((value: T) => string)): Schema<T> {
  return refine(base, (value) => (test(value) ? null : typeof what === 'string' ? what : what(value)));
}

function choice<T extends string>(values: readonly T[]): Schema<T> {
  return rule(string({ max: 100 }), (v) => (values as readonly string[]).includes(v), `must be one of ${values.join(', ')}`) as Schema<T>;
}

/** Starts with a letter or digit; letters, digits, spaces and . _ @ + - after it. */
const ACCOUNT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@+-]{0,63}$/u;
/** A DNS name (RFC 1123 letters, digits, dots and hyphens), or an IPv4 address. */
const HOST_NAME = /^[A-Za-z0-9.-]{1,253}$/;

/** A server name as typed: ASCII, or an IDN whose punycode form is a DNS name (host-name.ts). */
function isHostName(host: string): boolean {
  const ascii = asciiHostName(host);
  return ascii !== null && HOST_NAME.test(ascii);
}
/** An IPv6 address, with or without its brackets (RFC 3986 §3.2.2). */
const IPV6 = /^\[?[0-9a-fA-F:]+\]?$/;
/** SHA-256 as Node's X509Certificate.fingerprint256 writes it ("AA:BB:…"), or plain hex. */
const SHA256_FINGERPRINT = /^([0-9A-Fa-f]{2}:?){32}$/;
/** An absolute path on POSIX (`/…`) or Windows (`C:\…`, `\\server\…`). */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

const retention: Schema<Retention> = {
  check(value, path) {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    switch (kind) {
      case 'leave':
        return object({ kind: choice(['leave'] as const), deleteWhenDeletedLocally: boolean }).check(value, path);
      case 'delete-after-download':
        return object({ kind: choice(['delete-after-download'] as const) }).check(value, path);
      case 'delete-after-days': {
        const days = named(
          '"delete from the server after N days"',
          rule(
            number(),
            (d) => Number.isInteger(d) && d >= 1 && d <= MAX_RETENTION_DAYS,
            `needs a whole number of days, from 1 to ${MAX_RETENTION_DAYS}`,
          ),
        );
        return object({ kind: choice(['delete-after-days'] as const), days, deleteWhenDeletedLocally: boolean }).check(value, path);
      }
      default:
        return { ok: false, problem: `${path} must be one of leave, delete-after-download, delete-after-days` };
    }
  },
};

const passwordSource: Schema<PasswordSource> = {
  check(value, path) {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    switch (kind) {
      case 'env':
        return object({ kind: choice(['env'] as const), variable: named('the password variable', string({ min: 1, max: 1000 })) }).check(
          value,
          path,
        );
      case 'command':
        return object({ kind: choice(['command'] as const), command: named('the password command', string({ min: 1, max: 4096 })) }).check(
          value,
          path,
        );
      case 'file':
      case 'prompt':
      case 'keychain':
        return object({ kind: choice([kind] as const) }).check(value, path);
      default:
        return { ok: false, problem: `${path} must be one of env, command, file, prompt, keychain` };
    }
  },
};

/** The outgoing password: 'incoming' (the incoming server's own), or a source like the incoming one's. */
const smtpPasswordSource: Schema<SmtpPasswordSource> = {
  check(value, path) {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (kind === 'incoming') return object({ kind: choice(['incoming'] as const) }).check(value, path);
    const r = passwordSource.check(value, path);
    return r.ok ? r : { ok: false, problem: `${path} must be one of incoming, env, command, file, prompt, keychain` };
  },
};

/**
 * An address as it goes into From, Reply-To and RCPT TO (RFC 5321 §4.1.2, RFC 6531 for the
 * letters of other scripts): a dot-atom local part, "@", and a server name or an address literal.
 */
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const ADDRESS_LITERAL = /^\[[0-9a-fA-F:.]+\]$/;

/** True for an e-mail address Poplar can send from or to (no display name, no angle brackets). */
export function isEmailAddress(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  return LOCAL_PART.test(local) && (isHostName(domain) || ADDRESS_LITERAL.test(domain));
}

/**
 * "Name <address>", "\"Doe, Ann\" <address>" or a bare address, as `--from` and the form's
 * field take it; null when it is not one address.
 */
export function parseNameAddress(text: string): { name: string; address: string } | null {
  const trimmed = text.trim();
  const angled = /^(.*?)\s*<([^<>]*)>$/su.exec(trimmed);
  const name = angled ? (angled[1] ?? '').trim().replace(/^"(.*)"$/su, '$1') : '';
  const address = angled ? (angled[2] ?? '').trim() : trimmed;
  if (!isEmailAddress(address) || /[\r\n\0<>]/.test(name)) return null;
  return { name, address };
}

/** "Name <address>", or the address alone; the inverse of parseNameAddress for what it accepts. */
export function formatNameAddress(name: string, address: string): string {
  if (name === '') return address;
  return /[",;:<>@()[\]\\]/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}" <${address}>` : `${name} <${address}>`;
}

const address = rule(string({ max: 254 }), isEmailAddress, (v) => `must be an e-mail address such as ann@example.org, not '${v}'`);

const identity: Schema<Identity> = object({
  // A header line: a line break in it would start a header of its own (header injection).
  fromName: named(
    'the sender name',
    rule(string({ max: 200 }), (v) => !/[\r\n\0]/.test(v), 'must be one line'),
  ),
  fromAddress: named('the sender address', address),
  replyTo: named('the reply-to address', nullable(address)),
  signature: named(
    'the signature',
    rule(string({ max: MAX_SIGNATURE_CHARS }), (v) => !v.includes('\0'), 'must be plain text'),
  ),
});

/** One schema per setting; a problem is said of the path it is checked under (see `accountFields`). */
const RULES: Rules = {
  name: rule(
    string({ max: 64 }),
    (v) => ACCOUNT_NAME.test(v),
    'must start with a letter or digit and have at most 64 letters, digits, spaces or . _ @ + -',
  ),
  host: rule(
    string({ max: 253 }),
    (v) => isHostName(v) || IPV6.test(v),
    (v) => `must be a server name or an IP address, not '${v}'`,
  ),
  port: integer({ min: 1, max: 65535 }),
  security: choice(SECURITY_MODES),
  // Sent in USER as typed and part of the mailbox key: refused rather than trimmed. 320 is the
  // longest address RFC 5321 §4.5.3.1 allows (64 local part, @, 255 domain).
  user: rule(
    rule(string({ max: 320 }), (v) => v !== '' && !/[\r\n\0]/.test(v), 'must not be empty or contain line breaks'),
    (v) => v === v.trim(),
    'must not start or end with a space',
  ),
  auth: choice(AUTH_CHOICES),
  caFile: nullable(rule(string({ max: 4096 }), (v) => ABSOLUTE_PATH.test(v) && !/[\r\n\0]/.test(v), 'must be the full path of a PEM file')),
  fingerprint: nullable(
    rule(string({ max: 200 }), (v) => SHA256_FINGERPRINT.test(v), 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed'),
  ),
  retention,
  intervalMinutes: rule(
    rule(number(), (v) => v >= MIN_INTERVAL_MINUTES, `must be at least ${MIN_INTERVAL_MINUTES} minute`),
    (v) => v <= MAX_INTERVAL_MINUTES,
    `must be at most ${MAX_INTERVAL_MINUTES} minutes (one day)`,
  ),
  checkAtStartup: boolean,
  paused: boolean,
  notify: boolean,
  maxSizeBytes: nullable(rule(integer(), (v) => v >= MIN_SIZE_LIMIT_BYTES, `must be at least ${MIN_SIZE_LIMIT_BYTES} bytes`)),
  trashDays: optional(
    nullable(rule(integer(), (v) => v >= 1 && v <= MAX_TRASH_DAYS, `needs a whole number of days, from 1 to ${MAX_TRASH_DAYS}`)),
  ),
  passwordSource,
  smtp: optional(nullable(lateOutgoing())),
  identity: optional(nullable(identity)),
};

/** The outgoing server's fields, each following the incoming one's rule and said of the outgoing server. */
export function outgoingFields() {
  return {
    host: named('the outgoing server', RULES.host),
    port: named('the outgoing port', RULES.port),
    security: named('the outgoing security', RULES.security),
    user: named('the outgoing user name', nullable(RULES.user)),
    passwordSource: named('the outgoing password source', smtpPasswordSource),
    caFile: named('the outgoing CA file', RULES.caFile),
    fingerprint: named('the outgoing certificate fingerprint', RULES.fingerprint),
    login: named('the outgoing login', optional(choice(['password', 'xoauth2'] as const))),
  };
}

/** Built after RULES, whose rules it reuses. */
function lateOutgoing(): Schema<OutgoingServer> {
  return { check: (value, path) => object(outgoingFields()).check(value, path) };
}

/** From, Reply-To and signature (their rules: `identity` above). */
export const identitySchema: Schema<Identity> = identity;

/** The rule of every setting, each saying its problems of its name in `names`. */
export function accountFields(names: SettingNames = SETTING_NAMES): Rules {
  const out: Record<string, Schema<unknown>> = {};
  for (const key of Object.keys(RULES) as Array<keyof AccountSettings>) out[key] = named(names[key], RULES[key] as Schema<unknown>);
  return out as unknown as Rules;
}

const FIELDS = accountFields();

/**
 * What is wrong with one setting, in the words `accountProblems` uses ("the check interval must be
 * at most …"), or null when it is fine: a form checks a field as the engine will.
 */
export function settingProblem<K extends keyof AccountSettings>(key: K, value: AccountSettings[K]): string | null {
  const r = FIELDS[key].check(value, key);
  return r.ok ? null : r.problem;
}

/** The rule that spans settings: a CA file or a pinned certificate is only read on a TLS connection. */
export function settingsConflict(settings: Pick<AccountSettings, 'security' | 'caFile' | 'fingerprint'>): string | null {
  return settings.security === 'none' && (settings.caFile || settings.fingerprint)
    ? 'a CA file or a pinned certificate needs TLS or STARTTLS'
    : null;
}

/**
 * The same rule for the outgoing server, and one of its own: an OAuth 2 token expires within
 * the hour, so it is read from a command or a variable at each connection, never kept.
 */
export function outgoingConflict(
  smtp: Pick<OutgoingServer, 'security' | 'caFile' | 'fingerprint' | 'login' | 'passwordSource' | 'user'> | null | undefined,
): string | null {
  if (!smtp) return null;
  if (smtp.security === 'none' && (smtp.caFile || smtp.fingerprint))
    return "the outgoing server's CA file or pinned certificate needs TLS or STARTTLS";
  if (smtp.login === 'xoauth2') {
    if (smtp.user === null) return 'an OAuth 2 login needs the outgoing user name';
    if (smtp.passwordSource.kind !== 'command' && smtp.passwordSource.kind !== 'env') {
      return 'an OAuth 2 login reads its access token from a command or a variable (a token expires within the hour)';
    }
  }
  return null;
}

/** The problems with `settings`, in words; empty when they are fine. */
export function accountProblems(settings: AccountSettings): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(FIELDS) as Array<keyof AccountSettings>) {
    const problem = settingProblem(key, settings[key]);
    if (problem !== null) problems.push(problem);
  }
  const conflict = settingsConflict(settings);
  if (conflict !== null) problems.push(conflict);
  const outgoing = outgoingConflict(settings.smtp);
  if (outgoing !== null) problems.push(outgoing);
  return problems;
}
