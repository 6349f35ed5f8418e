// `poplar probe`: what a "Test connection" button shows. Connects, secures, logs in, reads
// CAPA and STAT, and QUITs — or explains the failure in words a person can act on.
import type { AuthPreference } from '../pop3/auth/choose.ts';
import { Pop3Client } from '../pop3/client.ts';
import { describePop3Error, isPop3Error } from '../pop3/errors.ts';
import type { Security, TlsTrust } from '../pop3/transport.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { formatProbe, probeJson, type ProbeReport } from './probe-report.ts';
import { checkFingerprint, ONE_PASSWORD_SOURCE, passwordSourceCount, PROBE_OPTIONS, readCaFile, readPassword } from './probe-options.ts';
import { probeSmtp } from './probe-smtp.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './usage.ts';

const USAGE =
  'Usage: poplar probe --host HOST [--port N] [--security tls|starttls|none] --user USER\n' +
  '                    (--password-stdin | --password-env VAR | --password-command CMD)\n' +
  '                    [--ca-file FILE] [--fingerprint SHA256] [--auth auto|plain|login|cram-md5|apop|user] [--json]\n' +
  '       poplar probe --smtp --host HOST ...  (the outgoing server; poplar probe --smtp --help)';

const SECURITY: readonly Security[] = ['tls', 'starttls', 'none'];
const AUTH: readonly AuthPreference[] = ['auto', 'plain', 'login', 'cram-md5', 'apop', 'user'];
/** RFC 8314 §3.3 (POP3S) and RFC 1939 §3 (POP3, also for STLS per RFC 2595 §4). */
const DEFAULT_PORT: Record<Security, number> = { tls: 995, starttls: 110, none: 110 };

export const probe: CliCommand = {
  summary: 'test a POP3 server and account (or with --smtp an outgoing server): security, certificate, login, capabilities',
  async run(args: string[], io: CliIo): Promise<number> {
    if (args.slice(0, args.includes('--') ? args.indexOf('--') : args.length).includes('--smtp')) return probeSmtp(args, io);
    const options = await parseProbeArgs(args, io);
    const started = Date.now();
    try {
      const client = await Pop3Client.connect(options.connect);
      const stat = await client.stat();
      const quit = await client.quit();
      const report: ProbeReport = { facts: client.facts, stat, quitAcknowledged: quit.acknowledged, ms: Date.now() - started };
      io.out(options.json ? JSON.stringify(probeJson(report)) : formatProbe(report));
      return EXIT_OK;
    } catch (error) {
      if (!isPop3Error(error)) throw error;
      if (options.json) io.out(JSON.stringify({ ok: false, error: { ...error.toJSON(), description: describePop3Error(error) } }));
      else {
        const pin = error.tls?.fingerprint256
          ? `\n\nIf you have checked with your provider that this is your server's certificate, trust it for this account with:\n  --fingerprint ${error.tls.fingerprint256}`
          : '';
        io.err(`Could not check ${options.connect.host}:${options.connect.port} (${error.code}).\n\n${describePop3Error(error)}${pin}`);
      }
      return EXIT_FAILED;
    }
  },
};

async function parseProbeArgs(args: string[], io: CliIo) {
  const { values } = parseOptions(
    {
      args,
      strict: true,
      allowPositionals: false,
      options: { ...PROBE_OPTIONS, security: { type: 'string', default: 'tls' }, auth: { type: 'string', default: 'auto' } },
    },
    USAGE,
  );
  const fail = (message: string): never => {
    throw new UsageError(message, USAGE);
  };
  const host = values.host?.trim() || fail('--host is required');
  const user = values.user || fail('--user is required');
  const security = (SECURITY as readonly string[]).includes(values.security)
    ? (values.security as Security)
    : fail(`--security must be one of ${SECURITY.join(', ')}`);
  const auth = (AUTH as readonly string[]).includes(values.auth)
    ? (values.auth as AuthPreference)
    : fail(`--auth must be one of ${AUTH.join(', ')}`);
  const port = values.port === undefined ? DEFAULT_PORT[security] : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a number from 1 to 65535, not '${values.port}'`);
  checkFingerprint(values.fingerprint, fail);
  if (security === 'none' && (values['ca-file'] || values.fingerprint)) fail('--ca-file and --fingerprint need --security tls or starttls');

  if (passwordSourceCount(values) !== 1) fail(ONE_PASSWORD_SOURCE);
  const password = await readPassword(values, io, fail);

  const trust: TlsTrust = {};
  const caPem = await readCaFile(values['ca-file'], fail);
  if (caPem !== undefined) Object.assign(trust, { caPem });
  if (values.fingerprint) Object.assign(trust, { fingerprint256: values.fingerprint });
  return {
    json: values.json,
    connect: { host, port, security, auth, trust, credentials: { kind: 'password' as const, user, password } },
  };
}
