// User folders (migration 7): an account's own (account_id set) or local ones that any
// account's mail can be filed in (account_id null). Names are unique per account, and among
// local folders, without regard to case. POP3 has no server folders: all of this is the profile's.
import type { DatabaseSync } from 'node:sqlite';
import type { FolderCountsView, FolderView } from '../../shared/contract.ts';
import { ARCHIVE, SENT } from './folder-ref.ts';
import { prepared } from './statements.ts';

export class FolderError extends Error {
  override readonly name = 'FolderError';
  readonly code: 'not-found' | 'name-taken' | 'invalid';
  constructor(message: string, code: FolderError['code']) {
    super(message);
    this.code = code;
  }
}

interface FolderRow {
  id: number;
  account_id: number | null;
  name: string;
}

export function findFolder(db: DatabaseSync, id: number): { id: number; accountId: number | null; name: string } | null {
  const r = prepared(db, 'SELECT id, account_id, name FROM folders WHERE id = ?').get(id) as FolderRow | undefined;
  return r ? { id: r.id, accountId: r.account_id, name: r.name } : null;
}

function checkName(db: DatabaseSync, accountId: number | null, name: string, exceptId: number | null): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new FolderError('A folder needs a name.', 'invalid');
  const taken = prepared(db, 'SELECT 1 FROM folders WHERE account_id IS ? AND lower(name) = lower(?) AND id IS NOT ?').get(
    accountId,
    clean,
    exceptId,
  );
  if (taken !== undefined) throw new FolderError(`There is already a folder named '${clean}' here.`, 'name-taken');
  return clean;
}

export function createFolder(db: DatabaseSync, accountId: number | null, name: string, now: number): number {
  const clean = checkName(db, accountId, name, null);
  const r = prepared(db, 'INSERT INTO folders (account_id, name, created_at) VALUES (?, ?, ?)').run(accountId, clean, now);
  return Number(r.lastInsertRowid);
}

export function renameFolder(db: DatabaseSync, id: number, name: string): void {
  const f = findFolder(db, id);
  if (f === null) throw new FolderError(`There is no folder with id ${id}.`, 'not-found');
  prepared(db, 'UPDATE folders SET name = ? WHERE id = ?').run(checkName(db, f.accountId, name, id), id);
}

/**
 * Removes a folder; its messages go to Trash (nothing is lost: Trash can restore them, and
 * restoreMessages files them in the Inbox, the folder being gone). Returns how many moved.
 */
export function removeFolder(db: DatabaseSync, id: number, now: number): number {
  if (findFolder(db, id) === null) throw new FolderError(`There is no folder with id ${id}.`, 'not-found');
  // Those already in Trash that came from it are to be restored to the Inbox too.
  prepared(db, 'UPDATE messages SET folder = 0 WHERE folder = ? AND deleted_locally = 1').run(id);
  const moved = prepared(
    db,
    'UPDATE messages SET deleted_locally = 1, trashed_at = ?, folder = 0 WHERE folder = ? AND deleted_locally = 0',
  ).run(now, id);
  prepared(db, 'DELETE FROM folders WHERE id = ?').run(id);
  return Number(moved.changes);
}

/** Every folder, local ones first, then by account and name, with its message and unread counts. */
export function listFolders(db: DatabaseSync): FolderView[] {
  const rows = prepared(
    db,
    'SELECT id, account_id, name FROM folders ORDER BY account_id IS NOT NULL, account_id, lower(name)',
  ).all() as unknown as FolderRow[];
  const totals = new Map<number, number>();
  for (const r of prepared(
    db,
    'SELECT folder AS f, COUNT(*) AS n FROM messages INDEXED BY messages_newest WHERE deleted_locally = 0 AND folder > 0 GROUP BY folder',
  ).all() as unknown as Array<{ f: number; n: number }>) {
    totals.set(r.f, Number(r.n));
  }
  const unread = new Map<number, number>();
  for (const r of prepared(
    db,
    'SELECT folder AS f, COUNT(*) AS n FROM messages INDEXED BY messages_unread WHERE read = 0 AND deleted_locally = 0 AND folder > 0 GROUP BY folder',
  ).all() as unknown as Array<{ f: number; n: number }>) {
    unread.set(r.f, Number(r.n));
  }
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    total: totals.get(r.id) ?? 0,
    unread: unread.get(r.id) ?? 0,
  }));
}

type Tally = { total: number; unread: number };
type Counts = { archive: Tally; trash: Tally; sent: Tally; drafts: number; outbox: number; outboxProblems: number };

/** Archive, Trash, Sent, Drafts and the Outbox per account, and for all accounts (accountId null). */
export function folderCounts(db: DatabaseSync, accountIds: readonly number[]): FolderCountsView[] {
  const zero = (): Counts => ({
    archive: { total: 0, unread: 0 },
    trash: { total: 0, unread: 0 },
    sent: { total: 0, unread: 0 },
    drafts: 0,
    outbox: 0,
    outboxProblems: 0,
  });
  const per = new Map<number, Counts>(accountIds.map((id) => [id, zero()]));
  const of = (a: number): Counts => {
    let c = per.get(a);
    if (!c) per.set(a, (c = zero()));
    return c;
  };
  const add = (a: number, which: 'archive' | 'trash' | 'sent', key: 'total' | 'unread', n: number): void => {
    of(a)[which][key] += n;
  };
  type Count = { a: number; n: number };
  for (const [which, code] of [
    ['archive', ARCHIVE],
    ['sent', SENT],
  ] as const) {
    const total = `SELECT account_id AS a, COUNT(*) AS n FROM messages INDEXED BY messages_newest_in_account
      WHERE deleted_locally = 0 AND folder = ${code} GROUP BY account_id`;
    for (const r of prepared(db, total).all() as unknown as Count[]) add(r.a, which, 'total', Number(r.n));
    const unread = `SELECT account_id AS a, COUNT(*) AS n FROM messages INDEXED BY messages_unread
      WHERE read = 0 AND deleted_locally = 0 AND folder = ${code} GROUP BY account_id`;
    for (const r of prepared(db, unread).all() as unknown as Count[]) add(r.a, which, 'unread', Number(r.n));
  }
  const trash =
    'SELECT account_id AS a, COUNT(*) AS n, SUM(read = 0) AS u FROM messages INDEXED BY messages_trash_in_account WHERE deleted_locally = 1 GROUP BY account_id';
  for (const r of prepared(db, trash).all() as unknown as Array<Count & { u: number }>) {
    add(r.a, 'trash', 'total', Number(r.n));
    add(r.a, 'trash', 'unread', Number(r.u));
  }
  for (const r of prepared(db, 'SELECT account_id AS a, COUNT(*) AS n FROM drafts GROUP BY account_id').all() as unknown as Count[])
    of(r.a).drafts += Number(r.n);
  // 'sent' items stay in the table as the record of what was sent; they are in Sent, not the Outbox.
  const outbox = `SELECT account_id AS a, COUNT(*) AS n, SUM(state IN ('failed', 'unknown')) AS p FROM outbox
    WHERE state <> 'sent' GROUP BY account_id`;
  for (const r of prepared(db, outbox).all() as unknown as Array<Count & { p: number }>) {
    of(r.a).outbox += Number(r.n);
    of(r.a).outboxProblems += Number(r.p);
  }
  const all = zero();
  for (const c of per.values()) {
    for (const which of ['archive', 'trash', 'sent'] as const) {
      all[which].total += c[which].total;
      all[which].unread += c[which].unread;
    }
    all.drafts += c.drafts;
    all.outbox += c.outbox;
    all.outboxProblems += c.outboxProblems;
  }
  return [{ accountId: null, ...all }, ...[...per].map(([accountId, c]) => ({ accountId, ...c }))];
}
