// Headless secrets (DESIGN.md): from standard input, an environment variable, or a command's
// output — never from a command-line argument, where every user of the machine sees it in ps.
import { execFile } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Secret } from './secret.ts';

const run = promisify(execFile);

/** Stdin up to EOF, without the final line break: `echo pw | poplar …` sends "pw\n". */
export async function passwordFromStdin(stdin: Readable): Promise<Secret | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  return text === '' ? null : new Secret(text);
}

export function passwordFromEnv(env: NodeJS.ProcessEnv, name: string): Secret | null {
  const value = env[name];
  return value === undefined || value === '' ? null : new Secret(value);
}

/** The first line a password manager's command prints (`pass show mail`, `secret-tool lookup …`). */
export async function passwordFromCommand(commandLine: string): Promise<Secret | null> {
  const { stdout } = await run('/bin/sh', ['-c', commandLine], { encoding: 'utf8', maxBuffer: 64 * 1024 });
  const first = stdout.split(/\r?\n/, 1)[0] ?? '';
  return first === '' ? null : new Secret(first);
}
