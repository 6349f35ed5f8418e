// Runs a benchmarked command as a child process and measures it from outside: wall time in this
// process, and the child's own user and system CPU and peak RSS from `/usr/bin/time -f` (Debian
// package `time`), which reads them from wait4()'s rusage — process.resourceUsage() here would be
// this process's, not the child's.
import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';

export const TIME = '/usr/bin/time';

export interface Timed {
  wallMs: number;
  /** null without /usr/bin/time. */
  userS: number | null;
  sysS: number | null;
  maxRssKiB: number | null;
  stdout: string;
}

/** Why /usr/bin/time cannot be used, or null when it can. */
export async function timeMissing(): Promise<string | null> {
  try {
    await access(TIME);
    return null;
  } catch {
    return `${TIME} is missing (install it with \`apt-get install time\`)`;
  }
}

/** Runs `command args` (under /usr/bin/time when `timeFile` is given); rejects when it exits non-zero. */
export async function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv, timeFile: string | null): Promise<Timed> {
  const [file, argv] = timeFile ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(file, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
  const wallMs = performance.now() - started;
  if (!timeFile) return { wallMs, userS: null, sysS: null, maxRssKiB: null, stdout };
  const [, userS, sysS, maxRssKiB] = (await readFile(timeFile, 'utf8')).trim().split(/\s+/).map(Number);
  return { wallMs, userS: userS ?? null, sysS: sysS ?? null, maxRssKiB: maxRssKiB ?? null, stdout };
}
