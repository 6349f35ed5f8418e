// The options every profile command shares: --profile DIR (default: the app's own profile).
import { defaultProfileDir, openProfile, type Profile } from '../store/profile.ts';
import { StoreError } from '../store/database.ts';
import { UsageError } from './usage.ts';

export const PROFILE_OPTION = { profile: { type: 'string' } } as const;

export function withProfile(dir: string | undefined, env: NodeJS.ProcessEnv): Profile {
  return openProfile(dir ?? defaultProfileDir(env));
}

/** A store failure as the one message the user needs; anything else is a bug and is rethrown. */
export function storeMessage(error: unknown): string | null {
  return error instanceof StoreError ? error.message : null;
}

export function usage(text: string): (message: string) => never {
  return (message) => {
    throw new UsageError(message, text);
  };
}
