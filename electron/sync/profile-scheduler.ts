// The scheduler wired to a profile: its accounts are the keys, its session records the
// history, and runSession the work. Used by `poplar watch`, the browser-mode host and the app.
import type { Account } from '../../shared/account.ts';
import type { Secret } from '../secrets/secret.ts';
import { listAccounts } from '../store/accounts.ts';
import type { Profile } from '../store/profile.ts';
import { loginDelaySeconds, mailboxHistory } from './history.ts';
import type { SyncResult } from './result.ts';
import { Scheduler, type Clock, type SchedulerEvent } from './scheduler.ts';
import { runSession } from './session.ts';
import type { Analyser } from '../analysis/pool.ts';

export interface ProfileSchedulerOptions {
  readonly profile: Profile;
  readonly lockDir: string;
  readonly clock: Clock;
  /** Tests only: pins the jitter (otherwise drawn from the history, as the diagnosis does). */
  readonly random?: () => number;
  readonly password: (account: Account) => Promise<Secret | null>;
  readonly onEvent?: (event: SchedulerEvent<SyncResult>, account: Account | null) => void;
  /** Told after each commit (analysis/pool.ts); without it each session analyses on this thread. */
  readonly analysis?: Analyser;
}

export function createProfileScheduler(options: ProfileSchedulerOptions): Scheduler<SyncResult> {
  const { profile, clock } = options;
  const accountFor = (key: string): Account | null => listAccounts(profile.db).find((a) => a.mailboxKey === key) ?? null;
  return new Scheduler<SyncResult>({
    clock,
    ...(options.random ? { random: options.random } : {}),
    // Read again before every plan: loginDelaySeconds comes from the mailbox row (and the
    // newest [LOGIN-DELAY] refusal), which sessions update as they learn the server's delay.
    keys: () =>
      listAccounts(profile.db).map((a) => ({
        key: a.mailboxKey,
        intervalMinutes: a.intervalMinutes,
        loginDelaySeconds: loginDelaySeconds(profile.db, a.mailboxKey),
        paused: a.paused,
        checkAtStartup: a.checkAtStartup,
      })),
    history: (key) => mailboxHistory(profile.db, key),
    run: async (key, trigger, signal) => {
      const account = accountFor(key);
      if (!account) throw new Error(`no account uses the mailbox ${key} any more`);
      const { lockDir, password, analysis } = options;
      return runSession({ profile, lockDir, now: () => clock.now(), password, signal, ...(analysis ? { analysis } : {}) }, account, {
        trigger,
      });
    },
    ...(options.onEvent ? { onEvent: (event: SchedulerEvent<SyncResult>) => options.onEvent?.(event, accountFor(event.key)) } : {}),
  });
}
