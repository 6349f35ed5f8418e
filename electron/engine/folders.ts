// folders.* : user folders (store/folders.ts) and the sidebar's counts. Every change tells the
// window 'folders.changed', so each open window re-reads the list.
import type { FolderView, FoldersView } from '../../shared/contract.ts';
import { listAccounts } from '../store/accounts.ts';
import { transaction } from '../store/database.ts';
import { createFolder, folderCounts, FolderError, listFolders, removeFolder, renameFolder } from '../store/folders.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError, notFound } from './errors.ts';

export function foldersView(ctx: EngineContext): FoldersView {
  const db = ctx.profile.db;
  return {
    folders: listFolders(db),
    counts: folderCounts(
      db,
      listAccounts(db).map((a) => a.id),
    ),
  };
}

function view(ctx: EngineContext, id: number): FolderView {
  const f = listFolders(ctx.profile.db).find((x) => x.id === id);
  if (!f) throw notFound(`folder with id ${id}`);
  return f;
}

/** A store refusal in the window's words. */
function asEngineError(error: unknown): never {
  if (error instanceof FolderError) {
    if (error.code === 'not-found') throw new EngineError('not-found', error.message);
    throw new EngineError('invalid-argument', error.message);
  }
  throw error;
}

export function addFolder(ctx: EngineContext, accountId: number | null, name: string): FolderView {
  if (accountId !== null) requireAccount(ctx, accountId);
  let id: number;
  try {
    id = createFolder(ctx.profile.db, accountId, name, ctx.clock.now());
  } catch (error) {
    asEngineError(error);
  }
  ctx.events.emit('folders.changed', {});
  return view(ctx, id);
}

export function renameFolderFromWindow(ctx: EngineContext, id: number, name: string): FolderView {
  try {
    renameFolder(ctx.profile.db, id, name);
  } catch (error) {
    asEngineError(error);
  }
  ctx.events.emit('folders.changed', {});
  return view(ctx, id);
}

export function removeFolderFromWindow(ctx: EngineContext, id: number): null {
  try {
    transaction(ctx.profile.db, () => removeFolder(ctx.profile.db, id, ctx.clock.now()));
  } catch (error) {
    asEngineError(error);
  }
  ctx.events.emit('folders.changed', {});
  return null;
}
