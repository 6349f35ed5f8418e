// Downloading a session's new messages: each streamed into its own temporary file, made
// durable, parsed, and committed with its ledger entry in one transaction — in that order,
// so that a committed row always has its complete file, and a DELE (later) always has both.
import { rm } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import type { Pop3Client } from '../pop3/client.ts';
import { isStepFailureResult } from '../pop3/commands/pipeline.ts';
import type { BodyConsumer } from '../pop3/reader.ts';
import type { Account } from '../../shared/account.ts';
import { StoreError, transaction } from '../store/database.ts';
import { recordStored } from '../store/ledger.ts';
import type { PendingFile } from '../store/message-files.ts';
import { insertMessage } from '../store/messages.ts';
import { parseMessageFile, type ParsedMessage } from '../store/parse.ts';
import type { SessionContext } from './session.ts';
import { SyncFailure } from './result.ts';

/** Messages per commit: few enough that a crash costs little to download again. */
const COMMIT_BATCH = 50;
/** Messages being finished (fsync, rename, parse) at once, beside the one being received. */
const PARALLEL_STORES = 8;

export interface DownloadItem {
  readonly msg: number;
  /** null only on a server without UIDL. */
  readonly uidl: string | null;
  /** LIST size in octets, when known. */
  readonly size: number | null;
  /** Larger than the account's size limit: fetch headers only (TOP n 0), marked partial. */
  readonly headersOnly: boolean;
  /** The row of a partial message this download completes. */
  readonly replaces: number | null;
}

export interface DownloadOutcome {
  /** Message numbers now stored in full (the only ones that may be deleted on the server). */
  readonly storedFull: number[];
  readonly storedPartial: number[];
  /** A failure that stopped downloading (a full disk); the session still ends cleanly. */
  readonly failure: SyncFailure | null;
}

export async function downloadMessages(ctx: SessionContext, client: Pop3Client, account: Account, items: readonly DownloadItem[], notes: string[]): Promise<DownloadOutcome> {
  const storedFull: number[] = [];
  const storedPartial: number[] = [];
  let failure: SyncFailure | null = null;
  let failedOthers = 0;

  // Stored messages are committed in batches: one transaction (one fsync of the WAL) and one
  // fsync per folder for up to COMMIT_BATCH messages. That is safe because no DELE is sent
  // before downloading ends and every batch is committed; a crash loses at most the
  // uncommitted batch, which stays on the server and is downloaded again.
  interface Ready { item: DownloadItem; relativePath: string; size: number; parsed: ParsedMessage; partial: boolean; folders: string[] }
  let batch: Ready[] = [];
  const commit = async (): Promise<void> => {
    const ready = batch;
    batch = [];
    while (ready.length > 0) {
      try {
        await ctx.profile.files.syncFolders(ready.flatMap((r) => r.folders));
        const now = ctx.now();
        transaction(ctx.profile.db, () => {
          for (const r of ready) {
            if (r.item.replaces !== null) deleteRow(ctx.profile.db, r.item.replaces);
            const row = insertMessage(ctx.profile.db, { accountId: account.id, uidl: r.item.uidl, path: r.relativePath, size: r.size, serverSize: r.item.size, partial: r.partial, receivedAt: now, parsed: r.parsed });
            if (r.item.uidl !== null) recordStored(ctx.profile.db, account.mailboxKey, r.item.uidl, row, now);
          }
        });
      } catch (error) {
        if (!diskFull(error)) {
          for (const r of ready) onFailure(r.item, error);
          return;
        }
        // The disk is too full for the commit: give back the last message's file (it has no
        // row, and stays on the server) and commit the rest, so a full disk still stores what
        // fits instead of filling up with files nobody can see.
        const dropped = ready.pop();
        if (dropped) {
          if (dropped.item.replaces === null) await rm(ctx.profile.files.absolute(dropped.relativePath), { force: true });
          onFailure(dropped.item, error);
        }
        continue;
      }
      for (const r of ready) (r.partial ? storedPartial : storedFull).push(r.item.msg);
      await ctx.checkpoint?.('committed');
      return;
    }
  };

  const store = async (file: PendingFile, item: DownloadItem, partial: boolean): Promise<void> => {
    const relativePath = ctx.profile.files.relativePath(account.id, account.mailboxKey, item.uidl);
    const { size, folders } = await file.finish(relativePath);
    await ctx.checkpoint?.('file-durable');
    const parsed = await parseMessageFile(ctx.profile.files.absolute(relativePath), { partial });
    batch.push({ item, relativePath, size, parsed, partial, folders });
    if (batch.length >= COMMIT_BATCH) await commit();
  };

  const onFailure = (item: DownloadItem, error: unknown): void => {
    const disk = diskFull(error);
    if (disk && failure === null) {
      failure = diskFullFailure(storedFull.length + storedPartial.length, error);
    } else if (!disk) {
      failedOthers++;
      if (failedOthers <= 5) notes.push(`message ${item.msg} was not stored: ${(error as Error).message}`);
    }
  };

  // Headers only, one at a time: few, and TOP replies are small.
  for (const item of items.filter((i) => i.headersOnly)) {
    if (failure !== null) break;
    let file: PendingFile | null = null;
    try {
      file = await ctx.profile.files.open(account.id);
      await client.top(item.msg, 0, file.consume);
      await store(file, item, true);
    } catch (error) {
      await file?.discard();
      if (!client.usable) throw error;
      onFailure(item, error);
    }
  }
  await commit();
  if (storedPartial.length > 0) notes.push(`${storedPartial.length} message${storedPartial.length === 1 ? ' is' : 's are'} larger than the size limit: only the headers were downloaded`);

  const full = items.filter((i) => !i.headersOnly);
  const byMsg = new Map(full.map((i) => [i.msg, i]));
  const files = new Map<number, Promise<PendingFile>>();
  const inflight = new Set<Promise<void>>();
  await client.retrMany(
    full.map((i) => i.msg),
    (msg) => {
      // After a full disk, read the rest of each reply and drop it: the session stays in
      // step and can still DELE what was stored and QUIT.
      if (failure !== null) return () => undefined;
      const opening = ctx.profile.files.open(account.id);
      opening.catch(() => undefined); // handled where it is awaited
      files.set(msg, opening);
      const consume: BodyConsumer = async (chunk) => {
        await ctx.checkpoint?.('chunk'); // crash tests: die mid-message
        await (await opening).consume(chunk);
      };
      return consume;
    },
    async ({ msg, result }) => {
      const item = byMsg.get(msg);
      const opening = files.get(msg);
      files.delete(msg);
      if (!item || !opening) return;
      // Finishing a file (fsync, rename, parse) overlaps with receiving the next ones:
      // fsyncs wait on the disk, not the CPU, and several in flight share its flushes.
      const storing = (async () => {
        let file: PendingFile | null = null;
        try {
          file = await opening;
          if (isStepFailureResult(result)) throw result.error;
          await store(file, item, false);
        } catch (error) {
          await file?.discard();
          onFailure(item, error);
          // A full disk: commit what is ready now, while the discarded file's space is free.
          if (failure !== null) await commit();
        }
      })();
      inflight.add(storing);
      void storing.finally(() => inflight.delete(storing));
      while (inflight.size >= PARALLEL_STORES) await Promise.race(inflight);
    },
  );
  await Promise.all(inflight);
  await commit();
  if (failedOthers > 5) notes.push(`… and ${failedOthers - 5} more messages were not stored`);
  // Said now, when the count of stored messages is final (batches commit after the failure).
  const diskFailure = failure as SyncFailure | null; // assigned in callbacks, which narrowing does not see
  if (diskFailure !== null) failure = diskFullFailure(storedFull.length + storedPartial.length, diskFailure.cause);
  return { storedFull, storedPartial, failure };
}

function diskFullFailure(stored: number, cause: unknown): SyncFailure {
  return new SyncFailure('disk-full', `The disk holding the profile is full, so Poplar stopped downloading. ${stored} message${stored === 1 ? ' was' : 's were'} stored; the rest stay on the server and nothing is deleted there that is not stored here. Free some space and check again.`, { cause });
}

function deleteRow(db: DatabaseSync, row: number): void {
  db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(row);
  db.prepare('DELETE FROM messages WHERE id = ?').run(row);
}

function diskFull(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC' || (e instanceof StoreError && e.code === 'disk-full')) return true;
    if (/database or disk is full/i.test((e as Error).message ?? '')) return true;
  }
  return false;
}
