// The demo mailbox as the engine sees it: a POP3 server on loopback whose lock the window can
// hold, to show what a "mailbox locked" refusal and its diagnosis look like. electron/demo/
// starts it (startDemoMailbox in electron/demo/mailbox.ts, whose DemoMailbox has all of this);
// the engine needs only this much of it.
import type { Account } from '../../shared/account.ts';
import { addAccount, deleteAccountRows, listAccounts } from '../store/accounts.ts';
import type { Profile } from '../store/profile.ts';

export interface DemoMailbox {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Holds (true) or frees (false) the mailbox, as another program's session would. */
  hold(on: boolean): void;
  close(): Promise<void> | void;
}

export const DEMO_ACCOUNT_NAME = 'Demo mailbox';

/**
 * The profile's account for `demo`, added when missing. The demo server listens on a new port
 * and holds fresh messages at every start, so an account left from an earlier start (another
 * port, hence another mailbox key) is removed with its messages and added again.
 * Its password is the demo's, per start: never stored ('prompt'); the caller supplies it.
 */
export function ensureDemoAccount(profile: Profile, demo: DemoMailbox, now: number): Account {
  const existing = listAccounts(profile.db).find((a) => a.name === DEMO_ACCOUNT_NAME);
  if (existing && existing.host === demo.host && existing.port === demo.port && existing.user === demo.user) return existing;
  if (existing) deleteAccountRows(profile.db, existing.id);
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
      retention: { kind: 'leave', deleteWhenDeletedLocally: true },
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
