// Who holds a mailbox lock, and whether that process is still alive. Node has no flock(), so
// mailbox-lock.ts writes the owner into the lock file and judges a lock stale only when this
// module says its owner is dead: a live lock must never be broken.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { errorCode } from './errno.ts';

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

let ownStart: Promise<string | null> | undefined;

/** This process as the owner of a new lock (or `.break` file) for `profile`. */
export async function newOwner(profile: string | null): Promise<LockOwner> {
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

/** The owner written in a lock file, or null when the text is not one (being written, damaged, not ours). */
export function parseOwner(raw: string): LockOwner | null {
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

/** `other-computer`: the owner's host is not ours, so its pid says nothing here. */
export type Liveness = 'alive' | 'dead' | 'other-computer';

/** Whether `owner` is still running. When in doubt, alive. */
export async function liveness(owner: LockOwner): Promise<Liveness> {
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
