// Migration: every mailbox gets its normalised key (shared/mailbox-key.ts). Before it, the key
// only lower-cased the host, so `127.0.0.1` and `localhost`, or ports 110 and 995 of one server,
// were separate accounts: each stored every message, and their sessions overlapped on the server.
//
// Re-keyed: accounts, the UIDL ledger, the mailboxes rows (LOGIN-DELAY, UIDL support) and the
// session history. Lock files need nothing: they exist only while a session runs, are named by
// the key of the running process, and a stale one under an old name is never looked at again.
//
// Accounts that turn out to be one mailbox are MERGED into the first one created (DESIGN.md:
// one mailbox has one key, lock and schedule; the store has always allowed one account per
// key, accounts.mailbox_key is UNIQUE, and dropping that would mean rebuilding the accounts
// table, whose DROP cascades into every message). Nothing that was downloaded is lost:
//
//   each message of a later account ─► the first account has the same UIDL?
//        no  ─► the row moves to the first account; its file is hard-linked into that
//               account's folder (copied where links are impossible) before the commit
//        yes ─► one copy is kept (the complete one when the other is headers only); read if
//               read in either, deleted here only if deleted in both (deleting here can send
//               a DELE, the one step that cannot be undone); the other row goes
//   ledger of both keys ─► one ledger, each UIDL with the earliest facts (mailbox-merge.ts):
//               stored by either means stored, so nothing is downloaded again
//   sessions   ─► belong to the first account; its history now shows both
//   account_merges ─► one row per merged account, said once by `poplar account list`
//
// Files are only added before the commit; the old names are removed after it (AfterCommit), so a
// crash at any point leaves every row's file in place (at worst a spare link).
import { closeSync, copyFileSync, constants, fsyncSync, linkSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { mailboxKey } from '../../shared/mailbox-key.ts';
import { mergeLedger, mergeMailboxFacts } from './mailbox-merge.ts';
import type { AfterCommit } from './migrations.ts';

interface AccountRow {
  id: number;
  name: string;
  host: string;
  port: number;
  user: string;
  mailbox_key: string;
}

interface MessageRow {
  id: number;
  uidl: string | null;
  path: string;
  partial: number;
  read: number;
  deleted_locally: number;
}

/** A prefix no key starts with (a host never starts with a space): keys are parked under it while they are renamed. */
const PARKED = ' rekey ';

export function rekeyMailboxes(db: DatabaseSync, profileDir: string): AfterCommit {
  db.exec(`CREATE TABLE account_merges (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,  -- the account kept
    merged_name TEXT NOT NULL,
    merged_host TEXT NOT NULL,
    merged_port INTEGER NOT NULL,
    merged_user TEXT NOT NULL,
    moved INTEGER NOT NULL,            -- messages that moved to the kept account
    duplicates INTEGER NOT NULL,       -- second copies of one message, removed
    merged_at INTEGER NOT NULL,
    shown_at INTEGER                   -- when \`poplar account list\` said so
  )`);
  const messagesDir = path.join(profileDir, 'messages');
  const files = new FileMoves(messagesDir);
  const accounts = db
    .prepare('SELECT id, name, host, port, user, mailbox_key FROM accounts ORDER BY created_at, id')
    .all() as unknown as AccountRow[];
  const groups = new Map<string, AccountRow[]>();
  const keyMap = new Map<string, string>();
  for (const a of accounts) {
    const key = newKey(a.host, a.port, a.user) ?? a.mailbox_key;
    keyMap.set(a.mailbox_key, key);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const dropped: number[] = [];
  for (const [, [first, ...later]] of groups) {
    if (!first) continue;
    for (const other of later) {
      mergeAccount(db, files, first, other);
      dropped.push(other.id);
    }
  }
  // Keys that no account has any more (sessions and facts of removed accounts) are re-keyed too.
  for (const table of ['ledger', 'sessions'] as const) {
    for (const { k } of db.prepare(`SELECT DISTINCT mailbox_key AS k FROM ${table}`).all() as Array<{ k: string }>)
      if (!keyMap.has(k)) keyMap.set(k, parseOldKey(k) ?? k);
  }
  for (const { k } of db.prepare('SELECT key AS k FROM mailboxes').all() as Array<{ k: string }>)
    if (!keyMap.has(k)) keyMap.set(k, parseOldKey(k) ?? k);

  // Two steps through parked names, so that a key renamed onto a name another key has not yet
  // left is merged, never overwritten or moved twice.
  db.prepare('UPDATE accounts SET mailbox_key = ? || id').run(PARKED);
  const renamed = [...keyMap].filter(([from, to]) => from !== to);
  for (const [from, to] of renamed) rename(db, from, PARKED + to);
  for (const to of new Set(renamed.map(([, to]) => to))) rename(db, PARKED + to, to);
  const setKey = db.prepare('UPDATE accounts SET mailbox_key = ? WHERE id = ?');
  for (const [key, [first]] of groups) if (first) setKey.run(key, first.id);
  // A ledger entry whose message row went with a removed duplicate points at the copy kept.
  db.exec(`UPDATE ledger SET message_row = (SELECT m.id FROM messages m JOIN accounts a ON a.id = m.account_id
      WHERE a.mailbox_key = ledger.mailbox_key AND m.uidl = ledger.uidl)
    WHERE message_row IS NULL AND stored_at IS NOT NULL`);
  files.syncFolders();
  return () => {
    files.removeOld();
    for (const id of dropped) {
      // The merged account's saved password (CLI file, or the app's safeStorage blob), as
      // removing an account does; the kept account keeps its own.
      for (const name of [`${id}.password`, `${id}.bin`]) removeQuietly(path.join(profileDir, 'secrets', name));
    }
  };
}

function rename(db: DatabaseSync, from: string, to: string): void {
  mergeLedger(db, from, to);
  mergeMailboxFacts(db, from, to);
  db.prepare('UPDATE sessions SET mailbox_key = ? WHERE mailbox_key = ?').run(to, from);
}

function newKey(host: string, port: number, user: string): string | null {
  try {
    return mailboxKey(host, port, user);
  } catch {
    return null; // a port out of range: never written by Poplar; the row keeps its key
  }
}

/**
 * An old key `host:port:user` (host lower-cased, an IPv6 address written bare), for keys no
 * account holds any more. The host is an address or a name without `:`; the user may hold `:`.
 */
export function parseOldKey(key: string): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[0-9a-f.]*:[0-9a-f:.]*|[^:]+):(\d{1,5}):(.*)$/s.exec(key);
  if (!m) return null;
  return newKey(m[1] ?? '', Number(m[2]), m[3] ?? '');
}

function mergeAccount(db: DatabaseSync, files: FileMoves, first: AccountRow, other: AccountRow): void {
  const twin = db.prepare('SELECT id, uidl, path, partial, read, deleted_locally FROM messages WHERE account_id = ? AND uidl = ?');
  let moved = 0;
  let duplicates = 0;
  for (const m of db
    .prepare('SELECT id, uidl, path, partial, read, deleted_locally FROM messages WHERE account_id = ?')
    .all(other.id) as unknown as MessageRow[]) {
    const kept = m.uidl === null ? undefined : (twin.get(first.id, m.uidl) as MessageRow | undefined);
    if (!kept) {
      moveMessage(db, files, m, first.id, other.id);
      moved++;
      continue;
    }
    duplicates++;
    const [keep, drop] = kept.partial === 1 && m.partial === 0 ? [m, kept] : [kept, m];
    db.prepare(`UPDATE OR IGNORE remote_content_allowed SET value = ?, message_row = ? WHERE kind = 'message' AND message_row = ?`).run(
      String(keep.id),
      keep.id,
      drop.id,
    );
    db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(drop.id);
    db.prepare('DELETE FROM messages WHERE id = ?').run(drop.id);
    files.removeAfterCommit(drop.path);
    if (keep === m) moveMessage(db, files, m, first.id, other.id);
    db.prepare('UPDATE messages SET read = ?, deleted_locally = ? WHERE id = ?').run(
      kept.read || m.read ? 1 : 0,
      kept.deleted_locally && m.deleted_locally ? 1 : 0,
      keep.id,
    );
  }
  db.prepare('UPDATE sessions SET account_id = ? WHERE account_id = ?').run(first.id, other.id);
  db.prepare(
    `INSERT INTO account_merges (account_id, merged_name, merged_host, merged_port, merged_user, moved, duplicates, merged_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(first.id, other.name, other.host, other.port, other.user, moved, duplicates, Date.now());
  db.prepare('DELETE FROM accounts WHERE id = ?').run(other.id);
}

function moveMessage(db: DatabaseSync, files: FileMoves, m: MessageRow, to: number, from: number): void {
  db.prepare('UPDATE messages SET account_id = ?, path = ? WHERE id = ?').run(to, files.move(m.path, from, to), m.id);
}

/** Message files moving from one account's folder to another's, durably and undoably. */
class FileMoves {
  readonly #root: string;
  readonly #old: string[] = [];
  readonly #folders = new Set<string>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Adds the file under the account `to` and returns its new relative path (the old one if there is nothing to move). */
  move(relative: string, from: number, to: number): string {
    const parts = relative.split(/[\\/]/);
    if (parts[0] !== String(from) || parts.length < 2) return relative;
    const source = path.join(this.#root, relative);
    let target = path.join(String(to), ...parts.slice(1));
    for (let n = 1; ; n++) {
      const outcome = addName(source, path.join(this.#root, target));
      if (outcome === 'missing') return relative;
      if (outcome === 'added') break;
      target = path.join(String(to), ...parts.slice(1, -1), `${n}-${parts.at(-1) ?? ''}`);
    }
    // The new entry's folder, and the folders above it that may be new too.
    for (
      let dir = path.dirname(path.join(this.#root, target));
      dir.startsWith(this.#root) && dir !== path.dirname(dir);
      dir = path.dirname(dir)
    )
      this.#folders.add(dir);
    this.#old.push(source);
    return target;
  }

  removeAfterCommit(relative: string): void {
    this.#old.push(path.join(this.#root, relative));
  }

  /** The new names must be on disk before the rows that point at them are committed. */
  syncFolders(): void {
    for (const folder of this.#folders) {
      if (process.platform === 'win32') continue; // NTFS: directories cannot be opened for fsync
      const fd = openSync(folder, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  removeOld(): void {
    const folders = new Set<string>();
    for (const file of this.#old) {
      removeQuietly(file);
      folders.add(path.dirname(file));
    }
    // Folders left empty (…/<account>/<h2>, then <account>), never a folder with anything in it.
    for (const folder of folders) {
      for (let dir = folder; dir.startsWith(this.#root + path.sep); dir = path.dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
      }
    }
  }
}

/** Gives `source` the name `target` as well: 'taken' when another file has that name. */
function addName(source: string, target: string): 'added' | 'missing' | 'taken' {
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  try {
    linkSync(source, target);
    return 'added';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'EEXIST') return sameFile(source, target) ? 'added' : 'taken'; // a link from a run that did not commit
  }
  // No hard links here (FAT, some network shares): a durable copy.
  try {
    copyFileSync(source, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'taken';
    throw error;
  }
  const fd = openSync(target, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return 'added';
}

function sameFile(a: string, b: string): boolean {
  const [x, y] = [statSync(a), statSync(b)];
  return x.ino === y.ino && x.dev === y.dev;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or not ours to remove: nothing refers to it.
  }
}
