// Command-line errors that are the user's to fix: they exit with code 2 and a usage line,
// so scripts can tell "you called me wrong" (2) from "the check failed" (1).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

/** `--help` or `-h` among a command's options: not an error, the command's usage on stdout. */
export class HelpRequested extends UsageError {
  constructor(usage: string) {
    super('help', usage);
  }
}

/** Whether `--help` or `-h` is among the options (after `--` everything is an operand). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** node:util's parseArgs, with an unknown or malformed option said as a usage error. */
export function parseOptions<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  if (asksForHelp(config.args ?? [])) throw new HelpRequested(usage);
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
