// Where the mailbox locks live: one per-user, machine-wide folder, and one file per mailbox key
// in it. The key is shared/mailbox-key.ts's mailboxKey(); this module only turns it into a name.

import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * The per-user, machine-wide lock folder:
 * - Windows: %LOCALAPPDATA%\Poplar\locks (private to the user by its ACL, local to the machine);
 * - everywhere else: /tmp/poplar-<uid>/locks, checked by tryAcquireMailboxLock to be ours.
 *
 * Deliberately NOT $XDG_RUNTIME_DIR or os.tmpdir() ($TMPDIR): the folder must be the same for
 * every Poplar process of the user, and those depend on how the process was started. The
 * desktop app has XDG_RUNTIME_DIR (and, on macOS, a per-user TMPDIR from launchd); a cron job
 * has neither, and libpam-tmpdir gives login sessions a TMPDIR that cron lacks. Two processes
 * that computed two folders would not see each other's locks — exactly the app + `poplar sync`
 * from cron case this lock exists for. /tmp is the one place every process of the user sees;
 * its dangers (another user creating the folder first) are handled by the ownership checks.
 * (A sandboxed build with a private /tmp, Flatpak or Snap, would need an explicit shared folder.)
 */
export function defaultLockDir(): string {
  if (process.platform === 'win32') {
    const base = process.env['LOCALAPPDATA'] || path.join(os.homedir(), 'AppData', 'Local');
    return path.join(base, 'Poplar', 'locks');
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join('/tmp', `poplar-${uid}`, 'locks');
}

/**
 * The lock file of `key` in `dir`: a hash of the whole key (unique, and first so that no name
 * starts like a Windows device name such as CON.) plus a sanitised readable part for people
 * looking into the folder.
 */
export function lockFilePath(dir: string, key: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
  const readable = key.replace(/[^A-Za-z0-9.@_-]/g, '_').slice(0, 64);
  return path.join(dir, `${hash}-${readable}.lock`);
}
