// Passwords in <profile>/secrets/<id>.password, mode 0600 (password-files.ts): weaker than
// safeStorage, and the command line says so.
import type { PasswordSource } from '../../shared/account.ts';
import { forgetPassword, loadPassword, savePassword } from './password-files.ts';
import { Secret } from './secret.ts';
import { SECRET_SLOTS, type SecretSlot, type SecretStore } from './secret-store.ts';

export class FileSecretStore implements SecretStore {
  readonly source: PasswordSource = { kind: 'file' };
  readonly #profileDir: string;

  constructor(profileDir: string) {
    this.#profileDir = profileDir;
  }

  async get(accountId: number, slot: SecretSlot = 'pop3'): Promise<string | null> {
    return (await loadPassword(this.#profileDir, accountId, slot))?.reveal() ?? null;
  }

  async set(accountId: number, password: string, slot: SecretSlot = 'pop3'): Promise<void> {
    await savePassword(this.#profileDir, accountId, new Secret(password), slot);
  }

  async delete(accountId: number, slot?: SecretSlot): Promise<void> {
    for (const s of slot ? [slot] : SECRET_SLOTS) await forgetPassword(this.#profileDir, accountId, s);
  }
}
