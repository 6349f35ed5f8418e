// How the command line gets an account's password at check time, from the account's source.
import type { Account } from '../../shared/account.ts';
import type { Secret } from '../pop3/transcript.ts';
import { loadPassword } from '../store/saved-passwords.ts';
import { passwordFromCommand, passwordFromEnv } from './secrets.ts';

/** `given` (from --password-stdin) wins; 'prompt' accounts have nothing else. */
export function passwordResolver(profileDir: string, env: NodeJS.ProcessEnv, given: Secret | null = null): (a: Account) => Promise<Secret | null> {
  return async (a) => {
    if (given !== null) return given;
    switch (a.passwordSource.kind) {
      case 'env':
        return passwordFromEnv(env, a.passwordSource.variable);
      case 'command':
        return passwordFromCommand(a.passwordSource.command);
      case 'file':
        return loadPassword(profileDir, a.id);
      case 'prompt':
      case 'keychain': // only the app can decrypt it (safeStorage)
        return null;
    }
  };
}
