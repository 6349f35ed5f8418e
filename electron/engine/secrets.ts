// Where the engine keeps the passwords typed into the window. One interface, three stores:
//   - MemorySecretStore: browser mode's default. Passwords live only in this process's memory
//     and are gone when `poplar serve` stops; the account then asks again ('prompt').
//   - FileSecretStore: `poplar serve` on a profile whose accounts already keep saved passwords
//     (0600 files, store/saved-passwords.ts), so passwords typed in the window are kept the same way.
//   - The Electron shell provides a third, backed by safeStorage (the OS keychain), in electron/main.
import type { PasswordSource } from '../../shared/account.ts';
import { Secret } from '../pop3/transcript.ts';
import { forgetPassword, loadPassword, savePassword } from '../store/saved-passwords.ts';

export interface SecretStore {
  /** What an account added through the window records as its password source. */
  readonly source: PasswordSource;
  get(accountId: number): Promise<string | null>;
  set(accountId: number, password: string): Promise<void>;
  delete(accountId: number): Promise<void>;
}

/** Passwords in memory only, for the life of the process: nothing is written anywhere. */
export class MemorySecretStore implements SecretStore {
  // Asked for again after a restart: that is what 'prompt' means to the command line too.
  readonly source: PasswordSource = { kind: 'prompt' };
  readonly #passwords = new Map<number, Secret>();

  async get(accountId: number): Promise<string | null> {
    return this.#passwords.get(accountId)?.reveal() ?? null;
  }

  async set(accountId: number, password: string): Promise<void> {
    // Held as a Secret, so a stray log or inspect of this store prints "[redacted]".
    this.#passwords.set(accountId, new Secret(password));
  }

  async delete(accountId: number): Promise<void> {
    this.#passwords.delete(accountId);
  }
}

/** Passwords in <profile>/secrets/<id>.password, mode 0600 (weaker than safeStorage; the CLI says so). */
export class FileSecretStore implements SecretStore {
  readonly source: PasswordSource = { kind: 'file' };
  readonly #profileDir: string;

  constructor(profileDir: string) {
    this.#profileDir = profileDir;
  }

  async get(accountId: number): Promise<string | null> {
    return (await loadPassword(this.#profileDir, accountId))?.reveal() ?? null;
  }

  async set(accountId: number, password: string): Promise<void> {
    await savePassword(this.#profileDir, accountId, new Secret(password));
  }

  async delete(accountId: number): Promise<void> {
    await forgetPassword(this.#profileDir, accountId);
  }
}
