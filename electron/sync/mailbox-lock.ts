// One lock per POP3 mailbox on this computer, shared by every Poplar process of this user: the
// app, `poplar sync` from cron, a second profile. A POP3 server locks the maildrop for the
// session (RFC 1939 §4), so a second session of our own would be refused with "mailbox locked"
// and, worse, look to the user as if someone else held their mailbox.
//
// The lock is a file in a per-user, machine-wide folder (not in the profile: two profiles that
// point at the same mailbox must exclude each other too). Node has no flock(), so the owner is
// written into the file, and a lock whose owner process has died is recovered by the protocol
// drawn at tryAcquireMailboxLock.
//
// The folder: lock-dir.ts (where it is) and lock-dir-safety.ts (whether it can be trusted).
// The owner and whether it is alive: lock-owner.ts.

import { randomBytes } from 'node:crypto';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './errno.ts';
import { asLockError, ensureLockDir } from './lock-dir-safety.ts';
import { lockFilePath } from './lock-dir.ts';
import { liveness, newOwner, parseOwner, type LockOwner } from './lock-owner.ts';

export interface HeldLock {
  readonly key: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this lock (same nonce); never anyone else's. Idempotent. */
  release(): Promise<void>;
}

/**
 * Why a lock was not acquired:
 * - `held`: a live process on this computer holds it (possibly this very process: no re-entrancy);
 * - `other-computer`: the owner runs on another host (shared folder); we cannot tell whether it
 *   is alive, so it is never broken automatically — the user must remove the file (`path`);
 * - `recovering`: the lock is stale and another process (`heldBy`, the `.break` owner) is
 *   recovering it right now; try again in a moment;
 * - `unreadable`: the file exists but holds no owner we can read (being written, or damaged);
 *   `heldBy` is null. It is treated as stale once older than DAMAGED_FILE_AGE_MS.
 */
export type LockRefusalReason = 'held' | 'other-computer' | 'recovering' | 'unreadable';

export type LockResult =
  | { readonly acquired: true; readonly lock: HeldLock }
  | {
      readonly acquired: false;
      readonly reason: LockRefusalReason;
      /** The owner of the lock (or of the `.break` file for `recovering`); null when unreadable. */
      readonly heldBy: LockOwner | null;
      /** The lock file, for the message "if no Poplar is running there, delete …". */
      readonly path: string;
    };

/**
 * A `.break` file is held for a few milliseconds (rename, read, unlink, create). One older than
 * this whose owner is dead was left by a recoverer that died mid-way and may be removed. The age
 * is a second guard besides the pid check: a pid check can be wrong (a pid namespace we cannot
 * see), but no live recoverer keeps a `.break` for 30 s.
 */
export const STALE_BREAK_AGE_MS = 30_000;

/**
 * A lock file we cannot parse is normally one being written: the writer creates it and writes
 * ~300 bytes in the next microseconds. One still unreadable after 30 s was left by a writer that
 * died between create and write (or was damaged) and is treated as stale.
 */
export const DAMAGED_FILE_AGE_MS = 30_000;

/**
 * How long one tryAcquire waits for a transient state to settle (another process recovering the
 * same stale lock, a lock file being written) before answering `recovering` / `unreadable`.
 * Those states last milliseconds; a live lock is refused at once, without waiting.
 */
const ACQUIRE_PATIENCE_MS = 2_000;
const POLL_MS = 10;
/** Lock files are a few hundred bytes; anything much larger is not ours and is not read whole. */
const MAX_LOCK_FILE_BYTES = 64 * 1024;

/**
 * Takes the lock of mailbox `key` in `dir`, or says who holds it. Never waits for a live lock.
 *
 * ```
 *  open(lock,'wx') ──created──► write owner JSON, fsync, check the path is still our inode ─► ACQUIRED
 *        │ EEXIST
 *        ▼
 *  read lock ──owner alive (kill(pid,0) ok/EPERM, same start time)──► refused 'held'
 *        │   ──owner on another hostname──────────────────────────► refused 'other-computer'
 *        │ owner dead (ESRCH, zombie, or pid reused: start time differs)
 *        ▼
 *  open(lock.break,'wx') ──EEXIST──► its owner dead and older than 30 s? remove it, retry
 *        │                           otherwise: wait a few ms and start over ('recovering')
 *        ▼ we hold .break
 *  re-read lock: still the same stale file (nonce)? ──no──► drop .break, start over
 *        │ yes
 *        ▼
 *  remove it (rename away, verify) ─► open(lock,'wx') ─► drop .break ─► ACQUIRED
 * ```
 *
 * Why two recoverers of one stale lock cannot both win: each removes the lock only while it
 * holds `.break` and only after re-reading the lock under it. The second one to get `.break`
 * re-reads and finds the first one's new nonce (or a lock created in between by a plain
 * acquirer), not the stale one, and backs off. Removal is "rename to a private name, then check
 * what we moved" rather than unlink, so even if that guarantee were broken (a `.break` wrongly
 * judged abandoned) we only ever delete the very file we judged stale; a live file moved by
 * mistake is linked back (link fails instead of overwriting a lock created in between).
 * A live lock is never broken, however old it is. Within one process a second acquire of a held
 * key is refused like any other: the file exists and its owner (we) is alive.
 */
export async function tryAcquireMailboxLock(dir: string, key: string, info: { readonly profile: string | null }): Promise<LockResult> {
  try {
    return await acquire(dir, key, info.profile);
  } catch (error) {
    throw asLockError(error, dir);
  }
}

// ---------------------------------------------------------------------------------------------
// The protocol

async function acquire(dir: string, key: string, profile: string | null): Promise<LockResult> {
  await ensureLockDir(dir);
  const file = lockFilePath(dir, key);
  const owner = await newOwner(profile);
  const raw = `${JSON.stringify({ key, ...owner })}\n`;
  const deadline = Date.now() + ACQUIRE_PATIENCE_MS;
  const refuse = (reason: LockRefusalReason, heldBy: LockOwner | null): LockResult => ({
    acquired: false,
    reason,
    heldBy,
    path: file,
  });

  // Each round either answers or sees the files change under it; changes come from other
  // processes finishing their own step, so a handful of rounds is plenty. The bound only turns
  // a bug into an error instead of a spin.
  for (let round = 0; round < 1000; round++) {
    const created = await createExclusive(file, raw);
    if (created !== null) return { acquired: true, lock: heldLock(file, key, owner, created) };

    const current = await readOwnerFile(file);
    if (current.kind === 'missing') continue; // released between our create and our read
    if (current.kind === 'owner') {
      const state = await liveness(current.owner);
      if (state === 'alive') return refuse('held', current.owner);
      if (state === 'other-computer') return refuse('other-computer', current.owner);
    } else if (Date.now() - current.mtimeMs < DAMAGED_FILE_AGE_MS) {
      if (Date.now() >= deadline) return refuse('unreadable', null);
      await sleep(POLL_MS);
      continue;
    }

    const outcome = await recover(file, current, raw);
    if (outcome.kind === 'acquired') return { acquired: true, lock: heldLock(file, key, owner, outcome.created) };
    if (outcome.kind === 'busy') {
      if (Date.now() >= deadline) return refuse('recovering', outcome.by);
      await sleep(POLL_MS);
    }
    // 'changed': someone else moved first; look again.
  }
  throw new Error(`The mailbox lock ${file} keeps changing; giving up for now.`);
}

type Recovery =
  | { readonly kind: 'acquired'; readonly created: FileIdentity }
  | { readonly kind: 'busy'; readonly by: LockOwner | null }
  | { readonly kind: 'changed' };

/** Replaces the stale lock file `stale` with ours (`raw`), under `<lock>.break`. */
async function recover(file: string, stale: FileIdentity, raw: string): Promise<Recovery> {
  const breakFile = `${file}.break`;
  const breaker = await newOwner(null);
  const taken = await takeBreak(breakFile, `${JSON.stringify({ breaking: path.basename(file), ...breaker })}\n`);
  if (taken.kind === 'busy') return taken;
  try {
    const again = await readOwnerFile(file);
    if (again.kind === 'missing' || !sameFile(again, stale)) return { kind: 'changed' };
    if (!(await removeIfSame(file, stale))) return { kind: 'changed' };
    const created = await createExclusive(file, raw);
    return created === null ? { kind: 'changed' } : { kind: 'acquired', created };
  } finally {
    await removeIfSame(breakFile, taken.created);
  }
}

async function takeBreak(
  breakFile: string,
  raw: string,
): Promise<{ readonly kind: 'taken'; readonly created: FileIdentity } | { readonly kind: 'busy'; readonly by: LockOwner | null }> {
  for (let round = 0; round < 10; round++) {
    const created = await createExclusive(breakFile, raw);
    if (created !== null) return { kind: 'taken', created };
    const current = await readOwnerFile(breakFile);
    if (current.kind === 'missing') continue;
    const old = Date.now() - current.mtimeMs > STALE_BREAK_AGE_MS;
    const abandoned = old && (current.kind === 'unreadable' || (await liveness(current.owner)) === 'dead');
    if (!abandoned) return { kind: 'busy', by: current.kind === 'owner' ? current.owner : null };
    await removeIfSame(breakFile, current);
  }
  return { kind: 'busy', by: null };
}

interface FileIdentity {
  readonly ino: number;
  readonly raw: string;
}

/**
 * Creates `file` exclusively with `raw`, fsynced. Null when it already exists.
 *
 * The fsync is for power loss: without it a crash can leave an empty lock file on disk (the
 * name is durable before the data), which would block the mailbox for DAMAGED_FILE_AGE_MS.
 * The directory is not fsynced: a lock file lost in a crash is harmless, its owner died too.
 */
async function createExclusive(file: string, raw: string): Promise<FileIdentity | null> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return null;
    throw error;
  }
  let ino: number | null = null;
  try {
    ino = (await handle.stat()).ino;
    await handle.writeFile(raw, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    // Do not leave a half-written lock behind (disk full, I/O error), if the path is still ours.
    const now = await stat(file).catch(() => null);
    if (now !== null && now.ino === ino) await unlink(file).catch(() => undefined);
    throw error;
  }
  await handle.close();
  // Only a process stalled for DAMAGED_FILE_AGE_MS between create and write can have had its
  // file judged damaged and replaced; then the path is no longer our inode and we do not hold it.
  const now = await stat(file).catch(() => null);
  if (now === null || now.ino !== ino) return null;
  return { ino, raw };
}

type OwnerFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'owner'; readonly owner: LockOwner; readonly ino: number; readonly raw: string; readonly mtimeMs: number }
  | { readonly kind: 'unreadable'; readonly ino: number; readonly raw: string; readonly mtimeMs: number };

/** Reads a lock or `.break` file through one descriptor, so inode, time and content agree. */
async function readOwnerFile(file: string): Promise<OwnerFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const st = await handle.stat();
    const raw = st.size > MAX_LOCK_FILE_BYTES ? '' : await handle.readFile('utf8');
    const owner = st.size > MAX_LOCK_FILE_BYTES ? null : parseOwner(raw);
    const base = { ino: st.ino, raw, mtimeMs: st.mtimeMs };
    return owner === null ? { kind: 'unreadable', ...base } : { kind: 'owner', owner, ...base };
  } finally {
    await handle.close();
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.raw === b.raw;
}

/**
 * Removes `file` only if it is the file `expected` (same inode, same bytes). POSIX has no
 * "unlink if unchanged", so: rename it to a private name (atomic), inspect what we moved,
 * delete it if it is the expected one, otherwise put it back with link(), which fails rather
 * than overwrite a file created at `file` in the meantime.
 */
async function removeIfSame(file: string, expected: FileIdentity): Promise<boolean> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.gone`;
  try {
    await rename(file, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  const moved = await readOwnerFile(aside);
  if (moved.kind !== 'missing' && sameFile(moved, expected)) {
    await unlink(aside);
    return true;
  }
  try {
    await link(aside, file);
  } catch (error) {
    // EEXIST: a new file took the place in the microseconds between; it wins, ours is lost.
    // Anything else (a file system without hard links): fall back to a plain rename back.
    if (errorCode(error) !== 'EEXIST') await rename(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
  return false;
}

function heldLock(file: string, key: string, owner: LockOwner, created: FileIdentity): HeldLock {
  let released = false;
  return {
    key,
    owner,
    async release(): Promise<void> {
      if (released) return;
      try {
        const current = await readOwnerFile(file);
        // Someone replaced our lock (only possible if it was wrongly judged stale): not ours to remove.
        if (current.kind !== 'missing' && sameFile(current, created)) await removeIfSame(file, created);
        released = true;
      } catch (error) {
        throw asLockError(error, path.dirname(file));
      }
    },
  };
}
