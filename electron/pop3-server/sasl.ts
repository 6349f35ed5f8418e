// The server side of APOP and of the AUTH exchanges (RFC 5034), one function per mechanism.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A login. The password is also the APOP and CRAM-MD5 shared secret. */
export interface Pop3User {
  readonly name: string;
  readonly password: string;
}

/** The lines of one AUTH exchange: server challenges out, client responses in. */
export interface SaslIo {
  send(line: string): void;
  read(): Promise<string | null>;
}

export interface SaslConfig {
  users: readonly Pop3User[];
  xoauth2Tokens: Readonly<Record<string, string>>;
  /** The CRAM-MD5 challenge for this exchange. */
  challenge: () => string;
  /** The reply to wrong credentials. */
  authFailed: string;
}

export type SaslResult = { kind: 'ok'; user: string } | { kind: 'fail'; reply: string } | { kind: 'closed' };

/**
 * The error a bad XOAUTH2 token gets, base64-encoded after "+ ": the example of Google's
 * "SASL XOAUTH2 mechanism" page (developers.google.com/gmail/imap/xoauth2-protocol).
 */
export const XOAUTH2_ERROR = { status: '401', schemes: 'bearer mac', scope: 'https://mail.google.com/' };

/** RFC 1939 §7: the APOP digest is MD5 of the greeting's timestamp followed by the secret. */
export function apopDigest(timestamp: string, secret: string): string {
  return createHash('md5')
    .update(timestamp + secret)
    .digest('hex');
}

/** RFC 2195 §2: the CRAM-MD5 digest is HMAC-MD5 keyed with the secret over the challenge. */
export function cramMd5Digest(challenge: string, secret: string): string {
  return createHmac('md5', secret).update(challenge).digest('hex');
}

/**
 * Compared as digests so neither the time taken nor an early length check tells how close a
 * guess was.
 */
export function sameText(a: string, b: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** USER/PASS (RFC 1939 §7): the user whose name and password both match, checked in constant time. */
export function passwordMatches(users: readonly Pop3User[], name: string, password: string): boolean {
  let ok = false;
  for (const user of users) ok = (sameText(user.name, name) && sameText(user.password, password)) || ok;
  return ok;
}

const fail = (reply: string): SaslResult => ({ kind: 'fail', reply });
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A client response: its decoded bytes, or the result that ends the exchange. */
async function respond(io: SaslIo, challenge: string): Promise<Buffer | SaslResult> {
  io.send(`+ ${challenge}`);
  return decode(await io.read());
}

function decode(line: string | null): Buffer | SaslResult {
  if (line === null) return { kind: 'closed' };
  // RFC 5034 §4: "*" cancels the exchange, and the server answers -ERR.
  if (line === '*') return fail('-ERR Authentication cancelled.');
  // RFC 5034 §4: "=" is an initial response of zero length.
  if (line === '=') return Buffer.alloc(0);
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(line)) {
    return fail('-ERR Invalid base64 data.');
  }
  return Buffer.from(line, 'base64');
}

function check(config: SaslConfig, name: string, password: string): SaslResult {
  const user = config.users.find((u) => u.name === name);
  return user !== undefined && sameText(user.password, password) ? { kind: 'ok', user: name } : fail(config.authFailed);
}

/** RFC 4616: [authzid] NUL authcid NUL passwd. */
async function plain(config: SaslConfig, io: SaslIo, initial: string | undefined): Promise<SaslResult> {
  const data = initial === undefined ? await respond(io, '') : decode(initial);
  if (!Buffer.isBuffer(data)) return data;
  const parts = data.toString('utf8').split('\0');
  if (parts.length !== 3) return fail(config.authFailed);
  return check(config, parts[1] as string, parts[2] as string);
}

/** draft-murchison-sasl-login: "Username:" then "Password:"; the first may come initially. */
async function login(config: SaslConfig, io: SaslIo, initial: string | undefined): Promise<SaslResult> {
  const name = initial === undefined ? await respond(io, b64('Username:')) : decode(initial);
  if (!Buffer.isBuffer(name)) return name;
  const password = await respond(io, b64('Password:'));
  if (!Buffer.isBuffer(password)) return password;
  return check(config, name.toString('utf8'), password.toString('utf8'));
}

/** RFC 2195: the server speaks first, so an initial response is a protocol error. */
async function cramMd5(config: SaslConfig, io: SaslIo, initial: string | undefined): Promise<SaslResult> {
  if (initial !== undefined) return fail('-ERR CRAM-MD5 does not take an initial response.');
  const challenge = config.challenge();
  const data = await respond(io, b64(challenge));
  if (!Buffer.isBuffer(data)) return data;
  const [name = '', digest = ''] = data.toString('utf8').split(' ');
  const user = config.users.find((u) => u.name === name);
  if (user === undefined || !sameText(cramMd5Digest(challenge, user.password), digest.toLowerCase())) {
    return fail(config.authFailed);
  }
  return { kind: 'ok', user: name };
}

/**
 * XOAUTH2 (Gmail, Office 365): "user=NAME^Aauth=Bearer TOKEN^A^A". A bad token is answered
 * with a base64 JSON error as a continuation; the client sends an empty line, then -ERR.
 */
async function xoauth2(config: SaslConfig, io: SaslIo, initial: string | undefined): Promise<SaslResult> {
  const data = initial === undefined ? await respond(io, '') : decode(initial);
  if (!Buffer.isBuffer(data)) return data;
  const fields = data.toString('utf8').split('\x01');
  const name = fields.find((f) => f.startsWith('user='))?.slice('user='.length) ?? '';
  const token = fields.find((f) => f.startsWith('auth=Bearer '))?.slice('auth=Bearer '.length) ?? '';
  const expected = config.xoauth2Tokens[name];
  if (expected !== undefined && sameText(expected, token)) return { kind: 'ok', user: name };
  io.send(`+ ${b64(JSON.stringify(XOAUTH2_ERROR))}`);
  if ((await io.read()) === null) return { kind: 'closed' };
  return fail(config.authFailed);
}

/** The mechanisms every SASL-enabled session offers. */
export const BASE_MECHANISMS: readonly string[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

/** The mechanisms this server can run; XOAUTH2 only when tokens are configured. */
export function mechanisms(config: SaslConfig): string[] {
  const list = [...BASE_MECHANISMS];
  if (Object.keys(config.xoauth2Tokens).length > 0) list.push('XOAUTH2');
  return list;
}

/** One AUTH exchange (RFC 5034 §4), from the mechanism name and optional initial response. */
export async function runSasl(config: SaslConfig, io: SaslIo, mechanism: string, initial: string | undefined): Promise<SaslResult> {
  if (!mechanisms(config).includes(mechanism)) return fail('-ERR Unsupported authentication mechanism.');
  switch (mechanism) {
    case 'PLAIN':
      return plain(config, io, initial);
    case 'LOGIN':
      return login(config, io, initial);
    case 'CRAM-MD5':
      return cramMd5(config, io, initial);
    default:
      return xoauth2(config, io, initial);
  }
}
