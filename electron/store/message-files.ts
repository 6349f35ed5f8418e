// Raw messages as .eml files, exactly as received (after dot-unstuffing), written durably:
//
//   gather chunks (a large message: as they arrive) ─► open <account>/tmp/<random>.part, write ─► fsync ─► close
//   ─► rename to <account>/<h2>/<hash>.eml ─► fsync the folder (and its parent if new)
//
// Only after that does the caller commit the database row, and only after the commit may a
// DELE go out (DESIGN.md). A crash leaves at most a .part file, swept by the next session,
// or an .eml without a row, which the same message's next download overwrites.
//
// `finish` returns the folders whose fsync is still owed, so a caller committing a batch of
// messages fsyncs each folder once per batch (`syncFolders`) instead of once per message.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BodyConsumer } from '../pop3/reader.ts';

export interface PendingFile {
  /** Feeds the file; each chunk is written before the next is taken (backpressure). */
  readonly consume: BodyConsumer;
  /** Bytes written so far. */
  readonly size: () => number;
  /**
   * Fsyncs the file and renames it to `relativePath`. The rename is durable only once the
   * returned folders are fsynced (`MessageFiles.syncFolders`), which must happen before the
   * message's row is committed.
   */
  finish(relativePath: string): Promise<{ size: number; folders: string[] }>;
  /** Removes the temporary file (the message was not stored). */
  discard(): Promise<void>;
}

function uidlHash(mailboxKey: string, uidl: string): string {
  return createHash('sha256').update(`${mailboxKey}\0${uidl}`).digest('hex').slice(0, 32);
}

/** Bytes of a message gathered in memory before they are written (see `open`). */
const WRITE_BUFFER_BYTES = 256 * 1024;

export class MessageFiles {
  readonly root: string;
  /** Folders known to exist: made by this object, or found there. */
  readonly #folders = new Set<string>();
  readonly #tmpPrefix = randomBytes(6).toString('hex');
  #tmpCount = 0;

  constructor(root: string) {
    this.root = root;
  }

  /**
   * Where a message is kept: a name derived from its mailbox and UIDL, so that a message
   * downloaded again after a crash overwrites its own earlier file instead of adding a twin.
   * Servers without UIDL get a random name. Sixteen folders per account, by the name's first
   * hex digit: a batch's renames are made durable by one fsync per folder it touched, and with
   * 256 folders a batch of 50 touched about 45 of them (a 2,000-message first sync: 3.7 s
   * listed with 16 folders, 4.1 s with 256). 100,000 messages are 6,000 files a folder, which
   * ext4, APFS and NTFS index. Rows keep their own path, so files stored under the former
   * two-digit folders stay where they are (legacyRelativePath).
   */
  relativePath(accountId: number, mailboxKey: string, uidl: string | null): string {
    const hash = uidl === null ? randomBytes(16).toString('hex') : uidlHash(mailboxKey, uidl);
    return path.join(String(accountId), hash.slice(0, 1), `${hash}.eml`);
  }

  /** Where relativePath put a message before issue 13 (256 folders): for files a crash left there. */
  legacyRelativePath(accountId: number, mailboxKey: string, uidl: string): string {
    const hash = uidlHash(mailboxKey, uidl);
    return path.join(String(accountId), hash.slice(0, 2), `${hash}.eml`);
  }

  absolute(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  /**
   * A new message file. Its bytes are gathered in memory and written in as few writes as
   * possible (issue 13): a message of less than WRITE_BUFFER_BYTES is one open, one write, one
   * fsync, one close and one rename; a larger one is written as it arrives.
   * Every call goes to libuv's thread pool, even those that take microseconds on an idle disk:
   * while fsyncs force journal commits, creating a file or a folder waits for the journal
   * (ext4's jbd2), and done synchronously that held the engine's thread for up to 650 ms in a
   * 20,000-message first sync. The callback API, not FileHandle: no object per file to track.
   */
  async open(accountId: number): Promise<PendingFile> {
    const tmpDir = path.join(this.root, String(accountId), 'tmp');
    await this.#ensureFolder(tmpDir);
    // Unique without a random draw per file: this object's own random prefix and a counter.
    const tmp = path.join(tmpDir, `${Date.now()}-${this.#tmpPrefix}-${this.#tmpCount++}.part`);
    let fd: number | null = null;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let written = 0;
    let closed = false;
    const flush = async (): Promise<number> => {
      fd ??= (await this.#inFolder(tmpDir, () => openAsync(tmp, 'wx', 0o600))).value;
      const chunks = pending;
      pending = [];
      pendingBytes = 0;
      await writeAll(fd, chunks);
      return fd;
    };
    const close = async (): Promise<void> => {
      if (!closed) {
        closed = true;
        if (fd !== null) await closeAsync(fd);
      }
    };
    return {
      consume: async (chunk) => {
        written += chunk.length;
        if (fd === null && pendingBytes + chunk.length < WRITE_BUFFER_BYTES) {
          // Kept for one write at the end: a copy, since the chunk may be a view into the
          // connection's receive buffer (pop3/reader.ts).
          pending.push(Buffer.from(chunk));
          pendingBytes += chunk.length;
          return;
        }
        // A large message: written as it arrives, each chunk as it is (no copy to hold), so
        // its memory stays a few chunks whatever its size.
        pending.push(chunk);
        pendingBytes += chunk.length;
        await flush();
      },
      size: () => written,
      finish: async (relativePath) => {
        try {
          await fsyncAsync(await flush());
        } finally {
          await close();
        }
        const target = this.absolute(relativePath);
        const created = await this.#ensureFolder(path.dirname(target));
        const { remade } = await this.#inFolder(path.dirname(target), () => renameAsync(tmp, target));
        // A folder made just now must itself be durable in its parent, or the file is lost with it.
        const folders = created || remade ? [path.dirname(target), path.dirname(path.dirname(target))] : [path.dirname(target)];
        return { size: written, folders };
      },
      discard: async () => {
        pending = [];
        await close().catch(() => undefined); // already unusable: the file goes all the same
        await rm(tmp, { force: true });
      },
    };
  }

  /**
   * Runs `step` (which needs `folder`); when the folder has gone since it was known (an account
   * removed, a folder deleted by hand), makes it again and runs `step` once more. `remade` says
   * that it did (the folder's parent then needs an fsync too).
   */
  async #inFolder<T>(folder: string, step: () => Promise<T>): Promise<{ value: T; remade: boolean }> {
    try {
      return { value: await step(), remade: false };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !this.#folders.delete(folder)) throw error;
      await this.#ensureFolder(folder);
      return { value: await step(), remade: true };
    }
  }

  /** Makes `folder` exist; true when it (or a parent) was made now. Known folders cost no system call. */
  async #ensureFolder(folder: string): Promise<boolean> {
    if (this.#folders.has(folder)) return false;
    const created = await mkdir(folder, { recursive: true, mode: 0o700 });
    this.#folders.add(folder);
    return created !== undefined;
  }

  /**
   * Makes renames into `folders` durable (see `finish`). The fsyncs run at once: the file
   * system commits them together (one journal commit on ext4) instead of one after another.
   */
  async syncFolders(folders: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(folders)].map(syncDirectory));
  }

  /** Removes .part files a crashed session left; returns how many. Call under the mailbox lock. */
  async sweepTemporary(accountId: number): Promise<number> {
    const tmpDir = path.join(this.root, String(accountId), 'tmp');
    let names: string[];
    try {
      names = await readdir(tmpDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const parts = names.filter((n) => n.endsWith('.part'));
    await Promise.all(parts.map((n) => rm(path.join(tmpDir, n), { force: true })));
    return parts.length;
  }
}

/** Writes every byte of `chunks` in one writev, and more only when the kernel took less (a short write). */
async function writeAll(fd: number, chunks: Buffer[]): Promise<void> {
  let rest = chunks;
  while (rest.length > 0) {
    let written = await writevAsync(fd, rest);
    let done = 0;
    for (const chunk of rest) {
      if (written < chunk.length) break;
      written -= chunk.length;
      done++;
    }
    rest = rest.slice(done);
    const first = rest[0];
    if (first !== undefined && written > 0) rest = [first.subarray(written), ...rest.slice(1)];
  }
}

const openAsync = promisify(fs.open);
const closeAsync = promisify(fs.close);
const fsyncAsync = promisify(fs.fsync);
const renameAsync = promisify(fs.rename);
const writevAsync = (fd: number, chunks: Buffer[]): Promise<number> =>
  new Promise((resolve, reject) => fs.writev(fd, chunks, (error, written) => (error ? reject(error) : resolve(written))));

async function syncDirectory(dir: string): Promise<void> {
  const fd = await openAsync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}
