import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: new PassThrough(), env: {} };
}

describe('poplar command line', () => {
  it('prints the package version', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(io.stdout).toEqual([pkg.version]);
  });

  it('exits 2 with the usage for no command or an unknown one', async () => {
    const none = capture();
    expect(await main([], none)).toBe(2);
    expect(none.stdout.join('\n')).toMatch(/^Usage: poplar COMMAND/);
    const unknown = capture();
    expect(await main(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr.join('\n')).toMatch(/unknown command 'frobnicate'[\s\S]*Usage: poplar/);
  });

  it('does not treat inherited object keys as commands', async () => {
    const io = capture();
    expect(await main(['constructor'], io)).toBe(2);
  });

  it.each(['serve', 'sync', 'watch', 'diagnose', 'messages', 'show', 'probe', 'account', 'account add'])(
    'answers `poplar %s --help` with its usage on stdout and exit code 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const io = capture();
        expect(await main([...command.split(' '), flag], io)).toBe(0);
        expect(io.stderr).toEqual([]);
        expect(io.stdout.join('\n')).toMatch(new RegExp(`^Usage: poplar ${command.split(' ')[0]}`));
      }
    },
  );

  it('still takes `--help` after `--` as an operand, not a request for help', async () => {
    const io = capture();
    expect(await main(['show', '--', '--help'], io)).not.toBe(0);
  });
});
