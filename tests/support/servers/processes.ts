// Process plumbing the Courier and Cyrus fixtures share: free ports on 127.0.0.1, daemons
// started in their own process group (so every child they fork is stopped with them, by the
// group's id), waiting for a POP3 greeting, and a last-resort cleanup when the test process
// exits without stopping what it started.
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { liveProcessesInGroup } from '../dovecot.ts';

export async function freePort(): Promise<number> {
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

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

const running = new Set<number>();
const tempPaths = new Set<string>();
let exitHookInstalled = false;

/**
 * On exit and the usual termination signals, KILL every group still running and remove the
 * temp dirs: exit handlers cannot wait, so no graceful TERM here. SIGKILL of the test
 * process itself cannot be caught.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanup = (): void => {
    for (const pgid of running) killGroup(pgid, 'SIGKILL');
    running.clear();
    for (const p of tempPaths) rmSync(p, { recursive: true, force: true });
    tempPaths.clear();
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanup();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** A temp path the exit hook removes if the fixture never gets to. */
export function trackTemp(p: string): void {
  installExitHook();
  tempPaths.add(p);
}

export function untrackTemp(p: string): void {
  tempPaths.delete(p);
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  for (const target of [-pgid, pgid]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (liveProcessesInGroup(pgid).length > 0) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

export interface Daemon {
  /** The process we spawned; also the id of its process group. */
  readonly pid: number;
  readonly logFile: string;
  alive(): boolean;
  /** TERM to the whole group, KILL after `ms`; resolves when no process of the group lives. */
  stop(ms?: number): Promise<void>;
}

/**
 * Spawns `program` as the leader of a new process group, with stdout and stderr appended to
 * `logFile` (a file, not a pipe: a daemon's children may keep a pipe open forever).
 */
export function startDaemon(program: string, args: readonly string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Daemon {
  installExitHook();
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(program, args, { env: opts.env, cwd: opts.cwd ?? '/', detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  child.on('error', () => undefined); // reported through alive() and the log
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${program}`);
  running.add(pid);
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    pid,
    logFile: opts.logFile,
    alive: () => !exited && liveProcessesInGroup(pid).includes(pid),
    async stop(ms = 5_000) {
      killGroup(pid, 'SIGTERM');
      if (!(await waitGone(pid, ms))) {
        killGroup(pid, 'SIGKILL');
        await waitGone(pid, ms);
      }
      running.delete(pid);
    },
  };
}

/** The first line the server sends on `port`, or '' on any failure within `ms`. */
export function greetingLine(port: number, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (): void => {
      socket.destroy();
      resolve(text.split('\r\n')[0] ?? '');
    };
    socket.setTimeout(ms, done);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
  });
}

/** Polls `port` until it greets with `prefix`; throws with the daemon's log otherwise. */
export async function waitForGreeting(port: number, prefix: string, daemon: Daemon, what: string, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const line = await greetingLine(port, 2_000);
    if (line.startsWith(prefix)) return line;
    if (!daemon.alive() || Date.now() > until) {
      throw new Error(`${what} did not greet on port ${port} (got ${JSON.stringify(line)}; ` +
        `${daemon.alive() ? 'still running' : 'exited'}).\n--- ${daemon.logFile} ---\n${await tail(daemon.logFile)}`);
    }
    await sleep(50);
  }
}

export async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '(no log)');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** "<package> <version>" as the install script wrote it (.ci/install-courier-cyrus.sh). */
export async function unpackedVersion(file: string): Promise<string> {
  const text = (await readFile(file, 'utf8').catch(() => '')).trim();
  const [pkg, version] = text.split(/\s+/);
  return pkg && version ? `${version.replace(/-[^-]*$/, '')} (Debian ${pkg} ${version})` : 'unknown';
}
