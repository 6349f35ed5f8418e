// Small tmpfs mounts for tests of a full disk or a read-only profile (TESTING.md). Mounting
// needs root: `itAsRoot` skips such a test with a printed reason elsewhere, and fails in CI,
// where a silently skipped test would prove nothing (requirements.ts).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { it } from 'vitest';
import { inCi } from './requirements.ts';

const run = promisify(execFile);

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** `it` when the test process is root; otherwise a skipped test and a printed reason (a failing one in CI). */
export function itAsRoot(name: string, body: () => Promise<void>, timeout?: number): void {
  if (isRoot()) {
    it(name, body, timeout);
    return;
  }
  const reason = 'needs root (it mounts a tmpfs; root also bypasses file permissions)';
  if (inCi()) {
    it(name, () => {
      throw new Error(`CI is set, so this test may not skip: it ${reason}.`);
    });
    return;
  }
  console.warn(`[skip] ${name}: ${reason}.`);
  it.skip(`${name} (skipped: ${reason})`, body);
}

const mounted = new Set<string>();
let exitHookInstalled = false;

/** Best effort for an aborted run: no tmpfs outlives the test process. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of mounted) {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });
}

/** Mounts a tmpfs of `size` (mount syntax: "2m", "512k") on the existing folder `dir`. */
export async function mountTmpfs(dir: string, size: string, opts: { readOnly?: boolean } = {}): Promise<void> {
  installExitHook();
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755${opts.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  mounted.add(dir);
}

/** Changes a mounted tmpfs in place, keeping its files: "size=16m", "ro", "rw". */
export async function remountTmpfs(dir: string, options: string): Promise<void> {
  await run('mount', ['-o', `remount,${options}`, dir]);
}

export async function unmountTmpfs(dir: string): Promise<void> {
  if (!mounted.has(dir)) return;
  try {
    await run('umount', [dir]);
  } catch {
    await run('umount', ['-l', dir]); // something still has a file open: detach it anyway
  }
  mounted.delete(dir);
}
