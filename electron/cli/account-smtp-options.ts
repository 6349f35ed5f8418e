// The outgoing server and identity options of `poplar account add|set`: --smtp-*, --from,
// --reply-to, --signature-file. The outgoing password defaults to the incoming one; a source
// of its own is given like the incoming one's (never as an argument, which ps would show).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_SIGNATURE_CHARS,
  SMTP_DEFAULT_PORTS,
  type Account,
  type Identity,
  type OutgoingServer,
  type SmtpPasswordSource,
} from '../../shared/account.ts';
import { formatNameAddress, isEmailAddress, outgoingFields, parseNameAddress } from '../../shared/account-rules.ts';
import type { Schema } from '../../shared/validate.ts';
import { passwordFromStdin } from '../secrets/headless-sources.ts';
import { forgetPassword, savePassword } from '../secrets/password-files.ts';
import type { Secret } from '../secrets/secret.ts';
import type { CliIo } from './commands.ts';

export const SMTP_USAGE = [
  "Outgoing: --smtp-host HOST ('' removes it)  --smtp-port N  --smtp-security tls|starttls|none",
  "          --smtp-user USER (default: --user; '' for no login)  --smtp-ca-file FILE  --smtp-fingerprint SHA256",
  '          --smtp-password-env VAR | --smtp-password-command CMD | --smtp-password-stdin | --smtp-password-same',
  '          (default: the incoming password)',
  '          --smtp-login password|xoauth2 (xoauth2: the password command or variable gives an OAuth 2 access token)',
  'Identity: --from "Name <address>"  --reply-to ADDRESS  --signature-file FILE',
];

export const SMTP_OPTIONS = {
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-security': { type: 'string' },
  'smtp-user': { type: 'string' },
  'smtp-ca-file': { type: 'string' },
  'smtp-fingerprint': { type: 'string' },
  'smtp-password-env': { type: 'string' },
  'smtp-password-command': { type: 'string' },
  'smtp-password-stdin': { type: 'boolean' },
  'smtp-password-same': { type: 'boolean' },
  'smtp-login': { type: 'string' },
  from: { type: 'string' },
  'reply-to': { type: 'string' },
  'signature-file': { type: 'string' },
} as const;

export interface SmtpValues {
  'smtp-host'?: string;
  'smtp-port'?: string;
  'smtp-security'?: string;
  'smtp-user'?: string;
  'smtp-ca-file'?: string;
  'smtp-fingerprint'?: string;
  'smtp-password-env'?: string;
  'smtp-password-command'?: string;
  'smtp-password-stdin'?: boolean;
  'smtp-password-same'?: boolean;
  'smtp-login'?: string;
  from?: string;
  'reply-to'?: string;
  'signature-file'?: string;
  'password-stdin'?: boolean;
  'save-password'?: boolean;
}

export const PLAIN_SMTP_WARNING =
  'Warning: the outgoing server has no encryption: your password and the mail you send cross the network readable by anyone on the way. Use it only for a server on this computer or your own network.';

const FIELDS = outgoingFields();

function checked<T>(rule: Schema<T>, value: unknown, option: string, fail: (m: string) => never): T {
  const r = rule.check(value, '');
  return r.ok ? r.value : fail(r.problem.replace(/^the outgoing [a-zA-Z ]+? (must|needs)/, `${option} $1`));
}

export interface Outgoing {
  readonly smtp: OutgoingServer | null;
  readonly identity: Identity | null;
  /** Read from standard input now (--smtp-password-stdin). */
  readonly smtpPassword: Secret | null;
}

/** The outgoing server and identity the options say, on top of `base` (account set) or nothing (add). */
export async function outgoingFrom(
  v: SmtpValues,
  base: Account | null,
  incomingUser: string,
  io: CliIo,
  fail: (message: string) => never,
): Promise<Outgoing> {
  const smtpPassword = await passwordOption(v, io, fail);
  return {
    smtp: serverFrom(v, base?.smtp ?? null, incomingUser, smtpPassword !== null, fail),
    identity: await identityFrom(v, base?.identity ?? null, fail),
    smtpPassword,
  };
}

async function passwordOption(v: SmtpValues, io: CliIo, fail: (m: string) => never): Promise<Secret | null> {
  const given = [
    v['smtp-password-stdin'],
    v['smtp-password-env'] !== undefined,
    v['smtp-password-command'] !== undefined,
    v['smtp-password-same'],
  ];
  if (given.filter(Boolean).length > 1) {
    fail(
      'give the outgoing password in one way only: --smtp-password-stdin, --smtp-password-env VAR, --smtp-password-command CMD or --smtp-password-same',
    );
  }
  if (!v['smtp-password-stdin']) return null;
  // Standard input carries one password.
  if (v['password-stdin']) fail('--password-stdin and --smtp-password-stdin cannot both read standard input: give one of them another way');
  const password = await passwordFromStdin(io.stdin);
  return password ?? fail('the outgoing password on standard input is empty');
}

function serverFrom(
  v: SmtpValues,
  base: OutgoingServer | null,
  incomingUser: string,
  stdinPassword: boolean,
  fail: (m: string) => never,
): OutgoingServer | null {
  const touched = Object.keys(SMTP_OPTIONS).some((k) => k.startsWith('smtp-') && (v as Record<string, unknown>)[k] !== undefined);
  if (!touched) return base;
  if (v['smtp-host'] === '') return null;
  const host = v['smtp-host'] ?? base?.host ?? fail('--smtp-host is required to set up the outgoing server');
  checked(FIELDS.host, host, '--smtp-host', fail);
  const security = checked(FIELDS.security, v['smtp-security'] ?? base?.security ?? 'tls', '--smtp-security', fail);
  let port: number;
  if (v['smtp-port'] !== undefined) {
    if (!/^\d+$/.test(v['smtp-port'])) fail(`--smtp-port must be a whole number, not '${v['smtp-port']}'`);
    port = checked(FIELDS.port, Number(v['smtp-port']), '--smtp-port', fail);
  } else port = base && v['smtp-security'] === undefined ? base.port : SMTP_DEFAULT_PORTS[security];
  const user = v['smtp-user'] !== undefined ? (v['smtp-user'] === '' ? null : v['smtp-user']) : base ? base.user : incomingUser;
  checked(FIELDS.user, user, '--smtp-user', fail);
  const typed = v['smtp-fingerprint']?.replace(/\s/g, '');
  const fingerprint =
    typed !== undefined
      ? checked(FIELDS.fingerprint, typed === '' ? null : typed, '--smtp-fingerprint', fail)
      : (base?.fingerprint ?? null);
  const caFile =
    v['smtp-ca-file'] !== undefined ? (v['smtp-ca-file'] === '' ? null : path.resolve(v['smtp-ca-file'])) : (base?.caFile ?? null);
  if (security === 'none' && (caFile || fingerprint)) fail('--smtp-ca-file and --smtp-fingerprint need --smtp-security tls or starttls');
  let passwordSource: SmtpPasswordSource;
  if (v['smtp-password-env'] !== undefined) passwordSource = { kind: 'env', variable: v['smtp-password-env'] };
  else if (v['smtp-password-command'] !== undefined) passwordSource = { kind: 'command', command: v['smtp-password-command'] };
  else if (stdinPassword) passwordSource = v['save-password'] ? { kind: 'file' } : { kind: 'prompt' };
  else if (v['smtp-password-same']) passwordSource = { kind: 'incoming' };
  else passwordSource = base?.passwordSource ?? { kind: 'incoming' };
  const login = checked(FIELDS.login, v['smtp-login'] ?? base?.login, '--smtp-login', fail);
  if (login === 'xoauth2') {
    if (user === null) fail('--smtp-login xoauth2 needs a user name (--smtp-user)');
    if (passwordSource.kind !== 'command' && passwordSource.kind !== 'env') {
      // An access token lives about an hour: it is fetched for each connection, never stored.
      fail('--smtp-login xoauth2 reads the access token with --smtp-password-command CMD or --smtp-password-env VAR');
    }
    return { host, port, security, user, passwordSource, caFile, fingerprint, login };
  }
  return { host, port, security, user, passwordSource, caFile, fingerprint };
}

async function identityFrom(v: SmtpValues, base: Identity | null, fail: (m: string) => never): Promise<Identity | null> {
  if (v.from === undefined && v['reply-to'] === undefined && v['signature-file'] === undefined) return base;
  let from = base ? { name: base.fromName, address: base.fromAddress } : null;
  if (v.from !== undefined) {
    from = parseNameAddress(v.from) ?? fail(`--from must be one address, as "Ann Example <ann@example.org>", not '${v.from}'`);
  }
  if (from === null) return fail('--reply-to and --signature-file need --from "Name <address>" first');
  let replyTo = base?.replyTo ?? null;
  if (v['reply-to'] !== undefined) {
    replyTo = v['reply-to'].trim() === '' ? null : v['reply-to'].trim();
    if (replyTo !== null && !isEmailAddress(replyTo))
      fail(`--reply-to must be an e-mail address such as ann@example.org, not '${replyTo}'`);
  }
  let signature = base?.signature ?? '';
  if (v['signature-file'] !== undefined) {
    if (v['signature-file'] === '') signature = '';
    else {
      try {
        signature = (await readFile(v['signature-file'], 'utf8')).replace(/\r\n/g, '\n').replace(/\n+$/, '');
      } catch (error) {
        fail(`cannot read --signature-file ${v['signature-file']}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      if (signature.length > MAX_SIGNATURE_CHARS) fail(`--signature-file must hold at most ${MAX_SIGNATURE_CHARS} characters`);
    }
  }
  return { fromName: from.name, fromAddress: from.address, replyTo, signature };
}

/** After the row is written: the outgoing password saved when asked (--save-password), forgotten when no longer the source. */
export async function afterSaveOutgoing(profileDir: string, a: Account, password: Secret | null, v: SmtpValues, io: CliIo): Promise<void> {
  if (password !== null && v['save-password']) {
    const file = await savePassword(profileDir, a.id, password, 'smtp');
    io.err(
      `Warning: the outgoing password is saved unencrypted in ${file} (readable only by you). The desktop app keeps passwords encrypted instead.`,
    );
  } else if (a.smtp?.passwordSource.kind !== 'file') {
    await forgetPassword(profileDir, a.id, 'smtp');
  }
  if (a.smtp?.security === 'none' && (v['smtp-security'] === 'none' || v['smtp-host'] !== undefined)) io.err(PLAIN_SMTP_WARNING);
}

/** "sends through HOST:PORT (…) as Name <address>", for `account list` and the add/set line. */
export function describeOutgoing(a: Account): string | null {
  const parts: string[] = [];
  if (a.smtp) {
    const s = a.smtp;
    const login =
      s.user === null
        ? 'no login'
        : `${s.user}, ${s.login === 'xoauth2' ? 'an OAuth 2 token' : s.passwordSource.kind === 'incoming' ? 'same password' : 'its own password'}`;
    parts.push(`sends through ${s.host}:${s.port} (${s.security === 'none' ? 'unencrypted' : s.security}; ${login})`);
  }
  if (a.identity) parts.push(`from ${formatNameAddress(a.identity.fromName, a.identity.fromAddress)}`);
  return parts.length > 0 ? parts.join(' ') : null;
}
