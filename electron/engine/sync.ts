// sync.* : every account's status, "Check now" and pausing all checks. "Check now" goes
// through the scheduler like every trigger, so it joins a check already running and waits
// when a backoff or the server's LOGIN-DELAY says so (then it says until when, and why).
import type { CheckNowView, SyncStatusView } from '../../shared/contract.ts';
import { diagnoseMailbox } from '../diagnostics/mailbox.ts';
import { REASONS } from '../diagnostics/mailbox-state.ts';
import { listAccounts } from '../store/accounts.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError } from './errors.ts';

export function syncStatuses(ctx: EngineContext): SyncStatusView[] {
  return listAccounts(ctx.profile.db).map((a) => ctx.status.status(a));
}

export async function checkNow(ctx: EngineContext, accountId: number): Promise<CheckNowView> {
  const account = requireAccount(ctx, accountId);
  let r = await ctx.scheduler.trigger(account.mailboxKey, 'check-now');
  if (r.kind === 'unknown-key') {
    // Added by another process (`poplar account add`) since the scheduler last read the accounts.
    ctx.scheduler.refresh();
    r = await ctx.scheduler.trigger(account.mailboxKey, 'check-now');
  }
  switch (r.kind) {
    case 'ran':
    case 'joined': {
      const { outcome, downloaded } = r.result;
      // A session the scheduler ran never comes back 'not-before' (the scheduler answers that
      // itself, before connecting) — but should one, it is said as such, not as a check.
      if (outcome === 'not-before')
        return { kind: 'not-before', at: r.result.notBefore ?? ctx.clock.now(), reason: REASONS['login-delay'] };
      const message = outcome === 'ok' ? null : diagnoseMailbox(ctx.profile.db, account, ctx.clock.now()).title;
      return { kind: 'done', outcome: outcome === 'skipped' ? 'locked' : outcome, downloaded, message };
    }
    case 'not-before':
      return { kind: 'not-before', at: r.at, reason: REASONS[r.reason] };
    case 'unknown-key':
      throw new EngineError('unavailable', `Poplar is not checking the account '${account.name}' yet. Try again in a moment.`);
    case 'stopped':
      throw new EngineError('unavailable', 'Poplar is shutting down.');
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

export function pauseAll(ctx: EngineContext, paused: boolean): null {
  ctx.scheduler.setGlobalPause(paused);
  return null;
}
