// `poplar sync` around one session: it never connects before the server allows (the last
// login plus its LOGIN-DELAY, RFC 2449 §6.5), and it does not give up on a mailbox because
// another Poplar on this computer is checking it right now — it waits for that session to end.
//
//   LOGIN-DELAY not over ─► short (< SHORT_WAIT_MS) and waiting allowed: count down, look again
//                        └► otherwise: outcome 'not-before' (exit 0), nothing connects
//   another Poplar holds the mailbox ('held', 'recovering') ─► poll every LOCK_POLL_MS, at most
//                        LOCAL_LOCK_WAIT_MS; then (or with --no-wait at once) outcome 'skipped'
//   free ─► runSession (which takes the lock itself; losing that race means waiting again)
//
// The probe takes the lock and gives it back at once: Node has no way to ask "is it held?"
// without trying (mailbox-lock.ts), and the session takes it again itself.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Account } from '../../shared/account.ts';
import { clockSeconds, span } from '../diagnostics/when.ts';
import { loginDelaySeconds, mailboxHistory } from '../sync/history.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';
import { loginAllowedAt } from '../sync/policy.ts';
import type { SyncResult } from '../sync/result.ts';
import { runSession, type SessionContext } from '../sync/session.ts';
import { countdown } from './countdown.ts';

/**
 * A LOGIN-DELAY wait shorter than this is waited out (a person or a cron job asked for a check
 * and gets it a little later); a longer one is reported with the time it ends. Two minutes is
 * Cyrus's `popminpoll: 2`, the common setting; longer waits would look like a hung command.
 */
export const SHORT_WAIT_MS = 2 * 60_000;
/**
 * How long to wait for another Poplar's session on the same mailbox. A session downloading a
 * large mailbox can take minutes; past this the other one is surely downloading the mail, and
 * this check would add nothing.
 */
export const LOCAL_LOCK_WAIT_MS = 5 * 60_000;
/** How often the lock is tried while another Poplar holds it: fast enough to follow at once, cheap (one file create). */
export const LOCK_POLL_MS = 500;

export interface WaitOptions {
  /** --no-wait: neither wait for LOGIN-DELAY nor for another Poplar; report and exit 0. */
  readonly noWait: boolean;
  /** Lines for a person: on stderr; a live countdown when stderr is a terminal. */
  readonly say: (line: string) => void;
  readonly tty: { write(text: string): void } | null;
}

/** One account's check, as `poplar sync` runs it. */
export async function syncWhenAllowed(ctx: SessionContext, account: Account, options: WaitOptions): Promise<SyncResult> {
  const started = Date.now();
  const lockDeadline = started + LOCAL_LOCK_WAIT_MS;
  let announcedLock = false;
  for (;;) {
    const db = ctx.profile.db;
    const delay = loginDelaySeconds(db, account.mailboxKey);
    const allowedAt = loginAllowedAt(mailboxHistory(db, account.mailboxKey), delay);
    const now = Date.now();
    if (allowedAt !== null && allowedAt > now) {
      if (options.noWait || allowedAt - now >= SHORT_WAIT_MS) return notBefore(account, allowedAt, delay, started);
      await countdown(
        allowedAt,
        `${account.name}: waiting for the server’s LOGIN-DELAY (${span((delay ?? 0) * 1000)} between logins)`,
        options,
      );
      continue; // another process may have logged in meanwhile
    }

    const probe = await tryAcquireMailboxLock(ctx.lockDir, account.mailboxKey, { profile: ctx.profile.dir });
    if (probe.acquired) {
      await probe.lock.release();
      const result = await runSession(ctx, account, { trigger: 'command-line' });
      // Another process took the lock between the probe and the session: wait for it too.
      if (result.error?.code !== 'local-lock' || options.noWait || Date.now() >= lockDeadline) return lostRace(result, options.noWait);
      continue;
    }
    if (probe.reason !== 'held' && probe.reason !== 'recovering') {
      // Another computer's lock, or a damaged file: only the user can clear it; the session says how.
      return runSession(ctx, account, { trigger: 'command-line' });
    }
    const who = probe.heldBy ? `process ${probe.heldBy.pid}` : 'another process';
    if (options.noWait)
      return skipped(
        account,
        started,
        `Another Poplar on this computer (${who}) is checking this mailbox right now, so this check was skipped (--no-wait); that check downloads the mail.`,
      );
    if (Date.now() >= lockDeadline) {
      return skipped(
        account,
        started,
        `Another Poplar on this computer (${who}) has been checking this mailbox for over ${span(LOCAL_LOCK_WAIT_MS)}, so this check was skipped; that check downloads the mail.`,
      );
    }
    if (!announcedLock) {
      options.say(
        `${account.name}: another Poplar on this computer (${who}) is checking this mailbox; waiting for it to finish (at most ${span(LOCAL_LOCK_WAIT_MS)}).`,
      );
      announcedLock = true;
    }
    await sleep(LOCK_POLL_MS);
  }
}

/** A session that met the local lock after all: with waiting over, it is a skip, not a failure. */
function lostRace(result: SyncResult, noWait: boolean): SyncResult {
  if (result.error?.code !== 'local-lock' || result.outcome !== 'locked') return result;
  const note = noWait ? ' (--no-wait)' : '';
  return {
    ...result,
    outcome: 'skipped',
    error: {
      ...result.error,
      message: `Another Poplar on this computer is checking this mailbox right now, so this check was skipped${note}; that check downloads the mail.`,
    },
  };
}

function skipped(account: Account, started: number, message: string): SyncResult {
  return {
    account: account.name,
    outcome: 'skipped',
    downloaded: 0,
    deletedOnServer: 0,
    bytes: 0,
    ms: Date.now() - started,
    error: { code: 'local-lock', message, responseCode: null, serverText: null },
    sessionId: 0,
    notes: [],
  };
}

function notBefore(account: Account, at: number, delay: number | null, started: number): SyncResult {
  const message = `The server allows one login every ${span((delay ?? 0) * 1000)} (LOGIN-DELAY), so Poplar did not connect: the next check is allowed at ${clockSeconds(at)}.`;
  return {
    account: account.name,
    outcome: 'not-before',
    notBefore: at,
    downloaded: 0,
    deletedOnServer: 0,
    bytes: 0,
    ms: Date.now() - started,
    error: null,
    sessionId: 0,
    notes: [message],
  };
}
