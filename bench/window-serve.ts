// `poplar serve` of the tree being measured, started as `npm run serve` starts it (Node 24 with
// --max-semi-space-size=12) on the bench's profile; resolved once it prints its address, and
// stopped by its process id (SIGTERM, then SIGKILL if it has not exited after STOP_MS).
import { spawn } from 'node:child_process';
import path from 'node:path';

const READY = /^Poplar is ready at (http:\/\/127\.0\.0\.1:(\d+)\/#token=[A-Za-z0-9_-]+)$/m;
const STOP_MS = 15_000;

export interface Served {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stderr(): string;
  stop(): Promise<void>;
}

export function serve(tree: string, profile: string, env: NodeJS.ProcessEnv, readyMs: number): Promise<Served> {
  const cli = path.join(tree, 'electron/cli/poplar.ts');
  const child = spawn(process.execPath, ['--max-semi-space-size=12', cli, 'serve', '--profile', profile], {
    cwd: tree,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // 'exit', not 'close': a process the server started may still hold its output pipes open.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const pid = child.pid;
    process.kill(pid, 'SIGTERM');
    const killer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), STOP_MS);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`poplar serve was not ready within ${readyMs} ms.\n${stdout}${stderr}`));
    }, readyMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const m = READY.exec(stdout);
      if (m?.[1] && m[2] && child.pid !== undefined) {
        clearTimeout(timer);
        resolve({ url: m[1], port: Number(m[2]), pid: child.pid, stderr: () => stderr, stop });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`poplar serve exited (${child.exitCode ?? child.signalCode}) before it was ready.\n${stdout}${stderr}`));
    });
  });
}
