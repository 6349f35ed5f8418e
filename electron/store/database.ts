// The profile database: node:sqlite (SQLite with FTS5) in WAL mode.
//
// Durability: synchronous = FULL. The ledger's promise — no DELE before the local copy is
// durable — needs a message's commit on disk before its DELE is sent. With NORMAL a commit
// in WAL mode can be lost on power failure; FULL makes every commit fsync the WAL, one fsync
// per stored message, which the sync benchmark shows is affordable.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS, type AfterCommit } from './migrations.ts';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: 'corrupt' | 'unreadable' | 'too-new' | 'disk-full' | 'io';
  constructor(code: StoreError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function openDatabase(path: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 10_000 });
  } catch (error) {
    throw storeError(error, path);
  }
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, path);
  } catch (error) {
    db.close();
    throw storeError(error, path);
  }
  return db;
}

/**
 * A second connection to an open profile's database, for the analysis workers
 * (electron/analysis/worker.ts), which write from their own threads. It does not migrate: the
 * engine's connection did that before any worker starts. synchronous = NORMAL: an analysis
 * commit lost in a power failure only leaves its rows to be analysed again (indexed_at stays
 * null), and the WAL keeps commit order, so the engine's FULL commits that follow still make
 * everything before them durable.
 */
export function openAnalysisConnection(path: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 10_000 });
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (error) {
    throw storeError(error, path);
  }
  return db;
}

function migrate(db: DatabaseSync, path: string): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      'too-new',
      `${path} was written by a newer Poplar (schema ${version}); this one knows ${MIGRATIONS.length}. Update Poplar.`,
    );
  }
  for (let next = version; next < MIGRATIONS.length; next++) {
    const step = MIGRATIONS[next] ?? '';
    const afterCommit = transaction(db, () => {
      let after: AfterCommit | null = null;
      if (typeof step === 'string') db.exec(step);
      else after = step(db, dirname(path));
      db.exec(`PRAGMA user_version = ${next + 1}`);
      return after;
    });
    afterCommit?.();
  }
}

/** Runs `work` in one IMMEDIATE transaction: all of it is committed, or none. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Runs `work` in one read transaction (a deferred BEGIN takes no write lock), so every statement
 * in it sees the same commit while another connection — a sync, or `poplar sync` from cron —
 * writes. Inside a transaction already open, it just runs `work`.
 */
export function readTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN');
  try {
    return work();
  } finally {
    db.exec('COMMIT');
  }
}

/** An error thrown by node:sqlite (a failed statement), as opposed to one of ours. */
export function isSqliteError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SQLITE_ERROR';
}

/** Below this much free space, an I/O error of SQLite is taken for a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

function diskNearlyFull(file: string): boolean {
  try {
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/** SQLite's failures, said so that a person knows what happened and what to do. */
export function storeError(error: unknown, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as { message?: string; errcode?: number; code?: string };
  const message = e.message ?? String(error);
  // node:sqlite gives the extended result code (SQLITE_CORRUPT_INDEX is 779, SQLITE_IOERR_SHMSIZE
  // 4874); its low byte is the primary code the checks below mean. The extended code itself
  // is, for many failures, not the primary one.
  const primary = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  // SQLITE_CORRUPT (11), SQLITE_NOTADB (26)
  if (primary === 26 || primary === 11 || /not a database|malformed/i.test(message)) {
    return new StoreError(
      'corrupt',
      `The mail database ${path} is damaged (${message}). Your downloaded messages are still in the messages folder beside it. Move the damaged file aside; Poplar will create a new one and download the mail still on the server again.`,
      { cause: error },
    );
  }
  // SQLITE_FULL (13). A full disk met while SQLite sizes its WAL index (-shm) or WAL comes as
  // SQLITE_IOERR (10), whose text "disk I/O error" says nothing useful; with the disk (nearly)
  // full, that is what it is.
  if (primary === 13 || /database or disk is full/i.test(message) || (primary === 10 && diskNearlyFull(path))) {
    return new StoreError('disk-full', `The disk holding ${path} is full. Free some space; nothing was lost.`, { cause: error });
  }
  if (primary === 14 || primary === 8 || /unable to open|readonly|permission/i.test(message)) {
    return new StoreError(
      'unreadable',
      `Poplar cannot open or write the mail database ${path} (${message}). Check that the profile folder exists and that you may write to it.`,
      { cause: error },
    );
  }
  return new StoreError('io', `The mail database ${path} failed: ${message}`, { cause: error });
}
