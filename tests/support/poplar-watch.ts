// A running `poplar watch --json`: its JSON lines as they arrive, awaited one condition at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { POPLAR_CLI } from './poplar-cli.ts';

/** JSON lines of a running `poplar watch`, awaited one condition at a time. */
export class WatchProcess {
  readonly child: ChildProcess;
  readonly lines: Array<Record<string, unknown>> = [];
  #waiters: Array<() => void> = [];

  constructor(args: string[], extraEnv: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [POPLAR_CLI, 'watch', '--json', ...args], {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout ?? process.stdin }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** The first line (from `from` on) that satisfies `test`, within `ms`. */
  async next(
    test: (line: Record<string, unknown>) => boolean,
    from: number,
    ms: number,
  ): Promise<{ line: Record<string, unknown>; index: number }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.lines.findIndex((l, i) => i >= from && test(l));
      if (index >= 0) return { line: this.lines[index] ?? {}, index };
      if (Date.now() > deadline)
        throw new Error(`no such line within ${ms} ms; saw:\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  }

  /** SIGTERM, then the exit code; a watch that has already exited just reports its code. */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve(this.child.exitCode);
        return;
      }
      this.child.once('close', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}
