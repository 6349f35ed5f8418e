// Where the engine keeps the passwords typed into the window. One interface, three stores:
//   - MemorySecretStore (memory-store.ts): browser mode's default. Passwords live only in this
//     process's memory and are gone when `poplar serve` stops; the account then asks again ('prompt').
//   - FileSecretStore (file-store.ts): `poplar serve` on a profile whose accounts already keep saved
//     passwords (0600 files, password-files.ts), so passwords typed in the window are kept the same way.
//   - SafeStorageSecretStore in electron/main, backed by Electron's safeStorage (the OS keychain):
//     only the main process may import electron.
import type { PasswordSource } from '../../shared/account.ts';

/**
 * Which of an account's passwords: the incoming server's ('pop3', the default) or the outgoing
 * server's own ('smtp', when it is not the incoming one). Each is kept under its own key.
 */
export type SecretSlot = 'pop3' | 'smtp';
export const SECRET_SLOTS: readonly SecretSlot[] = ['pop3', 'smtp'];

export interface SecretStore {
  /** What an account added through the window records as its password source. */
  readonly source: PasswordSource;
  get(accountId: number, slot?: SecretSlot): Promise<string | null>;
  set(accountId: number, password: string, slot?: SecretSlot): Promise<void>;
  /** One slot's password, or without `slot` every password of the account (removing it). */
  delete(accountId: number, slot?: SecretSlot): Promise<void>;
}
