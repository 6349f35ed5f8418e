// The options every profile command shares: --profile DIR (default: the app's own profile).
import path from 'node:path';
import { defaultProfileDir, openProfile, type Profile } from '../store/profile.ts';
import { isSqliteError, storeError, StoreError } from '../store/database.ts';
import type { CliIo } from './commands.ts';
import { EXIT_FAILED, UsageError } from './usage.ts';

export const PROFILE_OPTION = { profile: { type: 'string' } } as const;

export function withProfile(dir: string | undefined, env: NodeJS.ProcessEnv): Profile {
  return openProfile(dir ?? defaultProfileDir(env));
}

/**
 * A store failure as the one message the user needs; anything else is a bug and is rethrown.
 * With the open `profile`, a raw SQLite error is one too: a damaged page is found only when a
 * query reads it, and a full disk only when a write needs room, long after the database opened.
 * The commands pass their profile so that those reach the user as this message, not a stack trace.
 */
export function storeMessage(error: unknown, profile?: Profile | null): string | null {
  return storeFailure(error, profile)?.message ?? null;
}

/** `storeMessage`, as the StoreError (its code says disk-full, corrupt …). */
export function storeFailure(error: unknown, profile?: Profile | null): StoreError | null {
  if (error instanceof StoreError) return error;
  if (profile && isSqliteError(error)) return storeError(error, path.join(profile.dir, 'poplar.db'));
  return null;
}

export function usage(text: string): (message: string) => never {
  return (message) => {
    throw new UsageError(message, text);
  };
}

/** The open profile, or null after saying on stderr why it cannot be opened (a store failure). */
export function openProfileOrSay(dir: string | undefined, io: CliIo): Profile | null {
  try {
    return withProfile(dir, io.env);
  } catch (error) {
    const message = storeMessage(error);
    if (message === null) throw error;
    io.err(message);
    return null;
  }
}

/**
 * Opens the profile, runs `work`, closes it; a store failure at either point becomes its
 * message on stderr and exit code 1, never a stack trace.
 */
export async function withOpenProfile(
  dir: string | undefined,
  io: CliIo,
  work: (profile: Profile) => number | Promise<number>,
): Promise<number> {
  const profile = openProfileOrSay(dir, io);
  if (!profile) return EXIT_FAILED;
  try {
    return await work(profile);
  } catch (error) {
    // A damaged page or a full disk met by a query: said as the store's message, not a stack trace.
    const message = storeMessage(error, profile);
    if (message === null) throw error;
    io.err(message);
    return EXIT_FAILED;
  } finally {
    profile.close();
  }
}
