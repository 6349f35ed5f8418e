// Whether the lock folder can be trusted, and the errors that say why it cannot be used.

import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './errno.ts';

export type MailboxLockErrorCode =
  | 'unsafe-folder' // the folder or one above it belongs to / is writable by another user
  | 'folder-unusable'; // permissions, read-only file system, disk full, a file in the way …

/** The lock folder cannot be used. The message names the folder and what the user can do. */
export class MailboxLockError extends Error {
  readonly code: MailboxLockErrorCode;
  /** The folder (or file) the problem is about. */
  readonly path: string;
  constructor(code: MailboxLockErrorCode, filePath: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailboxLockError';
    this.code = code;
    this.path = filePath;
  }
}

/**
 * Creates `dir` (0700) and checks it can be trusted. On POSIX every component of the path (and
 * of the real path behind a symbolic link) must belong to us or to root, and must not be
 * writable by others unless sticky (like /tmp); `dir` itself must be ours, and is made 0700.
 *
 * Why: the default folder lives in the shared /tmp. Another user could create
 * /tmp/poplar-<uid> first, or a symbolic link there, and so make us write lock files where
 * they choose, read our lock files, or delete our locks and let two sessions run. We refuse
 * such a folder with an explanation instead; the most they achieve is stopping Poplar from
 * checking mail (a denial of service the user can see and fix), never a silent takeover.
 * Windows has no uids here; %LOCALAPPDATA% is private to the user by its ACL.
 */
export async function ensureLockDir(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  if (uid === null) {
    await mkdir(abs, { recursive: true });
    return;
  }
  await checkComponents(abs, abs, uid); // before mkdir, so we never create inside a hostile folder
  await mkdir(abs, { recursive: true, mode: 0o700 });
  await checkComponents(abs, abs, uid);
  const st = await stat(abs);
  if (!st.isDirectory()) throw notAFolder(abs, dir);
  if (st.uid !== uid) throw unsafe(abs, dir, `it belongs to another user (uid ${st.uid}), not to you`);
  // Lock files name profiles and processes; nobody else needs to see them.
  if ((st.mode & 0o077) !== 0) await chmod(abs, 0o700);
}

async function checkComponents(target: string, dir: string, uid: number): Promise<void> {
  const parts: string[] = [];
  for (let p = target; ; p = path.dirname(p)) {
    parts.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of parts) {
    let st: Stats;
    try {
      st = await lstat(p);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return; // the rest will be created by us, 0700
      throw error;
    }
    if (st.uid !== uid && st.uid !== 0) throw unsafe(p, dir, `it belongs to another user (uid ${st.uid})`);
    if (st.isSymbolicLink()) {
      // A link we or root own cannot be changed by others; where it points must pass too.
      await checkComponents(await realpath(p), dir, uid);
      continue;
    }
    if (!st.isDirectory()) throw notAFolder(p, dir);
    if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) {
      throw unsafe(p, dir, 'other users can write to it, so they could replace what is inside');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function unsafe(p: string, dir: string, why: string): MailboxLockError {
  return new MailboxLockError(
    'unsafe-folder',
    p,
    `Poplar will not keep its mailbox locks in ${dir}: ${p === dir ? 'the folder' : p} is not safe, ${why}. ` +
      'In a shared temporary folder another user could use it to redirect or delete the locks that keep ' +
      `Poplar from opening two sessions on one mailbox. Remove ${p} if you do not know why it is there ` +
      '(its owner or an administrator can), then try again.',
  );
}

function notAFolder(p: string, dir: string): MailboxLockError {
  return new MailboxLockError(
    'folder-unusable',
    p,
    `Poplar cannot keep its mailbox locks in ${dir}: ${p} exists but is not a folder. Move or delete it.`,
  );
}

export function asLockError(error: unknown, dir: string): Error {
  if (error instanceof MailboxLockError) return error;
  const code = errorCode(error);
  const where = `Poplar cannot use ${dir} for its mailbox locks`;
  const needs = 'Poplar needs a folder it can write to there to make sure it never opens two sessions on one mailbox.';
  let message: string;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      message =
        `${where}: permission denied. Make sure the folder belongs to you and you can write to it, ` +
        `or delete it so that Poplar creates it afresh. ${needs}`;
      break;
    case 'EROFS':
      message = `${where}: it is on a read-only file system. ${needs} Make that file system writable.`;
      break;
    case 'ENOSPC':
    case 'EDQUOT':
      message = `${where}: the disk is full (or your quota is used up). Free some space. ${needs}`;
      break;
    case 'ENOTDIR':
    case 'EEXIST':
      message = `${where}: part of that path is a file, not a folder. Move or delete that file.`;
      break;
    default:
      message = `${where}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return new MailboxLockError('folder-unusable', dir, message, { cause: error });
}
