// Raw messages as .eml files, exactly as received (after dot-unstuffing), written durably:
//
//   open <account>/tmp/<random>.part ─► write chunks as they arrive ─► fsync ─► close
//   ─► rename to <account>/<h2>/<hash>.eml ─► fsync the folder (and its parent if new)
//
// Only after that does the caller commit the database row, and only after the commit may a
// DELE go out (DESIGN.md). A crash leaves at most a .part file, swept by the next session,
// or an .eml without a row, which the same message's next download overwrites.
//
// `finish` returns the folders whose fsync is still owed, so a caller committing a batch of
// messages fsyncs each folder once per batch (`syncFolders`) instead of once per message.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
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

export class MessageFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /**
   * Where a message is kept: a name derived from its mailbox and UIDL, so that a message
   * downloaded again after a crash overwrites its own earlier file instead of adding a twin.
   * Servers without UIDL get a random name.
   */
  relativePath(accountId: number, mailboxKey: string, uidl: string | null): string {
    const hash =
      uidl === null ? randomBytes(16).toString('hex') : createHash('sha256').update(`${mailboxKey}\0${uidl}`).digest('hex').slice(0, 32);
    return path.join(String(accountId), hash.slice(0, 2), `${hash}.eml`);
  }

  absolute(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  async open(accountId: number): Promise<PendingFile> {
    const tmpDir = path.join(this.root, String(accountId), 'tmp');
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}.part`);
    const handle = await open(tmp, 'wx', 0o600);
    let written = 0;
    let closed = false;
    const close = async (): Promise<void> => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      consume: async (chunk) => {
        await writeAll(handle, chunk);
        written += chunk.length;
      },
      size: () => written,
      finish: async (relativePath) => {
        try {
          await handle.sync();
        } finally {
          await close();
        }
        const target = this.absolute(relativePath);
        const created = await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await rename(tmp, target);
        // A folder made just now must itself be durable in its parent, or the file is lost with it.
        const folders = created !== undefined ? [path.dirname(target), path.dirname(path.dirname(target))] : [path.dirname(target)];
        return { size: written, folders };
      },
      discard: async () => {
        await close().catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  }

  /** Makes renames into `folders` durable (see `finish`). */
  async syncFolders(folders: Iterable<string>): Promise<void> {
    for (const folder of new Set(folders)) await syncDirectory(folder);
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

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
