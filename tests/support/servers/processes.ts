// Process plumbing every server fixture shares (Dovecot, Courier, Cyrus, the inetd servers):
// free ports on 127.0.0.1, daemons started in their own process group (so every child they
// fork is stopped with them, by the group's id), waiting for a POP3 greeting, and a
// last-resort cleanup when the test process exits without stopping what it started.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

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
const abortCleanups = new Set<() => void>();
let exitHookInstalled = false;

/**
 * On exit and the usual termination signals, KILL every group still running, remove the
 * temp dirs and run the fixtures' own cleanups: exit handlers cannot wait, so no graceful
 * TERM here. SIGKILL of the test process itself cannot be caught.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanup = (): void => {
    for (const pgid of running) killGroup(pgid, 'SIGKILL');
    running.clear();
    for (const p of tempPaths) rmSync(p, { recursive: true, force: true });
    tempPaths.clear();
    for (const more of abortCleanups) more();
    abortCleanups.clear();
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

/** A temp path the exit hook removes if the fixture never gets to. */
export function trackTemp(p: string): void {
  installExitHook();
  tempPaths.add(p);
}

export function untrackTemp(p: string): void {
  tempPaths.delete(p);
}

/** A process group the exit hook KILLs if the fixture never stops it. */
export function trackGroup(pgid: number): void {
  installExitHook();
  running.add(pgid);
}

export function untrackGroup(pgid: number): void {
  running.delete(pgid);
}

/** A synchronous cleanup the exit hook runs after the groups and temp paths. */
export function onAbort(cleanup: () => void): void {
  installExitHook();
  abortCleanups.add(cleanup);
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

/**
 * Live (not zombie) processes in the group `pgid`: the leader and every child it forked.
 * An exited process stays a zombie until its parent reaps it, and a daemonized master's
 * parent is init, which may reap only every few seconds; kill(pid, 0) still succeeds on a
 * zombie, so on Linux we read /proc instead.
 */
export function liveProcessesInGroup(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return alive(pgid) ? [pgid] : []; // no /proc: the leader alone, zombies included
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

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (liveProcessesInGroup(pgid).length > 0) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

/** TERM to the whole group, KILL after `ms`; resolves when no process of the group lives. */
export async function stopGroup(pgid: number, ms = 5_000): Promise<void> {
  killGroup(pgid, 'SIGTERM');
  if (!(await waitGone(pgid, ms))) {
    killGroup(pgid, 'SIGKILL');
    await waitGone(pgid, ms);
  }
  running.delete(pgid);
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
export function startDaemon(
  program: string,
  args: readonly string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string },
): Daemon {
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
    stop: (ms = 5_000) => stopGroup(pid, ms),
  };
}

/** `cleanup` as a fixture's stop(): the first call runs it, later calls do nothing. */
export function stopOnce(cleanup: () => Promise<void>): () => Promise<void> {
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    await cleanup();
  };
}

/** Resolves with the first line the server sends on `port`, or rejects within `ms`. */
export function firstLine(port: number, ms: number): Promise<string> {
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
    socket.on('end', () => done(text ? null : new Error('closed without a greeting')));
    socket.on('error', done);
  });
}

/** The first line the server sends on `port`, or '' on any failure within `ms`. */
export const greetingLine = (port: number, ms: number): Promise<string> => firstLine(port, ms).catch(() => '');

/** Polls `port` until it greets with `prefix`; throws with the daemon's log otherwise. */
export async function waitForGreeting(port: number, prefix: string, daemon: Daemon, what: string, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const line = await greetingLine(port, 2_000);
    if (line.startsWith(prefix)) return line;
    if (!daemon.alive() || Date.now() > until) {
      throw new Error(
        `${what} did not greet on port ${port} (got ${JSON.stringify(line)}; ` +
          `${daemon.alive() ? 'still running' : 'exited'}).\n--- ${daemon.logFile} ---\n${await tail(daemon.logFile)}`,
      );
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

/** A daemon's pid file: the pid, or undefined while it is missing, empty or partly written. */
export async function readPidFile(file: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * For a master that daemonized itself (Dovecot, Postfix): waits for its pid file, tracks its
 * group, then waits for a greeting on `port` starting with `prefix`. `fail` throws with the
 * reason (and kills `pid` when known); it is called when the master exits or `until` passes.
 */
export async function waitForMaster(
  pidFile: string,
  port: number,
  prefix: string,
  until: number,
  fail: (why: string, pid: number | undefined) => Promise<never>,
): Promise<number> {
  let pid = await readPidFile(pidFile);
  while (pid === undefined) {
    if (Date.now() > until) return fail('no master.pid', undefined);
    await sleep(25);
    pid = await readPidFile(pidFile);
  }
  trackGroup(pid);
  for (;;) {
    const line = await greetingLine(port, 2_000);
    if (line.startsWith(prefix)) return pid;
    if (!liveProcessesInGroup(pid).includes(pid)) return fail('master exited', pid);
    if (Date.now() > until) return fail(`no ${prefix} greeting on port ${port}, got ${JSON.stringify(line)}`, pid);
    await sleep(50);
  }
}
