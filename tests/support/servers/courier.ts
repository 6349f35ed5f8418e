// A private Courier POP3 server (courier-pop 1.0 from Debian 12, unpacked by
// .ci/install-courier-cyrus.sh under /opt/poplar-test-servers/courier) on 127.0.0.1.
//
// How Courier is put together (TESTING.md): couriertcpd accepts, runs courierpop3login, which
// asks authdaemond over a unix socket and then execs courierpop3d in the user's Maildir;
// couriertls does TLS, wrapping the whole chain for POP3S or started by courierpop3login for
// STLS. authdaemond's paths are compiled in (/etc/courier/authdaemonrc, the socket
// /run/courier/authdaemon/socket), so there is one per machine: this fixture starts it, with
// the userdb module (authmodulelist="authuserdb", set by the install script) and users in
// /etc/courier/userdb — no system accounts — and refuses to start while another runs.
//
// Courier facts the tests rely on (seen with 1.0.16):
//   - CAPA announces "LOGIN-DELAY 10" and never enforces it; no RESP-CODES, no AUTH-RESP-CODE.
//   - No session lock: two sessions on one Maildir are both let in.
//   - The administrator's lock is the sticky bit on the account's home directory; PASS then
//     gets "-ERR Your account is temporarily unavailable (+t bit set on home directory)."
//   - A wrong password gets "-ERR Login failed." after about 5 s: no code, no word for what.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testCertificates } from './certs.ts';
import {
  freePorts,
  startDaemon,
  stopOnce,
  trackTemp,
  untrackTemp,
  unpackedVersion,
  waitForGreeting,
  sleep,
  type Daemon,
} from './processes.ts';

const run = promisify(execFile);

export const COURIER_ROOT = '/opt/poplar-test-servers/courier';
export const COURIER_POP3LOGIN = `${COURIER_ROOT}/usr/lib/courier/courier/courierpop3login`;
export const COURIER_POP3D = `${COURIER_ROOT}/usr/lib/courier/courier/courierpop3d`;
export const COURIERTCPD = '/usr/sbin/couriertcpd';
export const COURIERTLS = '/usr/bin/couriertls';
export const AUTHDAEMOND = '/usr/lib/courier/courier-authlib/authdaemond';
export const MAKEUSERDB = '/usr/sbin/makeuserdb';
const AUTHDAEMON_SOCKET = '/run/courier/authdaemon/socket';
const USERDB = '/etc/courier/userdb';
const USERDB_FILES = [USERDB, `${USERDB}.dat`, `${USERDB}shadow.dat`, `${USERDB}.lock`];

export interface CourierUser {
  name: string;
  password: string;
}

export interface CourierInstance {
  host: '127.0.0.1';
  /** Plain POP3; STLS is offered (POP3_STARTTLS=YES), TLS not required. */
  port: number;
  /** Implicit TLS (POP3S) through couriertls. */
  tlsPort: number;
  /** PEM of the CA that signed the server certificate (SAN IP:127.0.0.1, DNS:localhost). */
  caFile: string;
  /** "1.0.16 (Debian courier-pop 1.0.16-3+b6)". */
  version: string;
  dir: string;
  /** Delivers messages into the user's Maildir/new, in this order. */
  seed(user: string, messages: Array<string | Buffer>): Promise<void>;
  /** The administrator's lock: the sticky bit on the user's home directory (on = chmod +t). */
  setAccountLocked(user: string, locked: boolean): Promise<void>;
  /** What couriertcpd and authdaemond logged (LOGIN, LOGIN FAILED, LOCKED …). */
  logText(): Promise<string>;
  /** Stops couriertcpd and authdaemond by their process groups, removes the temp dir and the userdb. */
  stop(): Promise<void>;
}

interface Owner {
  uid: number;
  gid: number;
}

/** Mail belongs to the `courier` system user (created by courier-base); userdb maps every test user to it. */
async function courierOwner(): Promise<Owner> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('courier:'));
  const f = line?.split(':');
  if (!f || f.length < 4) throw new Error('no `courier` user in /etc/passwd (Debian package courier-base creates it)');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

function socketAnswers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(file);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

let active = false;

export async function startCourier(opts: { users: CourierUser[] }): Promise<CourierInstance> {
  if ((process.getuid?.() ?? 0) !== 0)
    throw new Error('the Courier fixture runs as root: authdaemond and its socket under /run/courier are system paths');
  if (active) throw new Error("one Courier fixture at a time: authdaemond's socket path is compiled in");
  if (await socketAnswers(AUTHDAEMON_SOCKET)) {
    throw new Error(
      `another authdaemond answers on ${AUTHDAEMON_SOCKET}; stop it (its PID is in /run/courier/authdaemon/pid) — the fixture runs its own`,
    );
  }
  active = true;
  const daemons: Daemon[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pcour-'));
  trackTemp(dir);
  const cleanup = async (): Promise<void> => {
    for (const d of daemons.reverse()) await d.stop();
    await Promise.all(USERDB_FILES.map((f) => rm(f, { force: true })));
    untrackTemp(dir);
    await rm(dir, { recursive: true, force: true });
    active = false;
  };
  try {
    await chmod(dir, 0o755); // courierpop3d runs as the courier user and must reach the homes
    const owner = await courierOwner();
    const certs = await testCertificates();
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, certs.caPem);
    // couriertls wants the key and the certificate in one file (TLS_CERTFILE).
    const certFile = path.join(dir, 'pop3d.pem');
    await writeFile(certFile, certs.server.key + certs.server.cert, { mode: 0o600 });
    // For STLS, courierpop3login has already switched to the courier user when it starts
    // couriertls, which then opens TLS_CERTFILE: root-only, it fails "Permission denied" and
    // the client sees the connection close after "+OK Begin SSL/TLS negotiation now.".
    await chown(certFile, owner.uid, owner.gid);

    const homes = path.join(dir, 'home');
    await mkdir(homes, { mode: 0o755 });
    const lines: string[] = [];
    for (const user of opts.users) {
      if (!/^[a-z0-9._-]+$/i.test(user.name)) throw new Error(`user name ${user.name} is not safe for userdb`);
      const home = path.join(homes, user.name);
      for (const sub of ['', '/Maildir', '/Maildir/cur', '/Maildir/new', '/Maildir/tmp']) {
        await mkdir(home + sub, { mode: 0o700 });
        await chown(home + sub, owner.uid, owner.gid);
      }
      // SHA-512 crypt, which authlib checks with the C library's crypt(). (A test password on
      // openssl's command line: only test passwords ever go through here.)
      const hash = (await run('openssl', ['passwd', '-6', user.password])).stdout.trim();
      lines.push(`${user.name}\tuid=${owner.uid}|gid=${owner.gid}|home=${home}|mail=${home}/Maildir|systempw=${hash}`);
    }
    await writeFile(USERDB, lines.join('\n') + '\n', { mode: 0o600 }); // makeuserdb refuses a readable userdb
    await run(MAKEUSERDB, []);

    const authLog = path.join(dir, 'authdaemond.log');
    const rc = await readFile('/etc/courier/authdaemonrc', 'utf8');
    if (!/^authmodulelist="authuserdb"$/m.test(rc))
      throw new Error('/etc/courier/authdaemonrc must say authmodulelist="authuserdb" (.ci/install-courier-cyrus.sh sets it)');
    const auth = startDaemon(AUTHDAEMOND, [], {
      env: {
        PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
        authmodulelist: 'authuserdb',
        daemons: '3',
        authdaemonvar: '/run/courier/authdaemon',
        DEBUG_LOGIN: '0',
      },
      logFile: authLog,
    });
    daemons.push(auth);
    for (let i = 0; !(await socketAnswers(AUTHDAEMON_SOCKET)); i++) {
      if (!auth.alive() || i > 200)
        throw new Error(`authdaemond did not open ${AUTHDAEMON_SOCKET}:\n${await readFile(authLog, 'utf8').catch(() => '')}`);
      await sleep(25);
    }

    const [port, tlsPort] = (await freePorts(2)) as [number, number];
    // The environment Debian's /etc/courier/pop3d and pop3d-ssl give (POP3AUTH empty: USER/PASS
    // only, as installed), with our certificate.
    const base: NodeJS.ProcessEnv = {
      PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
      POP3AUTH: '',
      POP3AUTH_TLS: '',
      MAILDIRPATH: 'Maildir',
      COURIERTLS,
      TLS_CERTFILE: certFile,
      TLS_DHPARAMS: '/etc/courier/dhparams.pem',
      TLS_VERIFYPEER: 'NONE',
      TLS_TRUSTCERTS: '/etc/ssl/certs/ca-certificates.crt',
    };
    const tcpd = ['-address=127.0.0.1', '-maxprocs=20', '-maxperip=20', '-nodnslookup', '-noidentlookup'];
    const log = path.join(dir, 'pop3d.log');
    const plain = startDaemon(COURIERTCPD, [...tcpd, String(port), COURIER_POP3LOGIN, COURIER_POP3D, 'Maildir'], {
      env: { ...base, POP3_STARTTLS: 'YES', POP3_TLS_REQUIRED: '0' },
      logFile: log,
    });
    daemons.push(plain);
    const tls = startDaemon(
      COURIERTCPD,
      [...tcpd, String(tlsPort), COURIERTLS, '-server', '-tcpd', COURIER_POP3LOGIN, COURIER_POP3D, 'Maildir'],
      {
        env: { ...base, POP3_TLS: '1', POP3_STARTTLS: 'NO', POP3_TLS_REQUIRED: '0' },
        logFile: log,
      },
    );
    daemons.push(tls);
    await waitForGreeting(port, '+OK', plain, 'Courier couriertcpd');

    const version = await unpackedVersion(`${COURIER_ROOT}/VERSION`);
    let counter = 0;
    const homeOf = (user: string): string => {
      if (!opts.users.some((u) => u.name === user)) throw new Error(`unknown user ${user}`);
      return path.join(homes, user);
    };
    return {
      host: '127.0.0.1',
      port,
      tlsPort,
      caFile,
      version,
      dir,
      async seed(user, messages) {
        const maildir = path.join(homeOf(user), 'Maildir');
        for (const message of messages) {
          counter++;
          const name = `${1_700_000_000 + counter}.M${String(counter).padStart(6, '0')}P${process.pid}.poplar`;
          const tmp = path.join(maildir, 'tmp', name);
          await writeFile(tmp, message, { mode: 0o600 });
          await chown(tmp, owner.uid, owner.gid);
          await rename(tmp, path.join(maildir, 'new', name)); // Maildir delivery: tmp/ then new/
        }
      },
      async setAccountLocked(user, locked) {
        const home = homeOf(user);
        const mode = (await stat(home)).mode & 0o7777;
        await chmod(home, locked ? mode | 0o1000 : mode & ~0o1000);
      },
      logText: async () => `${await readFile(log, 'utf8').catch(() => '')}${await readFile(authLog, 'utf8').catch(() => '')}`,
      stop: stopOnce(cleanup),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
