// Passwords typed into the window, encrypted with Electron's safeStorage (the OS keychain:
// Keychain on macOS, DPAPI on Windows, libsecret / KWallet on Linux) into
// <userData>/secrets/<id>.bin (the outgoing server's own: <id>.smtp.bin), mode 0600.
//
// When the OS offers no secure storage (safeStorage unavailable, or Linux's 'basic_text'
// backend, which encrypts with a fixed key), nothing is written until the user has been told
// and has agreed; if they decline, passwords are kept in memory until Poplar quits. Never
// plaintext silently.
import { safeStorage } from 'electron';
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { PasswordSource } from '../../shared/account.ts';
import { SECRET_SLOTS, type SecretSlot, type SecretStore } from '../secrets/secret-store.ts';

/**
 * Asked once, the first time a password would be stored without secure storage:
 * 'weak' — encryption with a fixed key only (Linux without a keyring): may it be written?
 * 'unavailable' — no encryption at all: the user is told; the answer must be false.
 */
export type WeakStorageConsent = (why: 'weak' | 'unavailable') => Promise<boolean>;

export class SafeStorageSecretStore implements SecretStore {
  readonly source: PasswordSource = { kind: 'keychain' };
  readonly #dir: string;
  readonly #askConsent: WeakStorageConsent;
  /** Passwords the user chose not to write to disk: memory only, for this run. */
  readonly #memory = new Map<string, string>();
  #consent: Promise<boolean> | null = null;

  constructor(userData: string, askConsent: WeakStorageConsent) {
    this.#dir = path.join(userData, 'secrets');
    this.#askConsent = askConsent;
  }

  #file(accountId: number, slot: SecretSlot): string {
    if (!Number.isSafeInteger(accountId) || accountId < 1) throw new RangeError(`not an account id: ${accountId}`);
    return path.join(this.#dir, slot === 'pop3' ? `${accountId}.bin` : `${accountId}.${slot}.bin`);
  }

  async #secure(): Promise<boolean> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  async get(accountId: number, slot: SecretSlot = 'pop3'): Promise<string | null> {
    const held = this.#memory.get(`${slot}:${accountId}`);
    if (held !== undefined) return held;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#file(accountId, slot));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(bytes);
    if (shouldReEncrypt) await this.#write(accountId, result, slot);
    return result;
  }

  async set(accountId: number, password: string, slot: SecretSlot = 'pop3'): Promise<void> {
    if (!(await this.#secure())) {
      const available = await safeStorage.isAsyncEncryptionAvailable();
      this.#consent ??= this.#askConsent(available ? 'weak' : 'unavailable');
      if (!(await this.#consent) || !available) {
        this.#memory.set(`${slot}:${accountId}`, password);
        return;
      }
    }
    this.#memory.delete(`${slot}:${accountId}`);
    await this.#write(accountId, password, slot);
  }

  async delete(accountId: number, slot?: SecretSlot): Promise<void> {
    for (const s of slot ? [slot] : SECRET_SLOTS) {
      this.#memory.delete(`${s}:${accountId}`);
      await rm(this.#file(accountId, s), { force: true });
    }
  }

  async #write(accountId: number, password: string, slot: SecretSlot): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(password);
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const file = this.#file(accountId, slot);
    const temp = `${file}.tmp`;
    await writeFile(temp, encrypted, { mode: 0o600 });
    await rename(temp, file);
  }
}
