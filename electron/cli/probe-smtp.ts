// `poplar probe --smtp`: the outgoing server's "Test connection". EHLO, STARTTLS or implicit
// TLS, AUTH, then QUIT — nothing is sent. Security 'auto' (the default) tries 465, then 587.
import type { Secret } from '../secrets/secret.ts';
import { detectSmtp, type SmtpDetection, type SmtpSecurityChoice } from '../smtp/detect-smtp.ts';
import type { TlsTrust } from '../tls/peer-trust.ts';
import { PLAIN_SMTP_WARNING } from './account-smtp-options.ts';
import type { CliIo } from './commands.ts';
import { checkFingerprint, ONE_PASSWORD_SOURCE, passwordSourceCount, PROBE_OPTIONS, readCaFile, readPassword } from './probe-options.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './usage.ts';

export const SMTP_PROBE_USAGE =
  'Usage: poplar probe --smtp --host HOST [--port N] [--security auto|tls|starttls|none] [--user USER\n' +
  '                    (--password-stdin | --password-env VAR | --password-command CMD) [--xoauth2]]\n' +
  '                    [--ca-file FILE] [--fingerprint SHA256] [--json]\n' +
  '--xoauth2: the password is an OAuth 2 access token, sent with SASL XOAUTH2.\n' +
  'Tests an outgoing (SMTP) server: connects, secures, logs in and quits; nothing is sent.\n' +
  "'auto' tries TLS on 465, then STARTTLS on 587; never unencrypted unless you choose --security none.";

const CHOICES: readonly SmtpSecurityChoice[] = ['auto', 'tls', 'starttls', 'none'];
const SECURITY_WORDS = { tls: 'TLS (port 465 style, RFC 8314)', starttls: 'STARTTLS (submission)', none: 'no encryption' } as const;

export async function probeSmtp(args: string[], io: CliIo): Promise<number> {
  const o = await parseSmtpProbeArgs(args, io);
  const started = Date.now();
  const detection = await detectSmtp(
    {
      host: o.host,
      trust: o.trust,
      ...(o.user !== null && o.password !== null ? { user: o.user, password: o.password } : {}),
      ...(o.xoauth2 ? { authMethod: 'XOAUTH2' as const } : {}),
    },
    o.security,
    o.port,
  );
  const ms = Date.now() - started;
  if (o.json) io.out(JSON.stringify(smtpProbeJson(o.host, detection, ms)));
  else if (detection.ok) io.out(formatSmtpProbe(o.host, detection, ms));
  else {
    const fp = detection.error.certificate?.fingerprint256;
    const pin = fp
      ? `\n\nIf you have checked with your provider that this is your server's certificate, trust it for this account with:\n  --smtp-fingerprint ${fp}`
      : '';
    io.err(
      `Could not check the outgoing server ${o.host}:${detection.port} (${detection.error.kind}).\n\n${detection.error.message}.${pin}`,
    );
  }
  if (detection.ok && detection.security === 'none') io.err(PLAIN_SMTP_WARNING);
  return detection.ok ? EXIT_OK : EXIT_FAILED;
}

function formatSmtpProbe(host: string, d: Extract<SmtpDetection, { ok: true }>, ms: number): string {
  const r = d.result;
  const lines = [`Connected to the outgoing server ${host}:${d.port} in ${ms} ms. Nothing was sent.`];
  if (r.tls) {
    const c = r.tls.certificate;
    lines.push(`Security:     ${SECURITY_WORDS[d.security]}, ${r.tls.protocol ?? '?'} ${r.tls.cipher ?? ''}`.trimEnd());
    lines.push(`Certificate:  ${c.subject ?? '(none)'}; issued by ${c.issuer ?? '(unknown)'}; valid until ${c.validTo ?? '?'}`);
    lines.push(`              SHA-256 ${c.fingerprint256 ?? '?'}`);
    lines.push(
      `              trusted by ${r.tls.verifiedBy === 'pinned-fingerprint' ? 'its pinned fingerprint' : 'a certificate authority'}`,
    );
  } else {
    lines.push('Security:     none — the password and your mail cross the network unencrypted');
  }
  lines.push(`Signed in:    ${r.authenticated ? 'yes' : 'no (no user name given)'}`);
  lines.push(`Login methods: ${r.authMethods.length > 0 ? r.authMethods.join(', ') : '(none offered)'}`);
  lines.push(`Largest message: ${r.sizeLimit === null ? 'not announced' : `${r.sizeLimit} bytes`}`);
  return lines.join('\n');
}

function smtpProbeJson(host: string, d: SmtpDetection, ms: number): unknown {
  if (!d.ok) {
    return {
      ok: false,
      host,
      port: d.port,
      security: d.security,
      error: { kind: d.error.kind, message: d.error.message, response: d.error.response, certificate: d.error.certificate },
    };
  }
  const r = d.result;
  return {
    ok: true,
    host,
    port: d.port,
    security: d.security,
    ms,
    tls: r.tls,
    authenticated: r.authenticated,
    authMethods: r.authMethods,
    sizeLimit: r.sizeLimit,
  };
}

async function parseSmtpProbeArgs(args: string[], io: CliIo) {
  const { values } = parseOptions(
    {
      args,
      strict: true,
      allowPositionals: false,
      options: { ...PROBE_OPTIONS, smtp: { type: 'boolean' }, security: { type: 'string', default: 'auto' }, xoauth2: { type: 'boolean' } },
    },
    SMTP_PROBE_USAGE,
  );
  const fail = (message: string): never => {
    throw new UsageError(message, SMTP_PROBE_USAGE);
  };
  const host = values.host?.trim() || fail('--host is required');
  const security = (CHOICES as readonly string[]).includes(values.security)
    ? (values.security as SmtpSecurityChoice)
    : fail(`--security must be one of ${CHOICES.join(', ')}`);
  const port = values.port === undefined ? null : Number(values.port);
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    fail(`--port must be a number from 1 to 65535, not '${values.port}'`);
  }
  checkFingerprint(values.fingerprint, fail);
  const typed = values.fingerprint?.replace(/\s/g, '');
  if (security === 'none' && (values['ca-file'] || typed)) fail('--ca-file and --fingerprint need --security auto, tls or starttls');
  const sources = passwordSourceCount(values);
  const user = values.user ?? null;
  let password: Secret | null = null;
  if (user === null) {
    if (sources > 0) fail('a password needs --user');
    if (values.xoauth2) fail('--xoauth2 needs --user and the access token as the password');
  } else {
    if (sources !== 1) fail(ONE_PASSWORD_SOURCE);
    password = await readPassword(values, io, fail);
  }
  const trust: { caPem?: string; fingerprint256?: string } = {};
  const caPem = await readCaFile(values['ca-file'], fail);
  if (caPem !== undefined) trust.caPem = caPem;
  if (typed) trust.fingerprint256 = typed;
  return { host, port, security, user, password, trust: trust as TlsTrust, json: values.json, xoauth2: values.xoauth2 === true };
}
