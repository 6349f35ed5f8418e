// A private Postfix (3.7, Debian package postfix) per test suite, in front of a Dovecot fixture:
// its own config dir (main.cf, master.cf), queue and data dirs and log in a temp dir, three
// smtpd ports on 127.0.0.1, SASL through Dovecot's auth service, and delivery by virtual(8)
// into the Dovecot users' Maildirs, so a test sends by SMTP and downloads the message by POP3.
//
// Facts that cost time (checked on Debian 12, Postfix 3.7.11, as root):
// - `postfix -c DIR start` with a non-default DIR needs no alternate_config_directories when
//   run as root (the check applies to other users only). The package's "No configuration"
//   install leaves /etc/postfix without main.cf, which is fine: only meta_directory
//   (/etc/postfix: postfix-files, dynamicmaps.cf) is read from there, so set it explicitly.
// - The master is daemonized (its own session: pgid = pid); its pid is in
//   queue_directory/pid/master.pid. `postfix start` creates the queue subdirectories itself
//   (post-install create-missing) owned by mail_owner, and needs setgid_group (postdrop) to
//   exist: the package creates both `postfix` and `postdrop`.
// - Every service runs unchrooted (column 5 = n): a chroot would need copies of /etc files and
//   of the Dovecot socket inside queue_directory.
// - No syslog here: `maillog_file` works only with the `postlog` service in master.cf, and only
//   under a maillog_file_prefixes entry (default /var, /dev/stdout): outside them every postfix
//   command, `check` included, exits 1 without a word on stdout or stderr.
// - Nothing may leave the machine: default_transport and relay_transport are `error:`, so an
//   authenticated relay attempt bounces locally instead of looking up MX records.
// - An unknown recipient is refused at RCPT (550 5.1.1 "User unknown in virtual mailbox table")
//   because the domain is a virtual mailbox domain with virtual_mailbox_maps; local(8) and
//   local_recipient_maps would need system users, which the Dovecot fixture's users are not.
// - virtual(8) writes as virtual_uid_maps' uid (Dovecot's mail owner), and refuses uids below
//   virtual_minimum_uid (default 100); virtual_mailbox_limit (default 51200000) must not be
//   smaller than message_size_limit, so it is 0 (no limit).
// - `texthash:` maps need no postmap (no Berkeley DB file).
// - cleanup(8) adds Date: and Message-ID: to a submitted message that lacks them, and delivery
//   puts Return-Path:, Delivered-To: and Received: on top: compare what follows those.
// - The submission ports reject unauthenticated RCPT (smtpd_client_restrictions) as RFC 6409
//   §4.3 allows; the plain port offers AUTH without TLS (smtpd_tls_auth_only=no) for the
//   `none` mode and refuses relaying (554 5.7.1) to anyone unauthenticated.
// - Dovecot: Postfix needs its own auth socket, `service auth { unix_listener … }`, given to the
//   Dovecot fixture as extraConfig (dovecotAuthForPostfix below); `service` sections with the
//   same name merge. The path is relative to Dovecot's base_dir.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DovecotInstance } from './dovecot.ts';
import { testCertificates } from './servers/certs.ts';
import {
  freePorts,
  liveProcessesInGroup,
  readPidFile,
  sleep,
  stopGroup,
  stopOnce,
  tail,
  trackTemp,
  untrackTemp,
  waitForMaster,
} from './servers/processes.ts';
import { seconds } from './timeouts.ts';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
const AUTH_SOCKET = 'postfix-auth';

/** The mail domain of the Dovecot fixture's users: `name@poplar.test`. */
export const MAIL_DOMAIN = 'poplar.test';

/** `poplar account add|set` options for this Postfix's submission port: STARTTLS, trusting `caFile` (the Dovecot fixture's CA). */
export function submissionOptions(postfix: Pick<PostfixInstance, 'host' | 'submissionPort'>, caFile: string): string[] {
  return [
    '--smtp-host',
    postfix.host,
    '--smtp-port',
    String(postfix.submissionPort),
    '--smtp-security',
    'starttls',
    '--smtp-ca-file',
    caFile,
  ];
}

/** extraConfig for startDovecot: an auth socket Postfix's smtpd (user `postfix`) may use. */
export function dovecotAuthForPostfix(): string {
  return `service auth {\n  unix_listener ${AUTH_SOCKET} {\n    mode = 0600\n    user = postfix\n    group = postfix\n  }\n}\n`;
}

export interface PostfixInstance {
  host: '127.0.0.1';
  /** Submission (RFC 6409): STARTTLS required (smtpd_tls_security_level = encrypt), AUTH required. */
  submissionPort: number;
  /** Implicit TLS (RFC 8314 §3.3, smtpd_tls_wrappermode), AUTH required. */
  tlsPort: number;
  /** No TLS required; AUTH offered in the clear; relaying refused without AUTH. */
  plainPort: number;
  /** What the server announces as SIZE (RFC 1870) and enforces. */
  messageSizeLimit: number;
  configDir: string;
  dir: string;
  pid: number;
  /** `user@poplar.test` for a Dovecot fixture user. */
  address(user: string): string;
  logText(): Promise<string>;
  /** `postfix -c DIR stop`, then waits until the master and its children are gone; removes the temp dir. */
  stop(): Promise<void>;
}

export interface PostfixOptions {
  /** Started with `extraConfig: dovecotAuthForPostfix()`. */
  dovecot: DovecotInstance;
  /** The Dovecot fixture's user names (each gets a mailbox). */
  users: string[];
  /** message_size_limit in bytes (default 10 MiB). */
  messageSizeLimit?: number;
}

function mailOwner(): { uid: number; gid: number } {
  // The Dovecot fixture's mail belongs to the `dovecot` user when run as root, else to us.
  if ((process.getuid?.() ?? 0) !== 0) return { uid: os.userInfo().uid, gid: os.userInfo().gid };
  const fields = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('dovecot:'))
    ?.split(':');
  if (fields === undefined || fields.length < 4) throw new Error('no `dovecot` user in /etc/passwd');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function mainCf(dir: string, dovecot: DovecotInstance, sizeLimit: number): string {
  const owner = mailOwner();
  return `# Generated by tests/support/postfix.ts
compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${dir}/postfix.log
maillog_file_prefixes = ${dir}
syslog_name = postfix-${path.basename(dir)}
myhostname = smtp.${MAIL_DOMAIN}
mydomain = ${MAIL_DOMAIN}
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_peername_lookup = no
biff = no
alias_maps =
alias_database =
local_recipient_maps =
default_transport = error:5.7.1 delivery outside the test domain is disabled
relay_transport = error:5.7.1 delivery outside the test domain is disabled
message_size_limit = ${sizeLimit}
mailbox_size_limit = 0
virtual_mailbox_limit = 0
virtual_mailbox_domains = ${MAIL_DOMAIN}
virtual_mailbox_base = ${dovecot.dir}/home
virtual_mailbox_maps = texthash:${dir}/conf/mailboxes
virtual_uid_maps = static:${owner.uid}
virtual_gid_maps = static:${owner.gid}
virtual_minimum_uid = ${Math.min(owner.uid, 100)}
virtual_transport = virtual
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${dovecot.dir}/run/${AUTH_SOCKET}
smtpd_sasl_auth_enable = yes
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_cert_file = ${dir}/conf/server.pem
smtpd_tls_key_file = ${dir}/conf/server.key
smtpd_tls_session_cache_database =
tls_random_source = dev:/dev/urandom
`;
}

function masterCf(submissionPort: number, tlsPort: number, plainPort: number): string {
  const submission = '  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n';
  const services = [
    ['pickup', 'unix', 'n', '60', '1', 'pickup'],
    ['cleanup', 'unix', 'n', '-', '0', 'cleanup'],
    ['qmgr', 'unix', 'n', '300', '1', 'qmgr'],
    ['tlsmgr', 'unix', '-', '1000?', '1', 'tlsmgr'],
    ['rewrite', 'unix', '-', '-', '-', 'trivial-rewrite'],
    ['bounce', 'unix', '-', '-', '0', 'bounce'],
    ['defer', 'unix', '-', '-', '0', 'bounce'],
    ['trace', 'unix', '-', '-', '0', 'bounce'],
    ['verify', 'unix', '-', '-', '1', 'verify'],
    ['flush', 'unix', 'n', '1000?', '0', 'flush'],
    ['proxymap', 'unix', '-', '-', '-', 'proxymap'],
    ['proxywrite', 'unix', '-', '-', '1', 'proxymap'],
    ['showq', 'unix', 'n', '-', '-', 'showq'],
    ['error', 'unix', '-', '-', '-', 'error'],
    ['retry', 'unix', '-', '-', '-', 'error'],
    ['discard', 'unix', '-', '-', '-', 'discard'],
    ['virtual', 'unix', '-', '-', '-', 'virtual', 'n'],
    ['anvil', 'unix', '-', '-', '1', 'anvil'],
    ['scache', 'unix', '-', '-', '1', 'scache'],
    ['postlog', 'unix-dgram', 'n', '-', '1', 'postlogd'],
  ];
  // service type private unpriv chroot wakeup maxproc command; nothing chrooted (see the top).
  // virtual(8) alone runs privileged (unpriv = n): it switches to the mailbox owner's uid, and
  // otherwise exits with "service virtual requires privileged operation".
  const lines = services.map(
    ([name, type, priv, wakeup, max, cmd, unpriv = '-']) => `${name} ${type} ${priv} ${unpriv} n ${wakeup} ${max} ${cmd}`,
  );
  return (
    `# Generated by tests/support/postfix.ts\n` +
    `127.0.0.1:${submissionPort} inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\n${submission}` +
    `127.0.0.1:${tlsPort} inet n - n - - smtpd\n  -o syslog_name=postfix/smtps\n  -o smtpd_tls_wrappermode=yes\n${submission}` +
    `127.0.0.1:${plainPort} inet n - n - - smtpd\n  -o syslog_name=postfix/plain\n  -o smtpd_tls_auth_only=no\n` +
    lines.join('\n') +
    '\n'
  );
}

async function postfix(configDir: string, command: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(POSTFIX, ['-c', configDir, command], { timeout: seconds(30) });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`postfix ${command} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
  }
}

/** `postfix start`, then waits for master.pid and a 220 greeting on the plain port. */
async function launch(dir: string, configDir: string, plainPort: number): Promise<number> {
  const log = path.join(dir, 'postfix.log');
  // No kill here: the caller runs stopMaster, which tries `postfix stop` first.
  const fail = async (why: string): Promise<never> => {
    throw new Error(`Postfix did not start (${why}).\n--- ${log} ---\n${await tail(log)}`);
  };
  await postfix(configDir, 'check');
  await postfix(configDir, 'start');
  return waitForMaster(path.join(dir, 'queue', 'pid', 'master.pid'), plainPort, '220', Date.now() + seconds(15), (why) => fail(why));
}

export async function startPostfix(opts: PostfixOptions): Promise<PostfixInstance> {
  const certs = await testCertificates(); // the same CA and server certificate as Dovecot's
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-'));
  trackTemp(dir);
  await chmod(dir, 0o755); // postfix-owned daemons traverse it
  const configDir = path.join(dir, 'conf');
  await mkdir(configDir, { mode: 0o755 });
  await mkdir(path.join(dir, 'queue'), { mode: 0o755 }); // owned by root, as postfix check wants
  await mkdir(path.join(dir, 'data'), { mode: 0o700 });
  if ((process.getuid?.() ?? 0) === 0) await run('chown', ['postfix:postfix', path.join(dir, 'data')]);
  await writeFile(path.join(configDir, 'server.pem'), certs.server.cert);
  await writeFile(path.join(configDir, 'server.key'), certs.server.key, { mode: 0o600 });
  // virtual(8) map: address → Maildir path under virtual_mailbox_base (the trailing slash means Maildir).
  const mailboxes = opts.users.map((user) => `${user}@${MAIL_DOMAIN} ${user}/Maildir/`).join('\n');
  await writeFile(path.join(configDir, 'mailboxes'), mailboxes + '\n');
  const messageSizeLimit = opts.messageSizeLimit ?? 10 * 1024 * 1024;
  await writeFile(path.join(configDir, 'main.cf'), mainCf(dir, opts.dovecot, messageSizeLimit));

  let pid: number | undefined;
  let ports = { submission: 0, tls: 0, plain: 0 };
  // Another process may take a port between our probe and the master's bind: retry with new ones.
  for (let attempt = 1; pid === undefined; attempt++) {
    const [submission = 0, tls = 0, plain = 0] = await freePorts(3);
    ports = { submission, tls, plain };
    await writeFile(path.join(configDir, 'master.cf'), masterCf(ports.submission, ports.tls, ports.plain));
    try {
      pid = await launch(dir, configDir, ports.plain);
    } catch (error) {
      await stopMaster(dir, configDir);
      if (attempt >= 3 || !/address already in use/i.test(String(error))) {
        untrackTemp(dir);
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const masterPid = pid;
  const stop = stopOnce(async () => {
    await stopMaster(dir, configDir, masterPid);
    untrackTemp(dir);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    host: '127.0.0.1',
    submissionPort: ports.submission,
    tlsPort: ports.tls,
    plainPort: ports.plain,
    messageSizeLimit,
    configDir,
    dir,
    pid: masterPid,
    address: (user) => `${user}@${MAIL_DOMAIN}`,
    logText: () => readFile(path.join(dir, 'postfix.log'), 'utf8').catch(() => ''),
    stop,
  };
}

/** `postfix stop` (the master stops its children), then TERM/KILL to the group if anything lives on. */
async function stopMaster(dir: string, configDir: string, known?: number): Promise<void> {
  const pid = known ?? (await readPidFile(path.join(dir, 'queue', 'pid', 'master.pid')));
  if (pid === undefined) return;
  await postfix(configDir, 'stop').catch(() => undefined);
  const until = Date.now() + seconds(10);
  while (liveProcessesInGroup(pid).length > 0 && Date.now() < until) await sleep(25);
  await stopGroup(pid, 2_000);
}
