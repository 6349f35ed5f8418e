// A profile folder (DESIGN.md): poplar.db beside messages/. The app uses Electron's userData;
// the command line takes --profile DIR.
import { chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase, StoreError } from './database.ts';
import { MessageFiles } from './message-files.ts';

export interface Profile {
  readonly dir: string;
  readonly db: DatabaseSync;
  readonly files: MessageFiles;
  close(): void;
}

/** Where the command line keeps its profile when --profile is not given (same as the app's userData on Linux). */
export function defaultProfileDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Poplar');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Poplar');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Poplar');
}

export function openProfile(dir: string): Profile {
  const absolute = path.resolve(dir);
  try {
    mkdirSync(path.join(absolute, 'messages'), { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreError(
      code === 'ENOSPC' ? 'disk-full' : 'unreadable',
      `Poplar cannot use the profile folder ${absolute} (${code}). Check that it exists and that you may write to it.`,
      { cause: error },
    );
  }
  const dbPath = path.join(absolute, 'poplar.db');
  const db = openDatabase(dbPath);
  // Mail is private whatever the umask: SQLite gives its -wal and -shm files the mode of the
  // database file, so making this one 0600 covers all three (POSIX only).
  if (process.platform !== 'win32') {
    try {
      chmodSync(dbPath, 0o600);
    } catch {
      // Not our file (a shared profile): leave its mode to its owner.
    }
  }
  return {
    dir: absolute,
    db,
    files: new MessageFiles(path.join(absolute, 'messages')),
    close: () => db.close(),
  };
}
