// Downloading a session's new messages: each received into its own file, made durable, its
// headers read, and committed with its ledger entry in one transaction — in that order, so
// that a committed row always has its complete file, and a DELE (later) always has both.
//
//   RETR ─► .part file (size guard: headers only past the limit) ─► fsync ─► rename
//   ─► header pass (mime/header-summary.ts, from the header block kept in memory)
//   ─► batch ─► commit: on COMMIT_BATCH messages, every COMMIT_INTERVAL_MS, and when the
//      session stops for any reason (close() — called on success and on failure alike)
//   ─► the analysis workers are told (ctx.analysis): text, snippet, parts and the full-text
//      row come after the commit, off this thread, and never hold up a session or its DELE.
//
// Commit what is complete, whatever happens next (issue 11): a dropped connection, a timeout,
// a RETR error or the user's stop closes the open batch instead of throwing it away, and one
// row that cannot be inserted is retried and reported alone instead of taking its batch along.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import type { Pop3Client } from '../pop3/client.ts';
import { isStepFailureResult } from '../pop3/commands/pipeline.ts';
import type { BodyConsumer } from '../pop3/reader.ts';
import type { Account } from '../../shared/account.ts';
import { StoreError, transaction } from '../store/database.ts';
import { contentKey, ledgerEntry, recordStored } from '../store/ledger.ts';
import type { PendingFile } from '../store/message-files.ts';
import { insertListedMessage } from '../store/message-insert.ts';
import { deleteMessageRow, pathInUse } from '../store/messages.ts';
import { summariseHeaders, type HeaderSummary } from '../mime/header-summary.ts';
import type { SessionContext } from './session.ts';
import { SyncFailure } from './result.ts';
import { SizeGuard } from './size-guard.ts';

/** Messages per commit: few enough that a crash costs little to download again. */
const COMMIT_BATCH = 50;
/**
 * Longest time a finished message waits for its commit. Without it, a batch of small messages
 * waited behind a large one (or a slow link) and a kill lost them all: in 100 kills between
 * 0.2 and 4 s, not one 50-message batch was committed (issue 11).
 */
const COMMIT_INTERVAL_MS = 2000;
/** Messages being finished (fsync, rename, header pass) at once, beside the one being received. */
const PARALLEL_STORES = 16;
/** Per-message problems written out one by one in the session notes; the rest are counted. */
const NOTED_FAILURES = 5;
/**
 * A received size that differs from LIST by more than this share (and by more than
 * SIZE_SLACK_OCTETS) is noted: LIST is "exact" (RFC 1939 §5), but servers that store LF and
 * count CRLF, or the other way round, are a few percent off without meaning harm.
 */
const SIZE_MISMATCH_SHARE = 0.05;
const SIZE_SLACK_OCTETS = 256;

/** How a message is identified in the ledger. */
export type ItemKey =
  | { readonly kind: 'uidl'; readonly uidl: string }
  /** Its UIDL cannot be trusted (store/listing.ts): keyed by a SHA-256 of its bytes. */
  | { readonly kind: 'content' }
  /**
   * A server without UIDL: nothing the server says identifies it in a later session, so it is
   * keyed by content too — a message stored by a session that then lost its connection (and
   * so could not DELE it) is recognised when it comes again, not stored twice.
   */
  | { readonly kind: 'none' };

export interface DownloadItem {
  readonly msg: number;
  readonly key: ItemKey;
  /** LIST size in octets, when known. */
  readonly size: number | null;
  /** Larger than the account's size limit: fetch headers only (TOP n 0), marked partial. */
  readonly headersOnly: boolean;
  /** The row of a partial message this download completes (fetched whole, whatever its size). */
  readonly replaces: number | null;
}

interface Ready {
  item: DownloadItem;
  /** The ledger key: the UIDL, a content key, or null (no UIDL). */
  key: string | null;
  /** Received in full, not yet durable: finished (fsync, rename) as soon as it is in the batch. */
  file: PendingFile;
  /**
   * That finish, started when the message joined its batch (`#store`); the commit waits for
   * it. Null after a full disk, when files are finished one at a time at the commit.
   */
  finishing: Promise<{ size: number; folders: string[] }> | null;
  relativePath: string;
  size: number;
  serverSize: number | null;
  headers: HeaderSummary;
  partial: boolean;
  /** The folders whose fsync makes its rename durable; known once the file is finished. */
  folders: string[];
}

interface Receiving {
  readonly opening: Promise<PendingFile>;
  readonly guard: SizeGuard;
  readonly hash: Hash | null;
}

export class Downloader {
  readonly #ctx: SessionContext;
  readonly #client: Pop3Client;
  readonly #account: Account;
  readonly #notes: string[];
  /** Message numbers now stored in full (the only ones that may be deleted on the server). */
  readonly storedFull: number[] = [];
  readonly storedPartial: number[] = [];
  /**
   * Content-keyed messages whose bytes are committed here (this session or an earlier one),
   * by message number of this session: the only way such a message may be named in a DELE.
   */
  readonly byContent = new Map<number, string>();
  /** A full disk that stopped downloading; the session still ends cleanly. */
  #diskFailure: SyncFailure | null = null;
  #failedOthers = 0;
  #alreadyStored = 0;
  #cutToHeaders = 0;
  #sizeMismatches = 0;
  #sizeExample = '';
  #headersOnly = 0;
  #batch: Ready[] = [];
  #timer: NodeJS.Timeout | null = null;
  #committing: Promise<void> = Promise.resolve();
  /** Content keys in the open batch, with the other message numbers of this session that have the same bytes. */
  readonly #pendingKeys = new Map<string, number[]>();
  #closed = false;
  /** Content keys of messages stored here under a UIDL that is no longer unique. */
  readonly #knownContent: ReadonlySet<string>;

  constructor(ctx: SessionContext, client: Pop3Client, account: Account, notes: string[], knownContent: ReadonlySet<string> = new Set()) {
    this.#ctx = ctx;
    this.#client = client;
    this.#account = account;
    this.#notes = notes;
    this.#knownContent = knownContent;
  }

  /** Messages committed so far: what the session reports as downloaded, even after a failure. */
  get stored(): number {
    return this.storedFull.length + this.storedPartial.length;
  }

  get failure(): SyncFailure | null {
    return this.#diskFailure;
  }

  /** Headers only (TOP n 0), one at a time: few, and TOP replies are small. */
  async headers(items: readonly DownloadItem[]): Promise<void> {
    const { files } = this.#ctx.profile;
    for (const item of items) {
      if (this.#diskFailure !== null) break;
      let file: PendingFile | null = null;
      try {
        file = await files.open(this.#account.id);
        const hash = item.key.kind !== 'uidl' ? createHash('sha256') : null;
        const consume = file.consume;
        const head = new SizeGuard(null);
        await this.#client.top(item.msg, 0, (chunk) => {
          hash?.update(chunk);
          head.push(chunk);
          return consume(chunk);
        });
        await this.#store(file, item, { partial: true, hash, serverSize: item.size, head: head.headerBlock() });
        this.#headersOnly++;
      } catch (error) {
        await file?.discard();
        if (!this.#client.usable) throw error;
        this.#onFailure(item, error);
      }
    }
  }

  /**
   * RETR of `items`, pipelined when the server allows. A failure that ends the run (a dropped
   * connection, a timeout, the user's stop) is thrown only after every message already
   * received is finished and in the batch, so close() commits it.
   */
  async full(items: readonly DownloadItem[]): Promise<void> {
    const { files } = this.#ctx.profile;
    const byMsg = new Map(items.map((i) => [i.msg, i]));
    const receiving = new Map<number, Receiving>();
    const inflight = new Set<Promise<void>>();
    try {
      await this.#client.retrMany(
        items.map((i) => i.msg),
        (msg) => {
          // After a full disk, read the rest of each reply and drop it: the session stays in
          // step and can still DELE what was stored and QUIT.
          const item = byMsg.get(msg);
          if (this.#diskFailure !== null || item === undefined) return () => undefined;
          const opening = files.open(this.#account.id);
          opening.catch(() => undefined); // handled where it is awaited
          // The limit is enforced on what arrives, not on what LIST said; never for a message
          // the user asked to complete, nor on a server without UIDL (its copy is deleted there).
          const limit = item.replaces !== null || item.key.kind === 'none' ? null : this.#account.maxSizeBytes;
          const r: Receiving = { opening, guard: new SizeGuard(limit), hash: item.key.kind !== 'uidl' ? createHash('sha256') : null };
          receiving.set(msg, r);
          const consume: BodyConsumer = async (chunk) => {
            await this.#ctx.checkpoint?.('chunk'); // crash tests: die mid-message
            r.hash?.update(chunk);
            const write = r.guard.push(chunk);
            if (write !== null) await (await opening).consume(write);
          };
          return consume;
        },
        async ({ msg, result }) => {
          const item = byMsg.get(msg);
          const r = receiving.get(msg);
          receiving.delete(msg);
          if (!item || !r) return;
          if (!isStepFailureResult(result)) this.#checkSize(item, result.octets);
          // Finishing a file (fsync, rename, header pass) overlaps with receiving the next ones:
          // fsyncs wait on the disk, not the CPU, and several in flight share its flushes.
          const storing = (async () => {
            let file: PendingFile | null = null;
            try {
              file = await r.opening;
              if (isStepFailureResult(result)) throw result.error;
              if (r.guard.cut) {
                // Past the size limit while receiving: keep the header block only, as TOP n 0
                // would have, marked partial with the size actually received.
                await file.discard();
                file = await files.open(this.#account.id);
                const head = r.guard.headerBlock();
                await file.consume(head);
                this.#cutToHeaders++;
                await this.#store(file, item, { partial: true, hash: r.hash, serverSize: result.octets, head });
              } else {
                await this.#store(file, item, { partial: false, hash: r.hash, serverSize: item.size, head: r.guard.headerBlock() });
              }
            } catch (error) {
              await file?.discard();
              this.#onFailure(item, error);
              // A full disk: commit what is ready now, while the discarded file's space is free.
              if (this.#diskFailure !== null) await this.#commit();
            }
          })();
          inflight.add(storing);
          void storing.finally(() => inflight.delete(storing));
          while (inflight.size >= PARALLEL_STORES) await Promise.race(inflight);
        },
      );
    } finally {
      // Whatever ended the run: every message received in full is finished and batched …
      await Promise.all(inflight);
      // … and the ones cut off mid-reply (or still in the pipeline) leave no .part behind.
      await Promise.all([...receiving.values()].map(async (r) => (await r.opening.catch(() => null))?.discard()));
    }
  }

  /**
   * Commits the open batch and writes the session's notes. Call once, when downloading ends —
   * normally or not: what is durable is committed before the session gives up.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#commit();
    await this.#committing;
    const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
    if (this.#headersOnly > 0)
      this.#notes.push(
        `${n(this.#headersOnly, 'message is', 'messages are')} larger than the size limit: only the headers were downloaded`,
      );
    if (this.#cutToHeaders > 0) {
      this.#notes.push(
        `${n(this.#cutToHeaders, 'message', 'messages')} passed the size limit while being received (the server listed ${this.#cutToHeaders === 1 ? 'it' : 'them'} as smaller): only the headers were kept`,
      );
    }
    if (this.#sizeMismatches > 0) {
      this.#notes.push(
        `the server's sizes (LIST) did not match what it sent for ${n(this.#sizeMismatches, 'message', 'messages')}${this.#sizeExample}; Poplar went by what it received`,
      );
    }
    if (this.#alreadyStored > 0)
      this.#notes.push(
        `${n(this.#alreadyStored, 'message', 'messages')} without a usable UIDL ${this.#alreadyStored === 1 ? 'was' : 'were'} already stored here (same content) and not stored again`,
      );
    if (this.#failedOthers > NOTED_FAILURES) this.#notes.push(`… and ${this.#failedOthers - NOTED_FAILURES} more messages were not stored`);
    // Said now, when the count of stored messages is final (batches commit after the failure).
    if (this.#diskFailure !== null) this.#diskFailure = diskFullFailure(this.stored, this.#diskFailure.cause);
  }

  async #store(
    file: PendingFile,
    item: DownloadItem,
    how: { partial: boolean; hash: Hash | null; serverSize: number | null; head: Buffer },
  ): Promise<void> {
    const { files, db } = this.#ctx.profile;
    let key: string | null;
    switch (item.key.kind) {
      case 'uidl':
        key = item.key.uidl;
        break;
      case 'none':
      case 'content': {
        key = contentKey((how.hash ?? createHash('sha256')).digest('hex'));
        // The same bytes stored before (this session's batch, or any earlier session): this
        // message is that one; nothing is stored twice.
        const twins = this.#pendingKeys.get(key);
        if (twins !== undefined) {
          twins.push(item.msg);
          await file.discard();
          return;
        }
        if (this.#knownContent.has(key)) {
          // Stored earlier under a UIDL the server has since given to another message too:
          // kept as it is, not stored again — and left on the server, as nothing here keys it.
          await file.discard();
          this.#alreadyStored++;
          return;
        }
        if (ledgerEntry(db, this.#account.mailboxKey, key)?.storedAt != null) {
          await file.discard();
          this.byContent.set(item.msg, key);
          this.#alreadyStored++;
          return;
        }
        this.#pendingKeys.set(key, []);
        break;
      }
      default: {
        const unreachable: never = item.key;
        throw new Error(`unknown key ${String(unreachable)}`);
      }
    }
    const relativePath = files.relativePath(this.#account.id, this.#account.mailboxKey, key);
    const headers = summariseHeaders(how.head);
    // The file's fsync and rename start now, not when its batch commits (issue 13): the disk
    // works on them while the rest of the batch is received and while the batch before it
    // commits, and the fsyncs in flight together share the file system's journal commits.
    // The row still waits for them and for its folder's fsync (#commitNow).
    const finishing = this.#diskFailure === null ? file.finish(relativePath) : null;
    finishing?.catch(() => undefined); // handled where the commit awaits it
    this.#batch.push({
      item,
      key,
      file,
      finishing,
      relativePath,
      size: file.size(),
      serverSize: how.serverSize,
      headers,
      partial: how.partial,
      folders: [],
    });
    if (this.#batch.length >= COMMIT_BATCH) {
      // The batch's files are made durable and committed while the next batch is received; a
      // third waits for the first, so no more than two batches are ever held.
      const running = this.#committing;
      void this.#commit();
      await running;
    } else {
      this.#timer ??= setTimeout(() => void this.#commit(), COMMIT_INTERVAL_MS);
    }
  }

  /**
   * Waits for the files of a batch to be fsynced and renamed (started by #store, all at once:
   * fsyncs in flight together share the file system's journal commits, where one after another
   * each paid for its own). Returns the messages whose files are now in place; the others are
   * given up (their file removed, the message left on the server for the next session).
   */
  async #finishFiles(ready: readonly Ready[]): Promise<Ready[]> {
    const { files, db } = this.#ctx.profile;
    const finish = async (r: Ready): Promise<Ready | null> => {
      let renamed = false;
      try {
        const { size, folders } = await (r.finishing ?? r.file.finish(r.relativePath));
        renamed = true;
        return { ...r, size, folders };
      } catch (error) {
        await r.file.discard().catch(() => undefined);
        if (r.key !== null) this.#pendingKeys.delete(r.key);
        // A finished file that will get no row must not stay behind as a file nobody can see.
        if (renamed && r.item.replaces === null && !fileInUse(db, r.relativePath))
          await rm(files.absolute(r.relativePath), { force: true }).catch(() => undefined);
        this.#onFailure(r.item, error);
        return null;
      }
    };
    // On a full disk, one at a time and oldest first: each file that no longer fits is removed
    // before the next is tried, so the space it held lets the others be completed and stored.
    let finished: Array<Ready | null>;
    if (this.#diskFailure === null) finished = await Promise.all(ready.map(finish));
    else {
      finished = [];
      for (const r of ready) finished.push(await finish(r));
    }
    const done = finished.filter((r): r is Ready => r !== null);
    for (let i = 0; i < done.length; i++) await this.#ctx.checkpoint?.('file-durable'); // crash tests: die between file and row
    return done;
  }

  /** Commits the open batch, after any commit already running (commits never overlap). */
  #commit(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const ready = this.#batch;
    this.#batch = [];
    if (ready.length === 0) return this.#committing;
    this.#committing = this.#committing
      .then(() => this.#commitNow(ready))
      .catch((error: unknown) => {
        // Reported per message inside; this only keeps a surprise from breaking later commits.
        this.#notes.push(`local failure while committing: ${(error as Error).message}`);
      });
    return this.#committing;
  }

  async #commitNow(batch: Ready[]): Promise<void> {
    const { files } = this.#ctx.profile;
    const ready = await this.#finishFiles(batch);
    while (ready.length > 0) {
      try {
        await files.syncFolders(ready.flatMap((r) => r.folders));
        const now = this.#ctx.now();
        transaction(this.#ctx.profile.db, () => {
          for (const r of ready) this.#insert(r, now);
        });
      } catch (error) {
        if (!diskFull(error)) {
          // One bad row must not take its batch with it: each is tried alone, and only the
          // ones that fail again are reported — each by itself.
          await this.#commitOneByOne(ready);
          return;
        }
        // The disk is too full for the commit: give back the last message's file (it has no
        // row, and stays on the server) and commit the rest, so a full disk still stores what
        // fits instead of filling up with files nobody can see.
        const dropped = ready.pop();
        if (dropped) await this.#giveUp(dropped, error);
        continue;
      }
      for (const r of ready) this.#committed(r);
      this.#ctx.analysis?.kick();
      await this.#ctx.checkpoint?.('committed');
      return;
    }
  }

  async #commitOneByOne(ready: readonly Ready[]): Promise<void> {
    let any = false;
    for (const r of ready) {
      try {
        await this.#ctx.profile.files.syncFolders(r.folders);
        transaction(this.#ctx.profile.db, () => this.#insert(r, this.#ctx.now()));
      } catch (error) {
        await this.#giveUp(r, error);
        continue;
      }
      this.#committed(r);
      any = true;
    }
    if (any) {
      this.#ctx.analysis?.kick();
      await this.#ctx.checkpoint?.('committed');
    }
  }

  #insert(r: Ready, now: number): void {
    const { db } = this.#ctx.profile;
    if (r.item.replaces !== null) deleteMessageRow(db, r.item.replaces);
    const row = insertListedMessage(db, {
      accountId: this.#account.id,
      uidl: r.key,
      path: r.relativePath,
      size: r.size,
      serverSize: r.serverSize,
      partial: r.partial,
      receivedAt: now,
      headers: r.headers,
    });
    if (r.key !== null) recordStored(db, this.#account.mailboxKey, r.key, row, now);
  }

  #committed(r: Ready): void {
    (r.partial ? this.storedPartial : this.storedFull).push(r.item.msg);
    if (r.item.key.kind !== 'uidl' && r.key !== null) {
      this.byContent.set(r.item.msg, r.key);
      for (const twin of this.#pendingKeys.get(r.key) ?? []) this.byContent.set(twin, r.key);
      this.#pendingKeys.delete(r.key);
    }
  }

  /** A finished message that cannot be committed: its file goes (unless a row uses it), it stays on the server. */
  async #giveUp(r: Ready, error: unknown): Promise<void> {
    if (r.key !== null) this.#pendingKeys.delete(r.key);
    if (r.item.replaces === null && !fileInUse(this.#ctx.profile.db, r.relativePath)) {
      await rm(this.#ctx.profile.files.absolute(r.relativePath), { force: true }).catch(() => undefined);
    }
    this.#onFailure(r.item, error);
  }

  #onFailure(item: DownloadItem, error: unknown): void {
    if (diskFull(error)) {
      this.#diskFailure ??= diskFullFailure(this.stored, error);
      return;
    }
    this.#failedOthers++;
    if (this.#failedOthers <= NOTED_FAILURES) {
      const which = item.key.kind === 'uidl' ? `message ${item.msg} (UIDL ${item.key.uidl.slice(0, 80)})` : `message ${item.msg}`;
      this.#notes.push(`${which} was not stored: ${(error as Error).message}`);
    }
  }

  #checkSize(item: DownloadItem, received: number): void {
    if (item.size === null) return;
    const diff = Math.abs(received - item.size);
    if (diff <= SIZE_SLACK_OCTETS || diff <= item.size * SIZE_MISMATCH_SHARE) return;
    this.#sizeMismatches++;
    if (this.#sizeMismatches === 1) this.#sizeExample = ` (message ${item.msg}: listed ${item.size} bytes, sent ${received})`;
  }
}

function diskFullFailure(stored: number, cause: unknown): SyncFailure {
  return new SyncFailure(
    'disk-full',
    `The disk holding the profile is full, so Poplar stopped downloading. ${stored} message${stored === 1 ? ' was' : 's were'} stored; the rest stay on the server and nothing is deleted there that is not stored here. Free some space and check again.`,
    { cause },
  );
}

function fileInUse(db: DatabaseSync, relativePath: string): boolean {
  try {
    return pathInUse(db, relativePath);
  } catch {
    return true; // when in doubt, keep the file: a stray file costs space, a lost one a message
  }
}

function diskFull(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC' || (e instanceof StoreError && e.code === 'disk-full')) return true;
    if (/database or disk is full/i.test((e as Error).message ?? '')) return true;
  }
  return false;
}

/** The content key of a stored file (for knownContent): a SHA-256 of its bytes, streamed. */
export async function contentKeyOfFile(file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return null; // a missing file is simply not known
  }
  return contentKey(hash.digest('hex'));
}
