// One lock per POP3 mailbox on this computer, shared by every Poplar process of this user: the
// app, `poplar sync` from cron, a second profile. A POP3 server locks the maildrop for the
// session (RFC 1939 §4), so a second session of our own would be refused with "mailbox locked"
// and, worse, look to the user as if someone else held their mailbox.
//
// The lock is a file in a per-user, machine-wide folder (not in the profile: two profiles that
// point at the same mailbox must exclude each other too). Node has no flock(), so the owner is
// written into the file, and a lock whose owner process has died is recovered by the protocol
// drawn at tryAcquireMailboxLock.

import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Who holds a lock; written as JSON into the lock file (and into a `.break` file).
 * `pid` + `hostname` + `processStart` identify a process even after its pid is reused.
 */
export interface LockOwner {
  readonly pid: number;
  /** `os.hostname()` of the owner. A lock from another host (a shared NFS home) is never broken. */
  readonly hostname: string;
  /**
   * Linux: "<boot id>/<start time in clock ticks since boot>" (field 22 of /proc/<pid>/stat).
   * A live pid with another start time is a new process that reused the pid: the owner is dead.
   * The boot id makes a lock left over from before a reboot stale even if pid and ticks match.
   * Null elsewhere: there we rely on the pid alone.
   */
  readonly processStart: string | null;
  /** The owner's profile folder, for the user: "held by Poplar (profile …), pid …". */
  readonly profile: string | null;
  /** Date.now() when the lock was taken. Informational only: age never makes a live lock stale. */
  readonly acquiredAt: number;
  /** Random per acquisition: tells this lock file from any later one with the same owner pid. */
  readonly nonce: string;
}

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
export async function tryAcquireMailboxLock(
  dir: string,
  key: string,
  info: { readonly profile: string | null },
): Promise<LockResult> {
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

// ---------------------------------------------------------------------------------------------
// Owners and whether they are alive

let ownStart: Promise<string | null> | undefined;

async function newOwner(profile: string | null): Promise<LockOwner> {
  ownStart ??= processStart(process.pid);
  return {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: await ownStart,
    profile,
    acquiredAt: Date.now(),
    nonce: randomBytes(16).toString('hex'),
  };
}

function parseOwner(raw: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { pid, hostname, processStart: start, profile, acquiredAt, nonce } = v;
  // A pid of 0 or below would make kill(pid, 0) address a process group: never accept one.
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
  if (typeof hostname !== 'string') return null;
  if (start !== null && typeof start !== 'string') return null;
  if (profile !== null && typeof profile !== 'string') return null;
  if (typeof acquiredAt !== 'number' || typeof nonce !== 'string' || nonce === '') return null;
  return { pid, hostname, processStart: start, profile, acquiredAt, nonce };
}

type Liveness = 'alive' | 'dead' | 'other-computer';

async function liveness(owner: LockOwner): Promise<Liveness> {
  // Another host's pids mean nothing here (an NFS-shared folder): never judge them.
  if (owner.hostname !== os.hostname()) return 'other-computer';
  try {
    process.kill(owner.pid, 0); // signal 0: existence check only
  } catch (error) {
    // ESRCH: no such process. EPERM: it exists but belongs to another user — alive.
    // Anything else: we cannot tell, so alive (a live lock must never be broken).
    if (errorCode(error) === 'ESRCH') return 'dead';
  }
  const proc = await readProcStat(owner.pid);
  if (proc === null) return 'alive'; // not Linux, or /proc hides it (hidepid): trust the pid
  if (proc.state === 'Z' || proc.state === 'X') return 'dead'; // exited, not yet reaped
  if (owner.processStart !== null && owner.processStart !== proc.start) return 'dead'; // pid reused
  return 'alive';
}

async function processStart(pid: number): Promise<string | null> {
  return (await readProcStat(pid))?.start ?? null;
}

let bootId: Promise<string> | undefined;

/** Linux only: the state (field 3) and the start identity (boot id + field 22) of `pid`. */
async function readProcStat(pid: number): Promise<{ state: string; start: string } | null> {
  if (process.platform !== 'linux') return null;
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may contain spaces and ')': split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0]; // field 3
  const ticks = fields[19]; // field 22: start time in clock ticks since boot
  if (state === undefined || ticks === undefined || !/^\d+$/.test(ticks)) return null;
  bootId ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (id) => id.trim(),
    () => '',
  );
  return { state, start: `${await bootId}/${ticks}` };
}

// ---------------------------------------------------------------------------------------------
// The folder

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
async function ensureLockDir(dir: string): Promise<void> {
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

function asLockError(error: unknown, dir: string): Error {
  if (error instanceof MailboxLockError) return error;
  const code = errorCode(error);
  const where = `Poplar cannot use ${dir} for its mailbox locks`;
  const needs = 'Poplar needs a folder it can write to there to make sure it never opens two sessions on one mailbox.';
  let message: string;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      message = `${where}: permission denied. Make sure the folder belongs to you and you can write to it, or delete it so that Poplar creates it afresh. ${needs}`;
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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
