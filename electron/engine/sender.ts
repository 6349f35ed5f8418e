// The engine's sending loop (issue 15). At start, items a crash left in 'sending' become
// 'unknown' (the server may have taken them: never sent again without the user). Then one
// sender per account at a time takes its due items, oldest first; it wakes on 'outbox.send',
// on a retry or an answer from the user, and at the next retry time. Every change of state is
// told as 'outbox.changed' and 'folders.changed' (the sidebar's counts). stop() waits for the
// sends under way: each has its own time limits (smtp/limits.ts).
import type { Account } from '../../shared/account.ts';
import { headlessSmtpPasswords, SmtpSetupError, smtpSettingsFor, storeSmtpPasswords } from '../smtp/account-smtp.ts';
import { findAccountById } from '../store/accounts.ts';
import { dueSummary, getItem, listPending, nextDue, recoverAfterCrash } from '../store/outbox.ts';
import type { EngineContext } from './context.ts';
import { sendItem, type SendHooks } from './outbox.ts';

export interface OutboxSender {
  start(): void;
  /** Something may be due now (a message queued, a retry asked for). */
  wake(): void;
  stop(): Promise<void>;
}

export function createSender(
  ctx: Omit<EngineContext, 'outbox'>,
  checkpoint?: (name: string) => void,
  settingsFor: (account: Account) => ReturnType<typeof smtpSettingsFor> = (account) =>
    smtpSettingsFor(account, storeSmtpPasswords(ctx.secrets, headlessSmtpPasswords(ctx.profile.dir, process.env))),
): OutboxSender {
  const running = new Map<number, Promise<void>>();
  // Accounts whose sending could not start (no password, a store error): not tried again until
  // the next wake or retry time, else plan() would spin on their due items.
  const stalled = new Set<number>();
  let timer: unknown = null;
  let stopped = false;

  const told = (accountId: number, id: number): void => {
    const item = getItem(ctx.profile.db, id);
    if (item) ctx.events.emit('outbox.changed', { accountId, id, state: item.state });
    ctx.events.emit('folders.changed', {});
  };

  const runAccount = async (accountId: number): Promise<void> => {
    const account = findAccountById(ctx.profile.db, accountId);
    if (account === null) return void stalled.add(accountId);
    let settings;
    try {
      settings = await settingsFor(account);
    } catch (error) {
      // No outgoing server or password now: the items wait (outbox.send refuses without a server).
      ctx.log(`poplar engine: cannot send for ${account.name}: ${error instanceof SmtpSetupError ? error.message : String(error)}`);
      stalled.add(accountId);
      return;
    }
    const hooks: SendHooks = {
      files: ctx.profile.files,
      ...(checkpoint ? { checkpoint } : {}),
    };
    while (!stopped) {
      const due = nextDue(ctx.profile.db, accountId, ctx.clock.now());
      if (due === null) return;
      // 'sending' is told before the network: the window shows it at once.
      const pending = sendItem(ctx.profile.db, due, settings, () => ctx.clock.now(), {
        ...hooks,
        checkpoint: (name) => {
          if (name === 'sending-recorded') told(accountId, due.id);
          hooks.checkpoint?.(name);
        },
      });
      const ended = await pending;
      if (ended === null) return; // another sender (`poplar send`) took it
      told(accountId, due.id);
    }
  };

  const plan = (): void => {
    if (stopped) return;
    if (timer !== null) ctx.clock.clearTimeout(timer);
    timer = null;
    const { due, nextAt } = dueSummary(ctx.profile.db, ctx.clock.now());
    for (const accountId of due) {
      if (running.has(accountId) || stalled.has(accountId)) continue;
      const run = runAccount(accountId)
        .catch((error: unknown) => {
          stalled.add(accountId);
          ctx.log(`poplar engine: sending failed: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => {
          running.delete(accountId);
          plan();
        });
      running.set(accountId, run);
    }
    const again = (): void => {
      stalled.clear();
      plan();
    };
    // A stalled account is tried again a minute on (its password may have been typed meanwhile).
    const at = stalled.size > 0 ? Math.min(nextAt ?? Infinity, ctx.clock.now() + 60_000) : nextAt;
    if (at !== null) timer = ctx.clock.setTimeout(again, Math.max(0, at - ctx.clock.now()) + 50);
  };

  return {
    start() {
      const recovered = recoverAfterCrash(ctx.profile.db, ctx.clock.now());
      if (recovered > 0) {
        for (const item of listPending(ctx.profile.db, null)) if (item.state === 'unknown') told(item.accountId, item.id);
      }
      plan();
    },
    wake: () => {
      stalled.clear();
      plan();
    },
    async stop() {
      stopped = true;
      if (timer !== null) ctx.clock.clearTimeout(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
