// `poplar` as a user runs it: a child process on Node 24 (process.execPath runs the .ts
// directly), with its own environment, standard input and, as root, optionally another user.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seconds } from './timeouts.ts';

export const POPLAR_CLI = fileURLToPath(new URL('../../electron/cli/poplar.ts', import.meta.url));

export interface PoplarRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stdout as bytes, for `show --raw`. */
  stdoutBytes: Buffer;
  stderr: string;
}

export interface PoplarOptions {
  /** Added to the test process's environment (POPLAR_FAILPOINT is never inherited). */
  env?: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed; without it stdin is closed at once. */
  stdin?: string;
  /** Run as this user and group (needs root): how a test gets a real permission failure. */
  uid?: number;
  gid?: number;
  /** A sync that hangs is a failure, not something to wait for forever. */
  timeoutMs?: number;
  /** Called with the child's process id once it is started (to watch its memory). */
  onSpawn?: (pid: number) => void;
}

export function runPoplar(args: readonly string[], opts: PoplarOptions = {}): Promise<PoplarRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.env?.POPLAR_FAILPOINT === undefined) delete env.POPLAR_FAILPOINT;
  const child = spawn(process.execPath, [POPLAR_CLI, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
  });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.on('error', () => undefined); // the command may exit before reading its input
  child.stdin.end(opts.stdin ?? '');
  const watchdog = setTimeout(
    () => {
      stderr += `\n[test] killed by the watchdog after ${opts.timeoutMs ?? seconds(55)} ms`;
      child.kill('SIGKILL');
    },
    opts.timeoutMs ?? seconds(55),
  );
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
  });
}

/** Output a person reads must never be a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(text) || /\n\s*\^\s*\n/.test(text);
}

export interface SyncJsonAccount {
  account: string;
  outcome: 'ok' | 'locked' | 'error' | 'skipped' | 'not-before';
  downloaded: number;
  deletedOnServer: number;
  bytes: number;
  ms: number;
  error: { code: string; message: string } | null;
  /** For 'not-before': when the server allows the next login (ISO time). */
  notBefore?: string;
}

/** The accounts of `sync --json`; throws with both streams when stdout is not that JSON. */
export function syncJson(run: PoplarRun): SyncJsonAccount[] {
  try {
    return (JSON.parse(run.stdout) as { accounts: SyncJsonAccount[] }).accounts;
  } catch {
    throw new Error(`sync exited ${run.code} without JSON.\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

export interface MessageJson {
  id: number;
  uidl: string | null;
  subject: string;
  fromAddress: string;
  size: number;
  parseError: string | null;
}

/** The messages of `messages --json`. */
export function messagesJson(run: PoplarRun): MessageJson[] {
  try {
    return (JSON.parse(run.stdout) as { messages: MessageJson[] }).messages;
  } catch {
    throw new Error(`messages exited ${run.code} without JSON.\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}
