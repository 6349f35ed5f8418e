// Passwords saved for headless use, only when the user asks (`--save-password`): one file per
// account in <profile>/secrets/, mode 0600 in a 0700 folder. This is weaker than the app's
// safeStorage (encrypted with the OS keychain), and the command line says so when it saves.
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Secret } from './secret.ts';
import type { SecretSlot } from './secret-store.ts';

/** <id>.password for the incoming server (as before slots existed), <id>.smtp.password for the outgoing one. */
function fileFor(profileDir: string, accountId: number, slot: SecretSlot): string {
  return path.join(profileDir, 'secrets', slot === 'pop3' ? `${accountId}.password` : `${accountId}.${slot}.password`);
}

export async function savePassword(profileDir: string, accountId: number, password: Secret, slot: SecretSlot = 'pop3'): Promise<string> {
  const dir = path.join(profileDir, 'secrets');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = fileFor(profileDir, accountId, slot);
  await writeFile(file, password.reveal(), { mode: 0o600 });
  await chmod(file, 0o600); // writeFile keeps the mode of an existing file
  return file;
}

/** The saved password, or null; throws when the file is readable by others (we refuse to use it). */
export async function loadPassword(profileDir: string, accountId: number, slot: SecretSlot = 'pop3'): Promise<Secret | null> {
  const file = fileFor(profileDir, accountId, slot);
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(
      `${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); Poplar will not use it. Run: chmod 600 '${file}'`,
    );
  }
  const text = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  return text === '' ? null : new Secret(text);
}

export async function forgetPassword(profileDir: string, accountId: number, slot: SecretSlot = 'pop3'): Promise<void> {
  await rm(fileFor(profileDir, accountId, slot), { force: true });
}
