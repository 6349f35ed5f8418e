// The demo mailbox as the engine sees it: a POP3 server on loopback whose lock the window can
// hold, to show what a "mailbox locked" refusal and its diagnosis look like. electron/demo/
// starts it (startDemoMailbox in electron/demo/mailbox.ts, whose DemoMailbox has all of this);
// the engine needs only this much of it.
import type { Account } from '../../shared/account.ts';
import { addAccount, deleteAccountRows, listAccounts } from '../store/accounts.ts';
import type { KnownHold } from '../diagnostics/diagnosis.ts';
import type { Profile } from '../store/profile.ts';

export interface DemoMailbox {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Holds (true) or frees (false) the mailbox, as another program's session would. */
  hold(on: boolean): void;
  /** When the switch held the mailbox (demo/mailbox.ts); the diagnosis names that holder. */
  holds?(): readonly KnownHold[];
  close(): Promise<void> | void;
}

export const DEMO_ACCOUNT_NAME = 'Demo mailbox';

/** The demo switch's holds, for the account on the demo's mailbox (none for any other). */
export function demoHolds(demo: DemoMailbox | null | undefined, account: Account): readonly KnownHold[] {
  if (!demo || account.host !== demo.host || account.port !== demo.port || account.user !== demo.user) return [];
  return demo.holds?.() ?? [];
}

/**
 * The port the demo listened on at the profile's previous start (its account's), or 0. The demo
 * listens there again, so the account keeps its mailbox key and everything the user did to it.
 */
export function demoPortOf(profile: Profile): number {
  const existing = listAccounts(profile.db).find((a) => a.name === DEMO_ACCOUNT_NAME);
  return existing && existing.host === '127.0.0.1' ? existing.port : 0;
}

/**
 * The profile's account for `demo`, added when missing. The demo server starts on the port of
 * the previous start (demoPortOf) and serves the same messages under the same UIDLs, so the
 * account, its messages and their state are kept. Only when that port was taken (another
 * mailbox key) is the old account removed with its messages and added again, and `log` says so.
 * Its password is the demo's, per start: never stored ('prompt'); the caller supplies it.
 */
export function ensureDemoAccount(
  profile: Profile,
  demo: DemoMailbox,
  now: number,
  log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Account {
  const existing = listAccounts(profile.db).find((a) => a.name === DEMO_ACCOUNT_NAME);
  if (existing && existing.host === demo.host && existing.port === demo.port && existing.user === demo.user) return existing;
  if (existing) {
    deleteAccountRows(profile.db, existing.id);
    log(
      `poplar: the demo mailbox was reset: port ${existing.port}, where it was before, is in use by another program, ` +
        `so it now listens on port ${demo.port} with fresh messages.`,
    );
  }
  return addAccount(
    profile.db,
    {
      name: DEMO_ACCOUNT_NAME,
      host: demo.host,
      port: demo.port,
      // The demo never leaves this computer (127.0.0.1), and has no certificate to offer.
      security: 'none',
      user: demo.user,
      auth: 'user',
      caFile: null,
      fingerprint: null,
      // The safe default (issue 14, defect 11): deleting here leaves the server copy alone
      // unless the user asks otherwise in the account's settings.
      retention: { kind: 'leave', deleteWhenDeletedLocally: false },
      intervalMinutes: 5,
      checkAtStartup: true,
      paused: false,
      notify: true,
      maxSizeBytes: null,
      passwordSource: { kind: 'prompt' },
    },
    now,
  );
}
