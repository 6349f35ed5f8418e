// What `poplar probe` and `poplar probe --smtp` read alike: the server, the user, one password
// source, a CA file and a pinned fingerprint. Each command keeps its own defaults and rules
// (the POP3 probe needs a user; the SMTP probe may test without one).
import { readFile } from 'node:fs/promises';
import { passwordFromCommand, passwordFromEnv, passwordFromStdin } from '../secrets/headless-sources.ts';
import type { Secret } from '../secrets/secret.ts';
import type { CliIo } from './commands.ts';

/** The options both probes take, for node:util's parseArgs; each adds its own security and more. */
export const PROBE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  'password-env': { type: 'string' },
  'password-command': { type: 'string' },
  'ca-file': { type: 'string' },
  fingerprint: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface PasswordOptions {
  readonly 'password-stdin': boolean;
  readonly 'password-env'?: string | undefined;
  readonly 'password-command'?: string | undefined;
}

type Fail = (message: string) => never;

export const ONE_PASSWORD_SOURCE = 'give the password in exactly one way: --password-stdin, --password-env VAR or --password-command CMD';

/** How many of the password options were given: the caller says whether 0 is allowed. */
export function passwordSourceCount(values: PasswordOptions): number {
  return [values['password-stdin'], values['password-env'] !== undefined, values['password-command'] !== undefined].filter(Boolean).length;
}

/** The password from the one source given; an empty one is a usage error. */
export async function readPassword(values: PasswordOptions, io: CliIo, fail: Fail): Promise<Secret> {
  let password: Secret | null;
  if (values['password-stdin']) password = await passwordFromStdin(io.stdin);
  else if (values['password-env'] !== undefined) password = passwordFromEnv(io.env, values['password-env']);
  else password = await passwordFromCommand(values['password-command'] ?? '');
  return password ?? fail('the password is empty');
}

/** Whether a typed fingerprint (spaces removed) has the shape of a SHA-256 fingerprint. */
export function checkFingerprint(typed: string | undefined, fail: Fail): void {
  if (typed !== undefined && !/^([0-9a-f]{2}:?){32}$/i.test(typed.replace(/\s/g, ''))) {
    fail('--fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed');
  }
}

/** The PEM text of --ca-file, or undefined when none was given; an unreadable file is a usage error. */
export async function readCaFile(file: string | undefined, fail: Fail): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot read --ca-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
