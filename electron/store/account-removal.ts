// Removing an account from this computer, for the window and `poplar account remove` alike:
// its rows, its saved password and its downloaded files. Mail on the server is not touched.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { deleteAccountRows } from './accounts.ts';
import { accountMessageCount } from './messages.ts';
import type { Profile } from './profile.ts';

/** Where the account's password is kept: the engine's SecretStore, or the command line's password files. */
export interface PasswordKeeper {
  delete(accountId: number): Promise<void>;
}

export interface Removal {
  /** How many downloaded messages (Inbox and Trash) went with the account. */
  readonly messages: number;
  /** Why the saved password could not be forgotten; null when it was (or there was none). */
  readonly passwordError: Error | null;
}

/**
 * Rows first, in one transaction (deleteAccountRows): from then on no check can store for the
 * account. A password that cannot be forgotten does not stop the removal; the caller says so.
 * The files go last, or they would stay in the profile for good: a check still running for the
 * account fails to store into the removed folder and ends.
 */
export async function removeAccount(profile: Profile, id: number, passwords: PasswordKeeper): Promise<Removal> {
  const messages = accountMessageCount(profile.db, id);
  deleteAccountRows(profile.db, id);
  let passwordError: Error | null = null;
  try {
    await passwords.delete(id);
  } catch (error) {
    passwordError = error instanceof Error ? error : new Error(String(error));
  }
  await rm(path.join(profile.files.root, String(id)), { recursive: true, force: true });
  return { messages, passwordError };
}
