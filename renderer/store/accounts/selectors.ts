import type { AccountView } from '../../../shared/contract.ts';
import type { AppState } from '../app.ts';

export function selectAccounts(s: AppState) {
  return s.accounts;
}

export function selectAccountsLoaded(s: AppState) {
  return s.accountsLoaded;
}

export function selectAccountIds(s: AppState): number[] {
  return s.accounts.map((a) => a.id);
}

export function selectAccount(id: number | null) {
  return function selectAccountById(s: AppState): AccountView | undefined {
    return id === null ? undefined : s.accounts.find((a) => a.id === id);
  };
}

export function selectTotalUnread(s: AppState): number {
  return s.accounts.reduce((sum, a) => sum + a.unread, 0);
}

/**
 * The demo account that `poplar serve --demo` adds talks to a built-in scripted server; its
 * name says so. Only for it does the diagnostics view offer to simulate another device.
 */
export function isDemoAccount(account: AccountView): boolean {
  return /\bdemo\b/i.test(account.name) || /(^|\.)demo(\.|$)/i.test(account.host);
}

export function selectHasDemoAccount(s: AppState): boolean {
  return s.accounts.some(isDemoAccount);
}

/** The shortest check interval the server allows, in whole minutes (LOGIN-DELAY, RFC 2449 §8.1.1). */
export function intervalFloorMinutes(account: AccountView): number {
  return Math.max(1, Math.ceil((account.loginDelaySeconds ?? 0) / 60));
}

export function selectHasAccounts(s: AppState): boolean {
  return s.accounts.length > 0;
}
