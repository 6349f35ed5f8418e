// A private Dovecot (2.3) POP3 server per test suite: its own config, base_dir, state_dir,
// log and ports in a temp dir, so suites never share a mailbox or a lock with each other or
// with a system Dovecot. Facts behind each setting are in TESTING.md.
//
// Privileges. As root (the verified case) Dovecot drops to the `dovecot`/`dovenull` system
// users and mail belongs to the `dovecot` uid. A non-root user needs default_internal_user,
// default_internal_group and default_login_user set to itself (the master chowns its sockets
// to the internal group), the auth and auth-worker services running as itself instead of
// root, mail owned by its own uid (first_valid_uid allowing it), and ports above 1024 (ours
// are: the kernel hands them out). That branch is below; it was tried once as `nobody`
// (login and STAT worked), but only the root branch runs in CI.
//
// LOGIN-DELAY: Dovecot 2.3 cannot announce it. Neither pop3-login nor pop3 contains the
// string (their CAPA is fixed: TOP, UIDL, RESP-CODES, PIPELINING, AUTH-RESP-CODE, STLS, USER,
// SASL), and no setting or userdb field adds it. Tests of LOGIN-DELAY handling need a scripted
// server; we do not fake it here.
import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seconds } from './timeouts.ts';

const run = promisify(execFile);

export interface DovecotUser {
  name: string;
  password: string;
}

export interface DovecotInstance {
  host: '127.0.0.1';
  /** Plain POP3; STLS is offered. */
  port: number;
  /** Implicit TLS (POP3S). */
  tlsPort: number;
  /** PEM file of the CA that signed the server certificate (SAN IP:127.0.0.1, DNS:localhost). */
  caFile: string;
  caPem: string;
  /** SHA-256 of the server certificate, "AA:BB:…", as Node's X509Certificate.fingerprint256. */
  serverCertFingerprint256: string;
  /** Dovecot's config file, for `doveadm -c`. */
  configFile: string;
  dir: string;
  pid: number;
  /** Appends messages to the user's Maildir; Dovecot gives them UIDs in this order. */
  seed(user: string, messages: Array<string | Buffer>): Promise<void>;
  logText(): Promise<string>;
  /** Stops Dovecot (TERM, then KILL), waits until it is gone, removes the temp dir. */
  stop(): Promise<void>;
}

export interface StartOptions {
  users: DovecotUser[];
  /** Appended to the generated config (later settings win). */
  extraConfig?: string;
}

interface Certs {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let certsOnce: Promise<Certs> | undefined;

/** One CA and one server certificate per process: openssl is slow enough to matter. */
function certificates(): Promise<Certs> {
  certsOnce ??= generateCertificates().catch((error: unknown) => {
    certsOnce = undefined; // let the next suite try again instead of caching the failure
    throw error;
  });
  return certsOnce;
}

async function generateCertificates(): Promise<Certs> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pc-'));
  const f = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'),
      '-days', '30', '-subj', '/CN=Poplar Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await run('openssl', ['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
    await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
    await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'),
      '-set_serial', `0x${Date.now().toString(16)}`, '-days', '30', '-extfile', f('ext.cnf'), '-out', f('server.pem')]);
    const [caPem, certPem, keyPem] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((n) => readFile(f(n), 'utf8')));
    return { caPem: caPem ?? '', certPem: certPem ?? '', keyPem: keyPem ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Account {
  user: string;
  group: string;
  uid: number;
  gid: number;
}

/** Whom Dovecot runs as and who owns the mail; see the comment at the top. */
function account(): Account {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    const me = os.userInfo();
    const group = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':'))
      .find((f) => Number(f[2]) === me.gid)?.[0];
    if (group === undefined) throw new Error(`no group ${me.gid} in /etc/group`);
    return { user: me.username, group, uid: me.uid, gid: me.gid };
  }
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('dovecot:'));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) throw new Error('no `dovecot` user in /etc/passwd');
  return { user: 'dovecot', group: 'dovecot', uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function config(dir: string, acct: Account, root: boolean, port: number, tlsPort: number, extra: string): string {
  const users = path.join(dir, 'users');
  const asRoot = root
    ? 'default_internal_user = dovecot\ndefault_login_user = dovenull\n'
    : `default_internal_user = ${acct.user}\ndefault_internal_group = ${acct.group}\n` +
      `default_login_user = ${acct.user}\n` +
      `service auth {\n  user = ${acct.user}\n}\nservice auth-worker {\n  user = ${acct.user}\n}\n`;
  return `# Generated by tests/support/dovecot.ts
instance_name = poplar-${path.basename(dir)}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = pop3
listen = 127.0.0.1
${asRoot}first_valid_uid = ${acct.uid}
first_valid_gid = ${acct.gid}
mail_location = maildir:~/Maildir
ssl = yes
ssl_cert = <${dir}/server.pem
ssl_key = <${dir}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5
auth_verbose = yes
pop3_lock_session = yes
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${users}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${users}
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = ${tlsPort}
    ssl = yes
  }
}
service anvil {
  chroot =
}
${extra}
`;
}

const running = new Set<number>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * Best effort for an aborted run, so no Dovecot outlives the test process: on exit and on
 * the usual termination signals, KILL every running instance's process group and remove the
 * temp dirs (exit handlers cannot wait, so no graceful TERM here). SIGKILL of the test
 * process itself cannot be caught; an instance then keeps running until killed by hand.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanup = (): void => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
    running.clear();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanup();
      // Our listener replaced the default action; restore it unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Dovecot's master daemonizes with setsid(), so its children share its process group. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Live (not zombie) processes in the group `pgid`: the master and every child it forked.
 * An exited process stays a zombie until its parent reaps it, and a daemonized master's
 * parent is init, which may reap only every few seconds; kill(pid, 0) still succeeds on a
 * zombie, so on Linux we read /proc instead.
 */
export function liveProcessesInGroup(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return alive(pgid) ? [pgid] : []; // no /proc: the master alone, zombies included
  }
  const live: number[] = [];
  for (const name of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') live.push(Number(name));
  }
  return live;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (liveProcessesInGroup(pgid).length > 0) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

/** Resolves with the first line the server sends, or rejects. */
function greeting(port: number, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (error: Error | null): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(text.split('\r\n')[0] ?? '');
    };
    socket.setTimeout(ms, () => done(new Error('no greeting')));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(null);
    });
    socket.on('error', done);
  });
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '(no log)');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Runs `dovecot -c` (which daemonizes) and waits for master.pid and a `+OK` greeting. */
async function launch(dir: string, configFile: string, port: number): Promise<number> {
  const log = path.join(dir, 'dovecot.log');
  // stderr goes to a file, not a pipe: the daemonized master may inherit a pipe and keep it open.
  const errFile = path.join(dir, 'launch.err');
  const errFd = openSync(errFile, 'w');
  const launcher = spawn('/usr/sbin/dovecot', ['-c', configFile], { stdio: ['ignore', 'ignore', errFd] });
  closeSync(errFd);
  const code = await new Promise<number | null>((resolve) => {
    launcher.on('exit', resolve);
    launcher.on('error', () => resolve(null));
  });
  const stderr = await readFile(errFile, 'utf8').catch(() => '');
  const pidFile = path.join(dir, 'run', 'master.pid');
  const until = Date.now() + seconds(10);
  let pid = await readPid(pidFile);
  const fail = async (why: string): Promise<never> => {
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
    throw new Error(`Dovecot did not start (${why}).\n${stderr.trim()}\n--- ${log} ---\n${await tail(log)}`);
  };
  if (code !== 0) return fail(`dovecot exited with ${code}`);
  while (pid === undefined) {
    if (Date.now() > until) return fail('no master.pid');
    await sleep(25);
    pid = await readPid(pidFile);
  }
  running.add(pid);
  for (;;) {
    const line = await greeting(port, 2_000).catch(() => '');
    if (line.startsWith('+OK')) return pid;
    if (!liveProcessesInGroup(pid).includes(pid)) return fail('master exited');
    if (Date.now() > until) return fail(`no +OK greeting on port ${port}, got ${JSON.stringify(line)}`);
    await sleep(50);
  }
}

export async function startDovecot(opts: StartOptions): Promise<DovecotInstance> {
  installExitHook();
  const root = (process.getuid?.() ?? 0) === 0;
  const acct = account();
  const certs = await certificates();
  // Short path: Dovecot's unix sockets live under base_dir and sun_path holds ~108 bytes.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pd-'));
  tempDirs.add(dir);
  await chmod(dir, 0o755); // the dovecot users must traverse it
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, certs.caPem);
  await writeFile(path.join(dir, 'server.pem'), certs.certPem);
  await writeFile(path.join(dir, 'server.key'), certs.keyPem, { mode: 0o600 }); // read by the root config process

  const homes = path.join(dir, 'home');
  await mkdir(homes, { mode: 0o755 });
  const passwd: string[] = [];
  for (const user of opts.users) {
    const home = path.join(homes, user.name);
    for (const sub of ['', '/Maildir', '/Maildir/cur', '/Maildir/new', '/Maildir/tmp']) {
      await mkdir(home + sub, { mode: 0o700 });
      if (root) await chown(home + sub, acct.uid, acct.gid);
    }
    // user:{PLAIN}password:UID:GID:GECOS:HOME — {PLAIN} keeps CRAM-MD5 possible.
    passwd.push(`${user.name}:{PLAIN}${user.password}:${acct.uid}:${acct.gid}::${home}`);
  }
  await writeFile(path.join(dir, 'users'), passwd.join('\n') + '\n', { mode: 0o644 });

  const configFile = path.join(dir, 'dovecot.conf');
  let pid: number | undefined;
  let port = 0;
  let tlsPort = 0;
  // Another process may take a port between our probe and Dovecot's bind: retry with new ones.
  for (let attempt = 1; pid === undefined; attempt++) {
    port = await freePort();
    tlsPort = await freePort();
    if (tlsPort === port) continue;
    await writeFile(configFile, config(dir, acct, root, port, tlsPort, opts.extraConfig ?? ''));
    try {
      pid = await launch(dir, configFile, port);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Address already in use')) {
        tempDirs.delete(dir);
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const masterPid = pid;

  let counter = 0;
  const seed = async (user: string, messages: Array<string | Buffer>): Promise<void> => {
    if (!opts.users.some((u) => u.name === user)) throw new Error(`unknown user ${user}`);
    const maildir = path.join(homes, user, 'Maildir');
    for (const message of messages) {
      counter++;
      // Dovecot gives UIDs to new/ files sorted by the time in their names: seconds, then the
      // .M microseconds, compared as numbers (checked on 2.3.19; neither readdir nor creation
      // order counts). One increasing second per message fixes the order across seed() calls.
      const name = `${1_700_000_000 + counter}.M${String(counter).padStart(6, '0')}P${process.pid}.poplar`;
      const tmp = path.join(maildir, 'tmp', name);
      await writeFile(tmp, message, { mode: 0o600 });
      if (root) await chown(tmp, acct.uid, acct.gid);
      await rename(tmp, path.join(maildir, 'new', name)); // Maildir delivery: tmp/ then new/
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(masterPid, 'SIGTERM'); // master shuts its children down
    if (!(await waitGone(masterPid, 5_000))) {
      killGroup(masterPid, 'SIGKILL');
      await waitGone(masterPid, 5_000);
    }
    running.delete(masterPid);
    tempDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  };

  const fingerprint = new X509Certificate(certs.certPem).fingerprint256;
  return {
    host: '127.0.0.1', port, tlsPort, caFile, caPem: certs.caPem, serverCertFingerprint256: fingerprint,
    configFile, dir, pid: masterPid, seed,
    logText: () => readFile(path.join(dir, 'dovecot.log'), 'utf8'),
    stop,
  };
}
