// One POP3 session for one account, exactly as DESIGN.md draws it:
//
//   lock the mailbox ─► connect, secure, log in ─► UIDL + LIST, streamed into a TEMP table
//   ─► judge the listing (duplicate or unusable UIDLs: keyed by content) ─► diff with the
//      ledger, in SQL ─► RETR new messages (pipelined, a page at a time) ─► each: fsync'd file,
//      then a batch transaction (on count, on time, and whenever the session stops)
//   ─► DELE only what is committed and due ─► QUIT ─► on +OK: mark those deleted
//   ─► record the session ─► release the lock
//
// A crash at any point loses nothing: a message is committed with its UIDL or not at all,
// and DELEs without an acknowledged QUIT are rolled back by the server (RFC 1939 §6). A
// failure short of a crash (a drop, a timeout, the user's stop) first commits every message
// already durable, and the session reports that number (issue 11; issue 10's "downloaded: 0").
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Pop3Client } from '../pop3/client.ts';
import { isPop3Error, Pop3Error } from '../pop3/errors.ts';
import { TranscriptRecorder } from '../pop3/transcript.ts';
import type { Secret } from '../secrets/secret.ts';
import type { Account } from '../../shared/account.ts';
import { isSqliteError, storeError, StoreError, transaction } from '../store/database.ts';
import {
  ledgerEntry,
  listedPage,
  recordDeletedOnServer,
  recordListing,
  storedUnderSharedUidl,
  type ListedWithLedger,
} from '../store/ledger.ts';
import { ServerListing, type ListingSummary } from '../store/listing.ts';
import { pathInUse } from '../store/messages.ts';
import type { Profile } from '../store/profile.ts';
import { finishSession, recordLoginDelay, startSession, updateMailbox, type EndedBy } from '../store/sessions.ts';
import { analysePending } from '../analysis/analyse.ts';
import type { Analyser } from '../analysis/pool.ts';
import { tryAcquireMailboxLock, type LockResult } from './mailbox-lock.ts';
import { contentKeyOfFile, Downloader, type DownloadItem } from './download.ts';
import { dueForDeletion } from './retention.ts';
import { endedByFor, outcomeFor, SyncFailure, type SyncResult } from './result.ts';

/** Listed messages handled at once: bounds the download items held, whatever the mailbox size. */
const LISTING_PAGE = 500;

export interface SessionContext {
  readonly profile: Profile;
  /** The machine-wide folder of mailbox locks (mailbox-lock.ts). */
  readonly lockDir: string;
  readonly now: () => number;
  /** The account's password; null when none can be had (the result says so). */
  readonly password: (account: Account) => Promise<Secret | null>;
  readonly signal?: AbortSignal;
  /** Test hook: called at named points of the session (crash tests kill the process there). */
  readonly checkpoint?: (name: string) => void | Promise<void>;
  /**
   * The analysis pool (analysis/pool.ts), told after each commit. Without one, the session
   * analyses what it stored itself, on this thread, after it has released the mailbox.
   */
  readonly analysis?: Analyser;
}

export interface SessionOptions {
  readonly trigger: string;
  /** Partial messages (by UIDL) the user asked to complete: fetched whole whatever their size. */
  readonly complete?: readonly string[];
}

export async function runSession(ctx: SessionContext, account: Account, options: SessionOptions): Promise<SyncResult> {
  const { db } = ctx.profile;
  const started = ctx.now();
  const lock = await tryAcquireMailboxLock(ctx.lockDir, account.mailboxKey, { profile: ctx.profile.dir });
  if (!lock.acquired) {
    const failure = new SyncFailure('local-lock', localLockMessage(lock));
    const id = startSession(db, { mailboxKey: account.mailboxKey, accountId: account.id, trigger: options.trigger, startedAt: started });
    finishSession(db, id, emptyEnd(ctx.now(), 'local-lock', failure));
    return {
      account: account.name,
      outcome: 'locked',
      downloaded: 0,
      deletedOnServer: 0,
      bytes: 0,
      ms: ctx.now() - started,
      error: failure.toJSON(),
      sessionId: id,
      notes: [],
    };
  }
  let sessionId: number;
  try {
    sessionId = startSession(db, { mailboxKey: account.mailboxKey, accountId: account.id, trigger: options.trigger, startedAt: started });
  } catch (error) {
    // A session that cannot even be recorded (a damaged database, a full disk) gives the lock
    // back; kept, every later check in this process would be refused by its own lock.
    await lock.lock.release();
    throw error;
  }
  const transcript = new TranscriptRecorder(ctx.now);
  const notes: string[] = [];
  let client: Pop3Client | null = null;
  let connectedAt: number | null = null;
  let downloaded = 0;
  let deletedOnServer = 0;
  let listing: ServerListing | null = null;
  let downloader: Downloader | null = null;
  let endedBy: EndedBy = 'local-error';
  let error: Error | null = null;
  try {
    const swept = await ctx.profile.files.sweepTemporary(account.id);
    if (swept > 0) notes.push(`removed ${swept} unfinished download${swept === 1 ? '' : 's'} left by an interrupted session`);
    const password = await ctx.password(account);
    if (password === null)
      throw new SyncFailure(
        'no-password',
        `No password is available for account '${account.name}'. Give it with --password-stdin, or set how Poplar gets it with 'account set'.`,
      );
    const trust = await trustFor(account);
    client = await Pop3Client.connect({
      host: account.host,
      port: account.port,
      security: account.security,
      auth: account.auth === 'xoauth2' ? 'auto' : account.auth,
      credentials: { kind: 'password', user: account.user, password },
      trust,
      transcript,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    connectedAt = ctx.now();
    await ctx.checkpoint?.('logged-in');
    const caps = client.facts.capabilities;
    // RFC 1939 §7: UIDL is optional; a server without CAPA may still have it. The listing goes
    // straight into the store (store/listing.ts), never into arrays and maps.
    let uidlSupported = false;
    if (caps.uidl || !caps.known) {
      listing = ServerListing.create(db, sessionId);
      uidlSupported = await takeListing(client, listing);
    }
    updateMailbox(db, account.mailboxKey, {
      uidlSupported,
      loginDelaySeconds: caps.loginDelaySeconds,
      expireDays: caps.expireDays,
      loginAt: connectedAt,
    });

    if (!uidlSupported || listing === null) {
      const items = await itemsWithoutUidl(client, account, notes);
      downloader = new Downloader(ctx, client, account, notes);
      await downloader.full(items);
      await downloader.close();
      downloaded = downloader.stored;
      error = downloader.failure;
      // Without UIDL nothing identifies a message in a later session: delete what was stored —
      // this time, or before (recognised by its content; download.ts).
      const { marked } = await client.deleMany([...downloader.byContent.keys()].sort((x, y) => x - y));
      await ctx.checkpoint?.('deleted-before-quit');
      const quit = await client.quit();
      endedBy = quit.acknowledged ? 'quit' : 'quit-refused';
      if (quit.acknowledged) deletedOnServer = marked.length;
      else
        notes.push(
          'the server did not confirm QUIT, so messages stored this time may be downloaded again next time (the server has no UIDL)',
        );
    } else {
      const summary = listing.judge();
      noteListing(summary, notes);
      const table = listing.table;
      const vanished = transaction(db, () => recordListing(db, account.mailboxKey, table, ctx.now()));
      await removeOrphans(ctx.profile, account, vanished);
      const known = new Set<string>();
      for (const file of storedUnderSharedUidl(db, account.mailboxKey, table)) {
        const key = await contentKeyOfFile(ctx.profile.files.absolute(file));
        if (key !== null) known.add(key);
      }
      downloader = new Downloader(ctx, client, account, notes, known);
      const complete = new Set(options.complete ?? []);
      const max = account.maxSizeBytes;
      const toItem = (row: ListedWithLedger): DownloadItem[] => {
        const over = max !== null && row.size !== null && row.size > max;
        if (row.keyedBy === 'content')
          return [{ msg: row.msg, key: { kind: 'content' }, size: row.size, headersOnly: over, replaces: null }];
        const entry = row.entry;
        const completing = entry?.partial === true && complete.has(row.uidl);
        if (entry?.storedAt != null && !completing) return [];
        return [
          {
            msg: row.msg,
            key: { kind: 'uidl', uidl: row.uidl },
            size: row.size,
            headersOnly: !completing && over,
            replaces: completing ? (entry?.messageRow ?? null) : null,
          },
        ];
      };
      // Headers-only first (small), then whole messages; a page at a time, so a first sync of
      // a huge mailbox never holds all its download items at once. Without a size limit no
      // message is headers-only, and that pass is skipped.
      for (const headersOnly of max === null ? [false] : [true, false]) {
        for (let after = 0; downloader.failure === null;) {
          const page = listedPage(db, account.mailboxKey, table, after, LISTING_PAGE, true);
          const last = page.at(-1);
          if (last === undefined) break;
          after = last.msg;
          const items = page.flatMap(toItem).filter((i) => i.headersOnly === headersOnly);
          // Pages with nothing to fetch follow each other without I/O: the event loop gets a
          // turn between them, or 40 pages of a 20,000-message listing were one 600 ms task.
          if (items.length === 0) await new Promise((resolve) => setImmediate(resolve));
          else if (headersOnly) await downloader.headers(items);
          else await downloader.full(items);
        }
      }
      await downloader.close();
      downloaded = downloader.stored;
      error = downloader.failure;
      await ctx.checkpoint?.('stored');

      const due = dueMessages(db, account, table, downloader.byContent, ctx.now());
      const { marked } = await client.deleMany(due);
      await ctx.checkpoint?.('deleted-before-quit');
      const quit = await client.quit();
      await ctx.checkpoint?.('quit');
      endedBy = quit.acknowledged ? 'quit' : 'quit-refused';
      if (quit.acknowledged) {
        // By the key each message was judged by: its UIDL, or the content key it was stored under.
        const deleted = marked.flatMap((m) => {
          const key = listing?.trustedUidl(m) ?? downloader?.byContent.get(m);
          return key === undefined ? [] : [key];
        });
        transaction(db, () => recordDeletedOnServer(db, account.mailboxKey, deleted, ctx.now()));
        deletedOnServer = deleted.length;
      } else if (marked.length > 0) {
        notes.push('the server did not confirm QUIT, so its deletions were not recorded; they will be retried next time');
      }
    }
  } catch (caught) {
    // A raw SQLite error (a damaged page, a full disk) is reported in the store's plain words,
    // not SQLite's bare "database or disk is full" under 'local-error'.
    error = isSqliteError(caught) ? storeError(caught, path.join(ctx.profile.dir, 'poplar.db')) : (caught as Error);
    endedBy = endedByFor(caught);
    if (!isPop3Error(caught) && !(caught instanceof SyncFailure)) notes.push(`local failure: ${error.message}`);
    // A server that announced LOGIN-DELAY in CAPA and then refused the login (Cyrus with
    // popminpoll) has still told us its minimum gap: the schedule obeys it from now on.
    if (isPop3Error(caught) && caught.announcedLoginDelaySeconds !== null) {
      try {
        recordLoginDelay(db, account.mailboxKey, caught.announcedLoginDelaySeconds);
      } catch {
        // Recording the fact is worth trying, not worth hiding the refusal behind.
      }
    }
  } finally {
    // Commit what is complete, whatever ended the session (issue 11): the messages already
    // received and durable are committed with their UIDLs and counted, before anything else.
    if (downloader !== null) {
      try {
        await downloader.close();
      } catch (caught) {
        notes.push(`local failure while committing: ${(caught as Error).message}`);
      }
      downloaded = downloader.stored;
      error ??= downloader.failure;
    }
    try {
      listing?.drop();
    } catch {
      // A TEMP table goes with the connection anyway.
    }
    // Every session ends with QUIT unless the connection is already gone (DESIGN.md).
    if (client?.usable) await client.quit();
    const bytes = client?.bytesReceived ?? 0;
    try {
      finishSession(db, sessionId, {
        endedAt: ctx.now(),
        endedBy,
        connectedAt,
        error: error ? errorRecord(error) : null,
        downloaded,
        deletedOnServer,
        bytes,
        greeting: client?.facts.greeting ?? null,
        capabilities: client?.facts.capabilities.raw ?? null,
        security: client?.facts.tls?.protocol ?? (client ? 'none' : null),
        authMethod: client?.facts.authMethod ?? null,
        notes,
        transcript: transcript.entries(),
      });
    } finally {
      await lock.lock.release();
    }
  }
  if (ctx.analysis === undefined && downloaded > 0) {
    try {
      await analysePending(db, ctx.profile.files, ctx.now);
    } catch (caught) {
      // The messages are stored and listed; their analysis waits for the next pool.
      notes.push(`the stored messages could not be analysed yet: ${(caught as Error).message}`);
    }
  }
  return {
    account: account.name,
    outcome: outcomeFor(error),
    downloaded,
    deletedOnServer,
    bytes: client?.bytesReceived ?? 0,
    ms: ctx.now() - started,
    error: error ? errorRecord(error) : null,
    sessionId,
    notes,
  };
}

/**
 * UIDL and LIST into `listing`, line by line. False when the server refuses UIDL (RFC 1939 §7:
 * it is optional), which is how a server without CAPA shows it has none.
 */
async function takeListing(client: Pop3Client, listing: ServerListing): Promise<boolean> {
  try {
    await client.uidlEach((e) => listing.addUidl(e.msg, e.uidl));
  } catch (error) {
    if (isPop3Error(error) && error.code === 'command-failed') return false;
    throw error;
  }
  await client.listEach((e) => listing.addSize(e.msg, e.octets));
  listing.flush();
  return true;
}

/**
 * Files of messages that were never committed and are gone from the server (a crash between a
 * file's rename and its commit): nothing will overwrite them, so they go now — unless a row
 * uses the same path. `sweepTemporary` does the same for unfinished .part files.
 */
async function removeOrphans(profile: Profile, account: Account, uidls: readonly string[]): Promise<void> {
  for (const uidl of uidls) {
    for (const relative of [
      profile.files.relativePath(account.id, account.mailboxKey, uidl),
      profile.files.legacyRelativePath(account.id, account.mailboxKey, uidl),
    ]) {
      if (pathInUse(profile.db, relative)) continue;
      await rm(profile.files.absolute(relative), { force: true }).catch(() => undefined);
    }
  }
}

/** What was wrong with the listing, said once per session in plain words. */
function noteListing(summary: ListingSummary, notes: string[]): void {
  if (summary.duplicates > 0) {
    notes.push(
      `${summary.duplicates} messages on the server share their UIDL with another message, which the POP3 standard (RFC 1939) forbids. ` +
        'Poplar cannot tell those apart by UIDL, so it recognises them by their content instead: each is downloaded to be recognised, stored only once, ' +
        'and never deleted on the server by that UIDL.',
    );
  }
  if (summary.unusable > 0) {
    notes.push(
      `${summary.unusable} message${summary.unusable === 1 ? ' has a UIDL' : 's have UIDLs'} Poplar cannot use (empty, with control characters, or very long); ` +
        'they are recognised by their content instead, like messages that share a UIDL.',
    );
  }
  if (summary.irregular > 0) {
    notes.push(
      `${summary.irregular} UIDL${summary.irregular === 1 ? ' is' : 's are'} longer than 70 characters or not plain ASCII, which RFC 1939 does not allow; ` +
        'they are unique, so Poplar uses them as they are.',
    );
  }
}

/**
 * The message numbers to DELE under the account's retention rule: listed messages keyed by
 * their UIDL whose ledger entry says so, and content-keyed messages whose bytes this session
 * saw and found committed — never one picked by a UIDL that another message shares.
 */
function dueMessages(db: DatabaseSync, account: Account, table: string, byContent: ReadonlyMap<number, string>, now: number): number[] {
  const due: number[] = [];
  for (let after = 0; ;) {
    const page = listedPage(db, account.mailboxKey, table, after, LISTING_PAGE, false);
    const last = page.at(-1);
    if (last === undefined) break;
    after = last.msg;
    for (const row of page) if (row.entry !== null && dueForDeletion(account.retention, [row.entry], now).length > 0) due.push(row.msg);
  }
  for (const [msg, key] of byContent) {
    const entry = ledgerEntry(db, account.mailboxKey, key);
    // Seen on the server in this session, whatever an earlier deletion of the same bytes recorded.
    if (entry !== null && dueForDeletion(account.retention, [{ ...entry, deletedOnServerAt: null }], now).length > 0) due.push(msg);
  }
  return due.sort((a, b) => a - b);
}

/**
 * Without UIDL, leaving mail on the server cannot be done safely: nothing tells a message
 * seen before from a new one. Only "delete from the server after download" works.
 */
async function itemsWithoutUidl(client: Pop3Client, account: Account, notes: string[]): Promise<DownloadItem[]> {
  if (account.retention.kind !== 'delete-after-download') {
    throw new SyncFailure(
      'uidl-unsupported',
      'This server cannot tell its messages apart (it has no UIDL), so Poplar cannot leave mail on it without downloading everything again at every check. Nothing was downloaded. To use this server, set the account to "delete from the server after download".',
    );
  }
  notes.push('the server has no UIDL: every message is downloaded and then deleted from the server');
  // Never headers only here: a partial copy would be deleted on the server with the rest.
  return (await client.list()).map((e) => ({ msg: e.msg, key: { kind: 'none' }, size: e.octets, headersOnly: false, replaces: null }));
}

async function trustFor(account: Account): Promise<{ caPem?: string; fingerprint256?: string }> {
  const trust: { caPem?: string; fingerprint256?: string } = {};
  if (account.caFile) {
    try {
      trust.caPem = await readFile(account.caFile, 'utf8');
    } catch (error) {
      throw new SyncFailure(
        'ca-file',
        `The CA file ${account.caFile} of account '${account.name}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix the path with 'account set --ca-file'.`,
      );
    }
  }
  if (account.fingerprint) trust.fingerprint256 = account.fingerprint;
  return trust;
}

function errorRecord(error: Error): { code: string; message: string; responseCode: string | null; serverText: string | null } {
  if (error instanceof Pop3Error)
    return { code: error.code, message: error.message, responseCode: error.responseCode, serverText: error.serverText };
  if (error instanceof SyncFailure) return { code: error.code, message: error.message, responseCode: null, serverText: null };
  if (error instanceof StoreError)
    return { code: error.code === 'disk-full' ? 'disk-full' : 'store', message: error.message, responseCode: null, serverText: null };
  return { code: 'local-error', message: error.message, responseCode: null, serverText: null };
}

function emptyEnd(at: number, endedBy: EndedBy, failure: SyncFailure) {
  return {
    endedAt: at,
    endedBy,
    connectedAt: null,
    error: errorRecord(failure),
    downloaded: 0,
    deletedOnServer: 0,
    bytes: 0,
    greeting: null,
    capabilities: null,
    security: null,
    authMethod: null,
    notes: [],
    transcript: [],
  };
}

/** Why this computer's own lock stopped the session, in words. */
function localLockMessage(lock: Extract<LockResult, { acquired: false }>): string {
  const h = lock.heldBy;
  const who = h ? `process ${h.pid}${h.profile ? ` (profile ${h.profile})` : ''}` : 'another process';
  switch (lock.reason) {
    case 'held':
      return `Another Poplar on this computer, ${who}, is checking this mailbox right now. This check was skipped; nothing is wrong.`;
    case 'recovering':
      return `Another Poplar on this computer is taking over this mailbox after a crash. This check was skipped; the next one will go ahead.`;
    case 'other-computer':
      return `Poplar on another computer (${h?.hostname ?? 'unknown'}) holds this mailbox's lock file ${lock.path}. If that computer is off or no longer runs Poplar, delete the file.`;
    case 'unreadable':
      return `The lock file ${lock.path} for this mailbox cannot be read. If no other Poplar is running, delete it.`;
    default: {
      const unreachable: never = lock.reason;
      return String(unreachable);
    }
  }
}
