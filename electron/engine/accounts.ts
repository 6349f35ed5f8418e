// accounts.* : the account list with what the window shows beside each account, and adding,
// changing and removing accounts. Passwords go to the SecretStore, never to the database.
import type { AccountSettings } from '../../shared/account.ts';
import { accountProblems } from '../../shared/account-rules.ts';
import type { AccountInput, AccountPatch, AccountView } from '../../shared/contract.ts';
import { removeAccount } from '../store/account-removal.ts';
import {
  addAccount,
  deleteAccountRows,
  getAccount,
  listAccounts,
  sameMailboxAs,
  sameMailboxMessage,
  updateAccount,
} from '../store/accounts.ts';
import { unreadCounts } from '../store/messages.ts';
import { mailboxFacts } from '../store/sessions.ts';
import { intervalProblem } from '../sync/policy.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError } from './errors.ts';
import { keepOutgoingPassword, outgoingFromWindow } from './accounts-smtp.ts';
import { accountView } from './views.ts';

export function listAccountViews(ctx: EngineContext): AccountView[] {
  const unread = unreadCounts(ctx.profile.db);
  return listAccounts(ctx.profile.db).map((a) => accountView(a, unread.get(a.id) ?? 0, mailboxFacts(ctx.profile.db, a.mailboxKey)));
}

function viewOf(ctx: EngineContext, id: number): AccountView {
  const a = getAccount(ctx.profile.db, id);
  return accountView(a, unreadCounts(ctx.profile.db).get(a.id) ?? 0, mailboxFacts(ctx.profile.db, a.mailboxKey));
}

function checkSettings(ctx: EngineContext, settings: AccountSettings, exceptId: number | null): void {
  const problems = accountProblems(settings);
  if (problems.length > 0) throw new EngineError('invalid-argument', problems.join('; '));
  // Another account already reaches this mailbox, under this or another of its names
  // (shared/mailbox-key.ts): the window names it. (The store refuses it too, as its last guard.)
  const first = sameMailboxAs(ctx.profile.db, settings, exceptId);
  if (first) throw new EngineError('same-mailbox', sameMailboxMessage(first));
}

/** A check the window does not wait for: its progress arrives as events. */
function checkSoon(ctx: EngineContext, mailboxKey: string): void {
  ctx.scheduler.trigger(mailboxKey, 'check-now').catch((error: unknown) => {
    ctx.log(`poplar engine: first check of ${mailboxKey} failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}

export async function addAccountFromWindow(ctx: EngineContext, input: AccountInput): Promise<AccountView> {
  const { password, notify, smtp, smtpPassword, ...rest } = input;
  // `notify` is optional in the contract (callers from before it existed leave it out): on by default.
  const settings: AccountSettings = {
    ...rest,
    caFile: null,
    paused: false,
    notify: notify ?? true,
    passwordSource: ctx.secrets.source,
    smtp: outgoingFromWindow(smtp, null, smtpPassword, ctx.secrets.source) ?? null,
  };
  checkSettings(ctx, settings, null);
  const account = addAccount(ctx.profile.db, settings, ctx.clock.now());
  try {
    await ctx.secrets.set(account.id, password);
    await keepOutgoingPassword(ctx, account, smtpPassword);
  } catch (error) {
    // An account whose password could not be kept would only fail its checks: take it back.
    deleteAccountRows(ctx.profile.db, account.id);
    throw error;
  }
  ctx.scheduler.refresh();
  checkSoon(ctx, account.mailboxKey);
  return viewOf(ctx, account.id);
}

export async function updateAccountFromWindow(ctx: EngineContext, id: number, patch: AccountPatch): Promise<AccountView> {
  const account = requireAccount(ctx, id);
  const { password, smtp, smtpPassword, ...changes } = patch;
  const settings: AccountSettings = {
    ...account,
    ...changes,
    smtp: outgoingFromWindow(smtp, account.smtp, smtpPassword, ctx.secrets.source) ?? null,
    // A password typed in the window replaces whatever source the command line set up.
    ...(password !== undefined ? { passwordSource: ctx.secrets.source } : {}),
  };
  checkSettings(ctx, settings, id);
  if (changes.intervalMinutes !== undefined) {
    const problem = intervalProblem(changes.intervalMinutes, mailboxFacts(ctx.profile.db, account.mailboxKey).loginDelaySeconds);
    if (problem !== null) throw new EngineError('invalid-argument', problem);
  }
  const updated = updateAccount(ctx.profile.db, id, settings);
  if (password !== undefined) await ctx.secrets.set(id, password);
  await keepOutgoingPassword(ctx, updated, smtpPassword);
  ctx.scheduler.refresh();
  // A new password is what ends an "auth-failed" pause: try it at once, as "Check now" would.
  if (password !== undefined) checkSoon(ctx, account.mailboxKey);
  return viewOf(ctx, id);
}

export async function removeAccountFromWindow(ctx: EngineContext, id: number): Promise<null> {
  requireAccount(ctx, id);
  const { passwordError } = await removeAccount(ctx.profile, id, ctx.secrets);
  if (passwordError !== null) ctx.log(`poplar engine: could not forget the password of account ${id}: ${passwordError.message}`);
  ctx.scheduler.refresh();
  ctx.status.forget(id);
  return null;
}
