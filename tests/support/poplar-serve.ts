// `poplar serve` as a user runs it, for the window tests: a child process on Node 24 with
// its own profile, lock folder and environment, resolved once it prints its address, and
// stopped by its PID (SIGTERM) at the end.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import WebSocket from 'ws';
import { POPLAR_CLI } from './poplar-cli.ts';
import { seconds } from './timeouts.ts';

export interface ServeOptions {
  readonly profile: string;
  /** Added to the test process's environment; POPLAR_LOCK_DIR belongs here. */
  readonly env?: NodeJS.ProcessEnv;
  /** More arguments after `serve --profile DIR`: `--demo`, `--port N`. */
  readonly args?: readonly string[];
  /** How long to wait for "Poplar is ready at …". */
  readonly readyMs?: number;
}

export interface ServeProcess {
  /** http://127.0.0.1:PORT/#token=… as printed. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
  readonly child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** SIGTERM to its PID; resolves with the exit code once it has exited (SIGKILL after `ms`). */
  stop(ms?: number): Promise<number | null>;
}

const READY = /^Poplar is ready at (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))$/m;

export function startServe(options: ServeOptions): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.POPLAR_FAILPOINT;
  const child = spawn(process.execPath, [POPLAR_CLI, 'serve', '--profile', options.profile, ...(options.args ?? [])], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const stop = async (ms = seconds(15)): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    const killer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), ms);
    try {
      return await exited;
    } finally {
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        void stop(2_000);
        reject(new Error(`poplar serve was not ready within ${options.readyMs ?? seconds(30)} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
      },
      options.readyMs ?? seconds(30),
    );
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const m = READY.exec(stdout);
      if (m?.[1] && m[2] && m[3] && child.pid !== undefined) {
        clearTimeout(timer);
        const url = m[1];
        resolve({ url, origin: new URL(url).origin, port: Number(m[2]), token: m[3], pid: child.pid, child, stderr: () => stderr, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`poplar serve exited (${code}) before it was ready.\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

export interface ApiClient {
  /** One call over the WebSocket; resolves with the result envelope. */
  call(channel: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** `call`, unwrapped: throws with the error envelope when it is not ok. */
  value<T>(channel: string, ...args: unknown[]): Promise<T>;
  close(): void;
}

/** The host's API as the window reaches it: `ws://…/ws?token=…` from the host's own Origin. */
export async function connectApi(serve: Pick<ServeProcess, 'port' | 'token' | 'origin'>, timeoutMs = seconds(15)): Promise<ApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  const waiting = new Map<number, (result: Result) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { id?: number; result?: Result };
    if (frame.id === undefined || frame.result === undefined) return; // an event
    waiting.get(frame.id)?.(frame.result);
    waiting.delete(frame.id);
  });
  let next = 0;
  const call = (channel: string, ...args: unknown[]): Promise<Result> => {
    const id = ++next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${channel}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      ws.send(JSON.stringify({ id, channel, args }));
    });
  };
  return {
    call,
    async value<T>(channel: string, ...args: unknown[]): Promise<T> {
      const result = await call(channel, ...args);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    close: () => ws.close(),
  };
}
