// One POP3 session for one account, exactly as DESIGN.md draws it:
//
//   lock the mailbox ─► connect, secure, log in ─► UIDL + LIST ─► diff with the ledger
//   ─► RETR new messages (pipelined) ─► each: fsync'd file, then one DB transaction
//   ─► DELE only what is committed and due ─► QUIT ─► on +OK: mark those deleted
//   ─► record the session ─► release the lock
//
// A crash at any point loses nothing: a message is committed with its UIDL or not at all,
// and DELEs without an acknowledged QUIT are rolled back by the server (RFC 1939 §6).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Pop3Client } from '../pop3/client.ts';
import { isPop3Error, Pop3Error } from '../pop3/errors.ts';
import { TranscriptRecorder, type Secret } from '../pop3/transcript.ts';
import type { Account } from '../../shared/account.ts';
import { isSqliteError, storeError, StoreError, transaction } from '../store/database.ts';
import { ledgerEntries, recordDeletedOnServer, recordSeen } from '../store/ledger.ts';
import type { Profile } from '../store/profile.ts';
import { finishSession, startSession, updateMailbox, type EndedBy } from '../store/sessions.ts';
import { tryAcquireMailboxLock, type LockResult } from './mailbox-lock.ts';
import { downloadMessages, type DownloadItem } from './download.ts';
import { dueForDeletion } from './retention.ts';
import { endedByFor, outcomeFor, SyncFailure, type SyncResult } from './result.ts';

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
    return { account: account.name, outcome: 'locked', downloaded: 0, deletedOnServer: 0, bytes: 0, ms: ctx.now() - started, error: failure.toJSON(), sessionId: id, notes: [] };
  }
  let sessionId: number;
  try {
    sessionId = startSession(db, { mailboxKey: account.mailboxKey, accountId: account.id, trigger: options.trigger, startedAt: started });
  } catch (error) {
    // Fix: a session that cannot even be recorded (a damaged database, a full disk) used to
    // keep the mailbox lock, so every later check in this process was refused by itself.
    await lock.lock.release();
    throw error;
  }
  const transcript = new TranscriptRecorder(ctx.now);
  const notes: string[] = [];
  let client: Pop3Client | null = null;
  let connectedAt: number | null = null;
  let downloaded = 0;
  let deletedOnServer = 0;
  let endedBy: EndedBy = 'local-error';
  let error: Error | null = null;
  try {
    const swept = await ctx.profile.files.sweepTemporary(account.id);
    if (swept > 0) notes.push(`removed ${swept} unfinished download${swept === 1 ? '' : 's'} left by an interrupted session`);
    const password = await ctx.password(account);
    if (password === null) throw new SyncFailure('no-password', `No password is available for account '${account.name}'. Give it with --password-stdin, or set how Poplar gets it with 'account set'.`);
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
    const uidlSupported = caps.uidl || !caps.known ? await hasUidl(client) : false;
    updateMailbox(db, account.mailboxKey, { uidlSupported, loginDelaySeconds: caps.loginDelaySeconds, expireDays: caps.expireDays, loginAt: connectedAt });

    if (!uidlSupported) {
      const items = await itemsWithoutUidl(client, account, notes);
      const outcome = await downloadMessages(ctx, client, account, items, notes);
      downloaded = outcome.storedFull.length;
      error = outcome.failure;
      // Without UIDL nothing identifies a message in a later session: delete what was stored.
      const { marked } = await client.deleMany(outcome.storedFull);
      await ctx.checkpoint?.('deleted-before-quit');
      const quit = await client.quit();
      endedBy = quit.acknowledged ? 'quit' : 'quit-refused';
      if (quit.acknowledged) deletedOnServer = marked.length;
      else notes.push('the server did not confirm QUIT, so messages stored this time may be downloaded again next time (the server has no UIDL)');
    } else {
      const listing = await client.uidl();
      const sizes = new Map((await client.list()).map((e) => [e.msg, e.octets]));
      const onServer = new Map(listing.map((e) => [e.uidl, e.msg]));
      const now = ctx.now();
      transaction(db, () => {
        // Stored messages no longer listed were deleted by someone (or by our own earlier QUIT
        // whose +OK we did not live to record).
        const gone = [...ledgerEntries(db, account.mailboxKey).values()]
          .filter((e) => e.storedAt !== null && e.deletedOnServerAt === null && !onServer.has(e.uidl))
          .map((e) => e.uidl);
        recordDeletedOnServer(db, account.mailboxKey, gone, now);
        recordSeen(db, account.mailboxKey, [...onServer.keys()], now);
      });
      const ledger = ledgerEntries(db, account.mailboxKey);
      const complete = new Set(options.complete ?? []);
      const items: DownloadItem[] = listing.flatMap((e) => {
        const entry = ledger.get(e.uidl);
        const completing = entry?.partial === true && complete.has(e.uidl);
        if (entry?.storedAt != null && !completing) return [];
        const size = sizes.get(e.msg) ?? null;
        const headersOnly = !completing && account.maxSizeBytes !== null && size !== null && size > account.maxSizeBytes;
        return [{ msg: e.msg, uidl: e.uidl, size, headersOnly, replaces: completing ? (entry?.messageRow ?? null) : null }];
      });
      const outcome = await downloadMessages(ctx, client, account, items, notes);
      downloaded = outcome.storedFull.length + outcome.storedPartial.length;
      error = outcome.failure;
      await ctx.checkpoint?.('stored');

      const after = ledgerEntries(db, account.mailboxKey);
      const listed = [...onServer.keys()].flatMap((uidl) => {
        const entry = after.get(uidl);
        return entry ? [entry] : [];
      });
      const due = dueForDeletion(account.retention, listed, ctx.now());
      const { marked } = await client.deleMany(due.flatMap((uidl) => {
        const msg = onServer.get(uidl);
        return msg === undefined ? [] : [msg];
      }));
      await ctx.checkpoint?.('deleted-before-quit');
      const quit = await client.quit();
      await ctx.checkpoint?.('quit');
      endedBy = quit.acknowledged ? 'quit' : 'quit-refused';
      if (quit.acknowledged) {
        const uidlOf = new Map(listing.map((e) => [e.msg, e.uidl]));
        const deleted = marked.flatMap((m) => {
          const uidl = uidlOf.get(m);
          return uidl === undefined ? [] : [uidl];
        });
        transaction(db, () => recordDeletedOnServer(db, account.mailboxKey, deleted, ctx.now()));
        deletedOnServer = deleted.length;
      } else if (marked.length > 0) {
        notes.push('the server did not confirm QUIT, so its deletions were not recorded; they will be retried next time');
      }
    }
  } catch (caught) {
    // Fix: a raw SQLite error (a damaged page, a full disk) was reported as 'local-error' with
    // SQLite's bare words ("database or disk is full"); it is the store's plain message now.
    error = isSqliteError(caught) ? storeError(caught, path.join(ctx.profile.dir, 'poplar.db')) : (caught as Error);
    endedBy = endedByFor(caught);
    if (!isPop3Error(caught) && !(caught instanceof SyncFailure)) notes.push(`local failure: ${error.message}`);
  } finally {
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

/** RFC 1939 §7: UIDL is optional; a server without CAPA may still have it. */
async function hasUidl(client: Pop3Client): Promise<boolean> {
  try {
    await client.uidl();
    return true;
  } catch (error) {
    if (isPop3Error(error) && error.code === 'command-failed') return false;
    throw error;
  }
}

/**
 * Without UIDL, leaving mail on the server cannot be done safely: nothing tells a message
 * seen before from a new one. Only "delete from the server after download" works.
 */
async function itemsWithoutUidl(client: Pop3Client, account: Account, notes: string[]): Promise<DownloadItem[]> {
  if (account.retention.kind !== 'delete-after-download') {
    throw new SyncFailure('uidl-unsupported', 'This server cannot tell its messages apart (it has no UIDL), so Poplar cannot leave mail on it without downloading everything again at every check. Nothing was downloaded. To use this server, set the account to "delete from the server after download".');
  }
  notes.push('the server has no UIDL: every message is downloaded and then deleted from the server');
  // Never headers only here: a partial copy would be deleted on the server with the rest.
  return (await client.list()).map((e) => ({ msg: e.msg, uidl: null, size: e.octets, headersOnly: false, replaces: null }));
}

async function trustFor(account: Account): Promise<{ caPem?: string; fingerprint256?: string }> {
  const trust: { caPem?: string; fingerprint256?: string } = {};
  if (account.caFile) {
    try {
      trust.caPem = await readFile(account.caFile, 'utf8');
    } catch (error) {
      throw new SyncFailure('ca-file', `The CA file ${account.caFile} of account '${account.name}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix the path with 'account set --ca-file'.`);
    }
  }
  if (account.fingerprint) trust.fingerprint256 = account.fingerprint;
  return trust;
}

function errorRecord(error: Error): { code: string; message: string; responseCode: string | null; serverText: string | null } {
  if (error instanceof Pop3Error) return { code: error.code, message: error.message, responseCode: error.responseCode, serverText: error.serverText };
  if (error instanceof SyncFailure) return { code: error.code, message: error.message, responseCode: null, serverText: null };
  if (error instanceof StoreError) return { code: error.code === 'disk-full' ? 'disk-full' : 'store', message: error.message, responseCode: null, serverText: null };
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
