import { describe, expect, it } from 'vitest';
import type { FoldersView } from '../../../shared/contract.ts';
import { startBridge } from '../../bridge.ts';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { account } from '../test-data.ts';
import { moveTargets, nameTaken, selectFolderCounts, selectUserFolders } from './selectors.ts';

const folder = (id: number, accountId: number | null, name: string) => ({ id, accountId, name, total: 2, unread: 1 });

function setup(view: FoldersView) {
  let current = view;
  const api = fakeApi({
    'folders.list': () => current,
    'folders.create': (accountId, name) => folder(9, accountId, name),
    'folders.remove': () => null,
    'messages.page': () => ({ total: 0, items: [] }),
    'messages.count': () => 0,
    'accounts.list': () => [account(1, { name: 'Home' })],
    'sync.status': () => [],
  });
  const store = createAppStore(fakeDeps(api));
  return { api, store, s: store.getState, set: (next: FoldersView) => (current = next) };
}

describe('folders', () => {
  it('lists an account’s folders and the local ones by name, numbers in order', async () => {
    const { s } = setup({
      folders: [folder(1, 1, 'Receipts 10'), folder(2, 1, 'receipts 2'), folder(3, null, 'Trips'), folder(4, 2, 'Other')],
      counts: [
        {
          accountId: 1,
          archive: { total: 3, unread: 1 },
          trash: { total: 1, unread: 0 },
          sent: { total: 0, unread: 0 },
          drafts: 0,
          outbox: 0,
          outboxProblems: 0,
        },
      ],
    });
    await s().loadFolders();
    expect(selectUserFolders(1)(s()).map((f) => f.name)).toEqual(['receipts 2', 'Receipts 10']);
    expect(selectUserFolders(null)(s()).map((f) => f.id)).toEqual([3]);
    expect(selectFolderCounts(1)(s()).archive.total).toBe(3);
    expect(selectFolderCounts(null)(s()).trash.total).toBe(0); // none reported: zero, not missing
    expect(nameTaken(s(), 1, ' RECEIPTS 2 ')).toBe(true);
    expect(nameTaken(s(), 1, 'receipts 2', 2)).toBe(false); // renaming a folder to its own name
    expect(nameTaken(s(), null, 'Receipts 10')).toBe(false);
  });

  it('offers an account’s own folders as move targets only when every message is of that account', async () => {
    const { s } = setup({ folders: [folder(1, 1, 'Receipts'), folder(3, null, 'Trips')], counts: [] });
    await s().loadFolders();
    expect(moveTargets(s(), [1, 1], 'inbox').map((t) => t.folder)).toEqual(['archive', 1, 3]);
    expect(moveTargets(s(), [1, 2], 'archive').map((t) => t.folder)).toEqual(['inbox', 3]);
  });

  it('reloads on folders.changed, and a removed folder on screen gives way to its inbox', async () => {
    const { api, store, s, set } = setup({ folders: [folder(5, 1, 'Old')], counts: [] });
    startBridge({ api, state: () => 'open', onState: () => () => {}, schedule: (f) => queueMicrotask(f) }, store);
    await settle();
    expect(s().folders.folders.map((f) => f.name)).toEqual(['Old']);
    set({ folders: [folder(5, 1, 'Old'), folder(6, null, 'New')], counts: [] });
    api.emit('folders.changed', {});
    await settle();
    expect(s().folders.folders.map((f) => f.name)).toEqual(['Old', 'New']);
    s().showMailbox(1, 5);
    await s().removeFolder(5);
    expect(api.callsTo('folders.remove')).toEqual([[5]]);
    expect(s().view).toEqual({ accountId: 1, folder: 'inbox' });
  });

  it('keeps what it shows when the list cannot be read', async () => {
    const { api, s } = setup({ folders: [folder(5, 1, 'Old')], counts: [] });
    await s().loadFolders();
    api.handlers['folders.list'] = () => Promise.reject(new Error('down'));
    await expect(s().loadFolders()).resolves.toBeUndefined();
    expect(s().folders.folders).toHaveLength(1);
  });
});
