// Passwords in <profile>/secrets/<id>.password, mode 0600 (password-files.ts): weaker than
// safeStorage, and the command line says so.
import type { PasswordSource } from '../../shared/account.ts';
import { forgetPassword, loadPassword, savePassword } from './password-files.ts';
import { Secret } from './secret.ts';
import type { SecretStore } from './secret-store.ts';

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
