// Trash: emptying it, its own retention ("empty after N days", an account setting) and the
// removal of the files of messages deleted permanently. The engine purges at start, after each
// session and every hour (engine.ts), so a profile left running keeps to the rule too.
import { rm } from 'node:fs/promises';
import { transaction } from '../store/database.ts';
import { listAccounts } from '../store/accounts.ts';
import { removeMessages, trashedMessages } from '../store/message-state.ts';
import type { EngineContext } from './context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Files no row refers to any more; one that cannot be removed is logged and left (it costs space, not a message). */
export async function removeFiles(ctx: EngineContext, paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    try {
      await rm(ctx.profile.files.absolute(p), { force: true });
    } catch (error) {
      ctx.log(`poplar engine: could not remove ${p}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function remove(ctx: EngineContext, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { removed, paths } = transaction(ctx.profile.db, () => removeMessages(ctx.profile.db, ids, ctx.clock.now()));
  await removeFiles(ctx, paths);
  if (removed > 0) ctx.events.emit('folders.changed', {});
  return removed;
}

/** Deletes permanently what Trash holds: one account's, or every account's (null). */
export async function emptyTrash(ctx: EngineContext, accountId: number | null): Promise<{ removed: number }> {
  return { removed: await remove(ctx, trashedMessages(ctx.profile.db, accountId)) };
}

/** Deletes permanently what has been in an account's Trash longer than its trashDays. */
export async function purgeTrash(ctx: EngineContext): Promise<number> {
  let removed = 0;
  const now = ctx.clock.now();
  for (const a of listAccounts(ctx.profile.db)) {
    if (a.trashDays == null) continue;
    removed += await remove(ctx, trashedMessages(ctx.profile.db, a.id, now - a.trashDays * DAY_MS));
  }
  return removed;
}
