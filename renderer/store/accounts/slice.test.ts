import { describe, expect, it } from 'vitest';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { account, status } from '../test-data.ts';
import { intervalFloorMinutes, isDemoAccount, selectTotalUnread } from './selectors.ts';
import { selectShowWelcome } from '../ui/selectors.ts';

const input = {
  name: 'Home',
  host: 'pop.example.org',
  port: 995,
  security: 'tls' as const,
  user: 'ann',
  auth: 'auto' as const,
  password: 'secret',
  fingerprint: null,
  retention: { kind: 'leave' as const, deleteWhenDeletedLocally: false },
  intervalMinutes: 10,
  checkAtStartup: true,
  maxSizeBytes: null,
};

describe('accounts', () => {
  it('shows the welcome only on a first run', async () => {
    const api = fakeApi({ 'accounts.list': () => [] });
    const s = createAppStore(fakeDeps(api)).getState;
    expect(selectShowWelcome(s())).toBe(false); // not loaded yet: no flash of the welcome
    await s().loadAccounts();
    expect(selectShowWelcome(s())).toBe(true);
    s().navigate({ name: 'add-account' });
    expect(selectShowWelcome(s())).toBe(false);
  });

  it('adds an account and shows its inbox', async () => {
    const api = fakeApi({
      'accounts.add': () => account(7, { name: 'Home' }),
      'sync.status': () => [status(7)],
      'messages.page': () => ({ total: 0, items: [] }),
    });
    const s = createAppStore(fakeDeps(api)).getState;
    s().navigate({ name: 'add-account' });
    await s().addAccount(input);
    await settle();
    expect(api.callsTo('accounts.add')).toEqual([[input]]);
    expect(s().accounts.map((a) => a.id)).toEqual([7]);
    expect(s().route).toEqual({ name: 'mail' });
    expect(s().view).toEqual({ accountId: 7, folder: 'inbox' });
    expect(s().syncStatus[7]).toBeDefined();
  });

  it('removes an account and leaves its pages', async () => {
    const api = fakeApi({
      'accounts.list': () => [account(1), account(2)],
      'accounts.remove': () => null,
      'messages.page': () => ({ total: 0, items: [] }),
      'sync.status': () => [status(1), status(2)],
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await Promise.all([s().loadAccounts(), s().loadSyncStatus()]);
    s().showMailbox(2, 'trash');
    s().navigate({ name: 'account-settings', accountId: 2 });
    await s().removeAccount(2);
    expect(s().accounts.map((a) => a.id)).toEqual([1]);
    expect(s().syncStatus[2]).toBeUndefined();
    expect(s().route).toEqual({ name: 'mail' });
    expect(s().view).toEqual({ accountId: null, folder: 'inbox' });
  });

  it('derives totals, the interval floor and the demo account', () => {
    const api = fakeApi();
    const store = createAppStore(fakeDeps(api));
    store.setState({ accounts: [account(1, { unread: 3 }), account(2, { unread: 4 })] });
    expect(selectTotalUnread(store.getState())).toBe(7);
    expect(intervalFloorMinutes(account(1, { loginDelaySeconds: 900 }))).toBe(15);
    expect(intervalFloorMinutes(account(1, { loginDelaySeconds: 61 }))).toBe(2);
    expect(intervalFloorMinutes(account(1))).toBe(1);
    expect(isDemoAccount(account(1, { name: 'Demo' }))).toBe(true);
    expect(isDemoAccount(account(1, { name: 'Demonstrations Ltd' }))).toBe(false);
  });
});
