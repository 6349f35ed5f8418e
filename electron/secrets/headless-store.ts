// The store for a window without safeStorage (`poplar serve`, browser mode).
import type { Account } from '../../shared/account.ts';
import { FileSecretStore } from './file-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import type { SecretStore } from './secret-store.ts';

/** Saved passwords on disk are the user's earlier choice for this profile; otherwise nothing is written. */
export function headlessSecretStore(profileDir: string, accounts: readonly Account[]): SecretStore {
  return accounts.some((a) => a.passwordSource.kind === 'file') ? new FileSecretStore(profileDir) : new MemorySecretStore();
}
