// How an account set up on the command line gets its password at check time, from its source:
// the command line itself, and the window for such accounts (engine/boot.ts).
import type { Account } from '../../shared/account.ts';
import { passwordFromCommand, passwordFromEnv } from './headless-sources.ts';
import { loadPassword } from './password-files.ts';
import type { Secret } from './secret.ts';

/** `given` (from --password-stdin) wins; 'prompt' accounts have nothing else. */
export function passwordResolver(
  profileDir: string,
  env: NodeJS.ProcessEnv,
  given: Secret | null = null,
): (a: Account) => Promise<Secret | null> {
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
