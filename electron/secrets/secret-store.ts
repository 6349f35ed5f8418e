// Where the engine keeps the passwords typed into the window. One interface, three stores:
//   - MemorySecretStore (memory-store.ts): browser mode's default. Passwords live only in this
//     process's memory and are gone when `poplar serve` stops; the account then asks again ('prompt').
//   - FileSecretStore (file-store.ts): `poplar serve` on a profile whose accounts already keep saved
//     passwords (0600 files, password-files.ts), so passwords typed in the window are kept the same way.
//   - SafeStorageSecretStore in electron/main, backed by Electron's safeStorage (the OS keychain):
//     only the main process may import electron.
import type { PasswordSource } from '../../shared/account.ts';

export interface SecretStore {
  /** What an account added through the window records as its password source. */
  readonly source: PasswordSource;
  get(accountId: number): Promise<string | null>;
  set(accountId: number, password: string): Promise<void>;
  delete(accountId: number): Promise<void>;
}
