// What popa3d and solid-pop3d fixtures share (TESTING.md, "Other real POP3 servers"): both
// are inetd-style servers — one process per connection, the socket on stdin/stdout — run
// here under tcpserver (ucspi-tcp) on 127.0.0.1 with a port the kernel chooses. Both log in
// system accounts through PAM and serve the mbox /var/mail/USER, so a fixture creates a real
// system user (useradd + chpasswd, removed again at stop) and writes that mbox.
//
// Locks, as the servers see them:
//   - an fcntl (POSIX) write lock on the mbox, as a mail delivery or another mail program
//     holds it: both servers block in fcntl(F_SETLKW) after PASS, silently, until it goes.
//     flock(1) would take a flock(2) lock, which these servers do not see, so the holder is a
//     small python3 child calling fcntl.lockf; it holds until killed (or a set time).
//   - a dot-lock /var/mail/USER.lock, as an MDA leaves while it delivers: solid-pop3d
//     (liblockfile) gives up after about 5 s with a text and no response code.
//
// Everything started here is stopped by its process id (tcpserver's process group, which
// holds every per-connection server process; the lock holder by its pid). .ci/install-
// inetd-pop3.sh unpacks the servers under /opt/poplar-test-servers; this runs as root.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { chown, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { promisify } from 'node:util';
import { firstLine, onAbort, sleep, stopGroup, trackGroup } from './processes.ts';
import { rawPop3, type RawPop3 } from './raw-pop3.ts';

const run = promisify(execFile);

/** Where .ci/install-inetd-pop3.sh unpacks each server (NAME/usr/sbin/…, NAME/VERSION). */
export const INETD_ROOT = '/opt/poplar-test-servers';
export const TCPSERVER = '/usr/bin/tcpserver';
export const PYTHON3 = '/usr/bin/python3';
export const MAIL_SPOOL = '/var/mail';

// ── cleanup of an aborted run ────────────────────────────────────────────────────────────────

const lockHolders = new Set<number>();
const systemUsers = new Set<string>();
let cleanupRegistered = false;

/**
 * Best effort for an aborted run (processes.ts KILLs the tcpserver groups): KILL every lock
 * holder we started and delete the users we made, synchronously, as exit handlers cannot wait.
 */
function installExitHook(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  onAbort(() => {
    for (const pid of lockHolders) signalPid(pid, 'SIGKILL');
    lockHolders.clear();
    for (const name of systemUsers) removeUserSync(name);
    systemUsers.clear();
  });
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

// ── versions ─────────────────────────────────────────────────────────────────────────────────

/** The Debian version the install script unpacked, e.g. "1.0.3-1.1" (from NAME/VERSION). */
export function debianVersion(name: string): string {
  return readFileSync(`${INETD_ROOT}/${name}/VERSION`, 'utf8').trim();
}

/** For the compatibility table: "1.0.3 (Debian popa3d 1.0.3-1.1)". */
export function compatVersion(name: string): string {
  const debian = debianVersion(name);
  const upstream = debian.replace(/^\d+:/, '').replace(/-[^-]+$/, '');
  return `${upstream} (Debian ${name} ${debian})`;
}

// ── tcpserver ────────────────────────────────────────────────────────────────────────────────

export interface InetdServer {
  readonly name: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** tcpserver's pid, also the process group of every connection's server process. */
  readonly pid: number;
  /** The first line the server sent to the readiness probe. */
  readonly greeting: string;
  /** What tcpserver logged (-v): one line per connection, for failure messages. */
  log(): string;
  /** TERM to the group, KILL after 5 s; resolves when every process of it is gone. */
  stop(): Promise<void>;
}

/** The TCP port a process listens on, from /proc: its socket fds' inodes in /proc/net/tcp. */
function listeningPort(pid: number): number | null {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode": st 0A = LISTEN.
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] === '0A' && f[9] !== undefined && inodes.has(f[9])) return Number.parseInt(f[1]?.split(':')[1] ?? '', 16);
  }
  return null;
}

/**
 * Starts `tcpserver -RHl0 127.0.0.1 0 PROGRAM ARGS…` (no ident or DNS look-ups; port 0, so
 * the kernel picks a free one and no probe-then-bind race exists), finds the port it bound,
 * and waits for a `+OK` greeting from the server behind it.
 */
export async function startInetdServer(name: string, argv: readonly string[]): Promise<InetdServer> {
  installExitHook();
  // detached: tcpserver leads its own process group, which its forked connections join, so
  // one kill(-pid) stops them all — a server process blocked on a lock included.
  const child = spawn(TCPSERVER, ['-v', '-RH', '-l', '0', '127.0.0.1', '0', ...argv], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`tcpserver for ${name} did not start`);
  trackGroup(pid);
  const logLines: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    logLines.push(...text.split('\n').filter(Boolean));
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const log = (): string => logLines.join('\n');

  const stop = (): Promise<void> => stopGroup(pid, 5_000);

  const until = Date.now() + 10_000;
  let port: number | null = null;
  while (port === null) {
    if (exited !== undefined) throw new Error(`tcpserver for ${name} exited with ${exited}:\n${log()}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`tcpserver for ${name} bound no port:\n${log()}`);
    }
    await sleep(20);
    port = listeningPort(pid);
  }
  const greeting = await firstLine(port, 5_000).catch(async (error: unknown) => {
    await stop();
    throw new Error(`${name} on port ${port} sent no greeting (${String(error)}):\n${log()}`);
  });
  if (!greeting.startsWith('+OK')) {
    await stop();
    throw new Error(`${name} on port ${port} greeted with ${JSON.stringify(greeting)}:\n${log()}`);
  }
  return { name, host: '127.0.0.1', port, pid, greeting, log, stop };
}

// ── system users and their mbox ──────────────────────────────────────────────────────────────

export interface SystemUser {
  readonly name: string;
  readonly password: string;
  readonly uid: number;
  /** /var/mail/NAME */
  readonly mbox: string;
  /** /var/mail/NAME.lock, the dot-lock an MDA creates while delivering. */
  readonly dotLock: string;
  /** Deletes the user and group, the mbox and any dot-lock. */
  remove(): Promise<void>;
}

function removeUserSync(name: string): void {
  for (const file of [`${MAIL_SPOOL}/${name}`, `${MAIL_SPOOL}/${name}.lock`]) rmSync(file, { force: true });
  try {
    execFileSync('userdel', [name], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('userdel', ['--force', name], { stdio: 'ignore' });
    } catch {
      // gone already, or nothing more we can do here
    }
  }
}

/**
 * A new system account with a random name (pt + 10 hex digits: both servers take it, and no
 * real account is ever touched) and a random password, no home directory and no shell.
 * popa3d refuses empty passwords and uid 0 (popa3d(8)); this has neither.
 */
export async function createSystemUser(): Promise<SystemUser> {
  installExitHook();
  const name = `pt${randomBytes(5).toString('hex')}`;
  const password = `Pw-${randomBytes(12).toString('base64url')}`;
  await run('useradd', [
    '--no-create-home',
    '--home-dir',
    '/nonexistent',
    '--shell',
    '/usr/sbin/nologin',
    '--comment',
    'Poplar test user',
    name,
  ]);
  systemUsers.add(name);
  await new Promise<void>((resolve, reject) => {
    const p = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd exited ${code}: ${err}`))));
    p.stdin.end(`${name}:${password}\n`);
  });
  const { stdout } = await run('id', ['-u', name]);
  const uid = Number(stdout.trim());
  const mbox = `${MAIL_SPOOL}/${name}`;
  return {
    name,
    password,
    uid,
    mbox,
    dotLock: `${mbox}.lock`,
    remove: async () => {
      systemUsers.delete(name);
      removeUserSync(name);
    },
  };
}

/** The mail group's gid: the spool's owner group on Debian (/var/mail is root:mail 2775). */
async function mailGid(): Promise<number> {
  const line = (await readFile('/etc/group', 'utf8')).split('\n').find((l) => l.startsWith('mail:'));
  const gid = Number(line?.split(':')[2]);
  if (!Number.isInteger(gid)) throw new Error('no group `mail` in /etc/group');
  return gid;
}

/** The "From " line that starts each message of an mbox (mbox(5)): sender and a ctime date. */
const FROM_LINE = 'From poplar-test@example.org Thu Jan  1 00:00:00 2026';

/**
 * `messages` as an mbox (mbox(5)): each message after a "From " line, with LF line ends (an
 * mbox on disk has them; the servers send CRLF), body lines starting with "From " (or
 * ">From ") quoted with one more ">" as an MDA does, and a blank line after each message.
 * Neither server un-quotes ">From " (checked), so test messages should avoid such lines if
 * a test compares bytes with the seed; the stored bytes are compared with what RETR serves.
 */
export function mboxText(messages: readonly (string | Buffer)[]): string {
  return messages
    .map((m) => {
      const lf = (typeof m === 'string' ? m : m.toString('latin1')).replace(/\r\n/g, '\n');
      const body = lf.endsWith('\n') ? lf : `${lf}\n`;
      return `${FROM_LINE}\n${body.replace(/^(>*From )/gm, '>$1')}\n`;
    })
    .join('');
}

/** Replaces the user's mbox with `messages`, owned by the user and group mail, mode 0660 (as Debian's MDAs leave it). */
export async function writeMbox(user: SystemUser, messages: readonly (string | Buffer)[]): Promise<void> {
  await writeFile(user.mbox, mboxText(messages), { encoding: 'latin1', mode: 0o660 });
  await chown(user.mbox, user.uid, await mailGid());
}

// ── locks ────────────────────────────────────────────────────────────────────────────────────

export interface HeldLock {
  /** The holder's pid. */
  readonly pid: number;
  /** When the lock was taken (Date.now of the parent when the child said so). */
  readonly since: number;
  /** Kills the holder by its pid (the kernel drops its lock) and waits for it to exit. */
  release(): Promise<void>;
}

// lockf(LOCK_EX) is fcntl(F_SETLKW, F_WRLCK) on the whole file: the POSIX lock procmail,
// Exim, Postfix's local(8) and mutt take on an mbox. The child says "locked" once it holds
// it, then holds until its stdin closes (our end, or our death) or the given seconds pass.
const LOCK_HOLDER = [
  'import fcntl, sys, time',
  'f = open(sys.argv[1], "r+")',
  'fcntl.lockf(f, fcntl.LOCK_EX)',
  'print("locked", flush=True)',
  'time.sleep(float(sys.argv[2])) if len(sys.argv) > 2 else sys.stdin.read()',
].join('\n');

/**
 * Takes an fcntl write lock on `file` in a child process and holds it until `release()`, or
 * until `releaseAfterMs` has passed (measured from when the lock was taken).
 */
export async function holdFcntlLock(file: string, opts: { releaseAfterMs?: number } = {}): Promise<HeldLock> {
  installExitHook();
  const args = ['-c', LOCK_HOLDER, file, ...(opts.releaseAfterMs !== undefined ? [String(opts.releaseAfterMs / 1000)] : [])];
  const child: ChildProcess = spawn(PYTHON3, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the lock holder did not start');
  lockHolders.add(pid);
  const exited = new Promise<void>((resolve) =>
    child.on('close', () => {
      lockHolders.delete(pid);
      resolve();
    }),
  );
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (t: string) => (err += t));
  const since = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no fcntl lock on ${file} within 5 s: ${err}`)), 5_000);
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      if (t.includes('locked')) {
        clearTimeout(timer);
        resolve(Date.now());
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lock holder exited (${code}) before locking ${file}: ${err}`));
    });
  });
  return {
    pid,
    since,
    release: async () => {
      signalPid(pid, 'SIGTERM');
      await exited;
    },
  };
}

/**
 * Creates the dot-lock an MDA holds while it delivers: /var/mail/USER.lock, holding our pid
 * (liblockfile treats a lock whose pid is dead as stale, so the pid must be a live one).
 */
export async function createDotLock(user: SystemUser): Promise<void> {
  await writeFile(user.dotLock, `${process.pid}\n`, { mode: 0o644, flag: 'wx' });
}

export async function removeDotLock(user: SystemUser): Promise<void> {
  await rm(user.dotLock, { force: true });
}

// ── "another session", on a bare POP3 connection (raw-pop3.ts) ──────────────────────────────

/** Logs in with USER/PASS on a new connection; throws unless both are +OK. */
export async function rawLogin(port: number, user: SystemUser): Promise<RawPop3> {
  const pop = await rawPop3({ port });
  const u = await pop.command(`USER ${user.name}`);
  const p = u.line.startsWith('+OK') ? await pop.command(`PASS ${user.password}`) : null;
  if (!p?.line.startsWith('+OK')) {
    pop.close();
    throw new Error(`login of ${user.name} refused: USER ${JSON.stringify(u.line)}, PASS ${JSON.stringify(p?.line ?? null)}`);
  }
  return pop;
}

/** UIDL → the message as RETR serves it (CRLF line ends, unstuffed), in one session ended by QUIT. */
export async function servedMessages(port: number, user: SystemUser): Promise<Map<string, Buffer>> {
  const pop = await rawLogin(port, user);
  try {
    const uidl = await pop.command('UIDL', true);
    const served = new Map<string, Buffer>();
    for (const entry of uidl.body) {
      const [msg, id] = entry.split(' ');
      const retr = await pop.command(`RETR ${msg}`, true);
      if (!retr.line.startsWith('+OK') || id === undefined) throw new Error(`RETR ${msg}: ${retr.line}`);
      served.set(id, Buffer.from(retr.body.map((l) => `${l}\r\n`).join(''), 'latin1'));
    }
    await pop.command('QUIT');
    return served;
  } finally {
    pop.close();
  }
}

/**
 * "Another session" (a phone, a second mail program): logs in, deletes message `msg` and
 * QUITs, so the server rewrites the mbox. Resolves with the DELE reply.
 */
export async function deleteInOtherSession(port: number, user: SystemUser, msg: number): Promise<string> {
  const pop = await rawLogin(port, user);
  try {
    const dele = await pop.command(`DELE ${msg}`);
    const quit = await pop.command('QUIT');
    if (!quit.line.startsWith('+OK')) throw new Error(`QUIT of the other session: ${quit.line}`);
    return dele.line;
  } finally {
    pop.close();
  }
}

// ── a relay that holds one client command back ───────────────────────────────────────────────

export interface Relay {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A byte-for-byte TCP relay on 127.0.0.1 in front of a real server, with one hook: before a
 * client line (a command) is passed on, `beforeLine(line)` is awaited. It times "another
 * session" exactly against Poplar's own commands — e.g. just before its fourth RETR — which
 * no checkpoint inside Poplar can do while replies are still arriving. Nothing is changed,
 * dropped or answered by the relay itself; when either side closes, so does the other.
 */
export async function startRelay(targetPort: number, beforeLine: (line: string) => Promise<void> | void): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    upstream.on('end', () => client.end());
    upstream.on('close', closeBoth);
    upstream.on('error', closeBoth);
    client.on('error', closeBoth);
    client.on('close', () => {
      sockets.delete(client);
      upstream.end();
    });
    let pending = Buffer.alloc(0);
    let queue = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let at = pending.indexOf('\r\n'); at >= 0; at = pending.indexOf('\r\n')) {
        const line = pending.subarray(0, at + 2);
        pending = pending.subarray(at + 2);
        queue = queue.then(async () => {
          await beforeLine(line.toString('latin1').slice(0, -2));
          if (!upstream.destroyed) upstream.write(line);
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
