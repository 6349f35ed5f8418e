// Passwords in memory only, for the life of the process: nothing is written anywhere.
import type { PasswordSource } from '../../shared/account.ts';
import { Secret } from './secret.ts';
import { SECRET_SLOTS, type SecretSlot, type SecretStore } from './secret-store.ts';

export class MemorySecretStore implements SecretStore {
  // Asked for again after a restart: that is what 'prompt' means to the command line too.
  readonly source: PasswordSource = { kind: 'prompt' };
  readonly #passwords = new Map<string, Secret>();

  async get(accountId: number, slot: SecretSlot = 'pop3'): Promise<string | null> {
    return this.#passwords.get(`${slot}:${accountId}`)?.reveal() ?? null;
  }

  async set(accountId: number, password: string, slot: SecretSlot = 'pop3'): Promise<void> {
    // Held as a Secret, so a stray log or inspect of this store prints "[redacted]".
    this.#passwords.set(`${slot}:${accountId}`, new Secret(password));
  }

  async delete(accountId: number, slot?: SecretSlot): Promise<void> {
    for (const s of slot ? [slot] : SECRET_SLOTS) this.#passwords.delete(`${s}:${accountId}`);
  }
}
