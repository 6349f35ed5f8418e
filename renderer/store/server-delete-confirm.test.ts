// Issue 14, defect 11: a delete that also deletes on the server asks first, until the user
// says not to; a delete that leaves the server alone never asks.
import { afterEach, describe, expect, it } from 'vitest';
import type { Retention } from '../../shared/account.ts';
import { createAppStore } from './app.ts';
import { fakeApi, fakeDeps, settle } from './fake-api.ts';
import { account, message, pager, summary } from './test-data.ts';

const stored = new Map<string, string>();
const memoryStorage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
};

function setup(retention: Retention) {
  Object.defineProperty(globalThis, 'localStorage', { value: memoryStorage, configurable: true, writable: true });
  const server = pager(3, (i) => summary(i + 1));
  const api = fakeApi({
    'messages.page': (q) => server.page(q),
    'messages.count': (q) => server.count(q),
    'messages.get': (id) => message(id),
    'messages.delete': (ids) => ({ before: ids.map((id) => ({ id, folder: 'inbox' as const, read: true, flagged: false })) }),
    'accounts.list': () => [account(1, { name: 'Phone too', retention })],
    'folders.list': () => ({ folders: [], counts: [] }),
  });
  const store = createAppStore(fakeDeps(api));
  return { api, s: store.getState };
}

afterEach(() => stored.clear());

describe('the question before a delete that reaches the server', () => {
  it('asks, says what happens on the server, and stops asking once "Don’t ask again" is kept', async () => {
    const { api, s } = setup({ kind: 'leave', deleteWhenDeletedLocally: true });
    await s().loadAccounts();
    s().showMailbox(1, 'inbox');
    await settle();
    await s().trashMessages([1]);
    const dialog = s().dialog;
    if (dialog?.kind !== 'confirm') throw new Error('no question');
    expect(dialog.confirm.body.join(' ')).toContain('This also deletes it from the server at the next check');
    expect(dialog.confirm.remember).toBe('Don’t ask again');
    expect(api.callsTo('messages.delete')).toEqual([]);
    await dialog.confirm.run(true);
    expect(api.callsTo('messages.delete')).toEqual([[[1]]]);
    s().closeDialog();
    await s().trashMessages([2]);
    expect(s().dialog).toBeNull();
    expect(api.callsTo('messages.delete')).toEqual([[[1]], [[2]]]);
  });

  it('asks again next time when the box was cleared', async () => {
    const { s } = setup({ kind: 'delete-after-days', days: 7, deleteWhenDeletedLocally: true });
    await s().loadAccounts();
    s().showMailbox(1, 'inbox');
    await settle();
    await s().trashMessages([1]);
    const first = s().dialog;
    if (first?.kind !== 'confirm') throw new Error('no question');
    await first.confirm.run(false);
    s().closeDialog();
    await s().trashMessages([2]);
    expect(s().dialog?.kind).toBe('confirm');
  });

  it('never asks when the server copy stays', async () => {
    const { api, s } = setup({ kind: 'leave', deleteWhenDeletedLocally: false });
    await s().loadAccounts();
    s().showMailbox(1, 'inbox');
    await settle();
    await s().trashMessages([1]);
    expect(s().dialog).toBeNull();
    expect(api.callsTo('messages.delete')).toEqual([[[1]]]);
  });
});
