// Passwords in memory only, for the life of the process: nothing is written anywhere.
import type { PasswordSource } from '../../shared/account.ts';
import { Secret } from './secret.ts';
import type { SecretStore } from './secret-store.ts';

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
