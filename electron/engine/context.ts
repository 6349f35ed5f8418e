// What every handler works with: the open profile, the scheduler, the secret store, the clock
// and the event emitter. Built once by createEngine (engine.ts).
import type { Account } from '../../shared/account.ts';
import type { Profile } from '../store/profile.ts';
import { findAccountById } from '../store/accounts.ts';
import type { Clock, Scheduler } from '../sync/scheduler.ts';
import type { SyncResult } from '../sync/result.ts';
import type { DemoMailbox } from './demo.ts';
import { notFound } from './errors.ts';
import type { EngineEvents } from './events.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { OutboxSender } from './sender.ts';
import type { StatusTracker } from './sync-status.ts';

export interface EngineContext {
  readonly profile: Profile;
  readonly scheduler: Scheduler<SyncResult>;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly lockDir: string;
  readonly events: EngineEvents;
  readonly status: StatusTracker;
  readonly demo: DemoMailbox | null;
  /** The sending loop (sender.ts): woken by 'outbox.send' and by retries. */
  readonly outbox: OutboxSender;
  /** Lines for the log (stderr); never a password. */
  readonly log: (line: string) => void;
}

/** The account, or a 'not-found' error the window can show. */
export function requireAccount(ctx: EngineContext, id: number): Account {
  const account = findAccountById(ctx.profile.db, id);
  if (account === null) throw notFound(`account with id ${id}`);
  return account;
}
