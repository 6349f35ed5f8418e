// Command-line errors that are the user's to fix: they exit with code 2 and a usage line,
// so scripts can tell "you called me wrong" (2) from "the check failed" (1).
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
