import { describe, expect, it } from 'vitest';
import type { ChannelResults, MessageQuery } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { deferred, fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { message, pager, summary } from '../test-data.ts';
import { PAGE_SIZE, pagesFor } from './paging.ts';

function setup(n = 250) {
  const server = pager(n);
  const api = fakeApi({
    'messages.page': (q) => server.page(q),
    'messages.get': (id) => message(id, { read: server.items.find((m) => m.id === id)?.read ?? true }),
    'messages.markRead': (ids, read) => {
      server.items = server.items.map((m) => (ids.includes(m.id) ? { ...m, read } : m));
      return null;
    },
    'messages.delete': (ids) => {
      server.items = server.items.filter((m) => !ids.includes(m.id));
      return null;
    },
    'accounts.list': () => [],
  });
  const store = createAppStore(fakeDeps(api));
  return { server, api, store, s: store.getState };
}

describe('paging', () => {
  it('names the pages that hold a range of rows', () => {
    expect(pagesFor(0, 30, null)).toEqual([0]);
    expect(pagesFor(90, 130, null)).toEqual([0, 1]);
    expect(pagesFor(190, 260, 205)).toEqual([1, 2]);
    expect(pagesFor(0, 30, 0)).toEqual([0]);
  });
});

describe('the message list', () => {
  it('loads the first page of a view and then pages as rows come into view', async () => {
    const { api, s } = setup();
    s().showMailbox(1, 'inbox');
    await settle();
    expect(api.callsTo('messages.page')).toEqual([[{ accountId: 1, folder: 'inbox', offset: 0, limit: PAGE_SIZE }]]);
    expect(s().list.total).toBe(250);
    expect(s().list.status).toBe('ready');
    expect(s().list.rows[0]?.id).toBe(1);

    s().ensureRows(180, 230);
    s().ensureRows(181, 231); // already requested: no second request
    await settle();
    expect(api.callsTo('messages.page').map((c) => (c[0] as MessageQuery).offset)).toEqual([0, 100, 200]);
    expect(s().list.rows[249]?.id).toBe(250);
  });

  it('drops an answer for a search that was replaced by the time it arrived', async () => {
    const { api, s } = setup();
    const slow = deferred<ChannelResults['messages.page']>();
    api.handlers['messages.page'] = (q) =>
      q.search === 'Message 1' ? slow.promise : pager(3, (i) => summary(900 + i, { subject: 'Message 12 x' })).page(q);
    s().setSearch('Message 1');
    s().setSearch('Message 12');
    await settle();
    slow.resolve({ total: 1, items: [summary(1)] });
    await settle();
    expect(s().search).toBe('Message 12');
    expect(Object.values(s().list.rows).map((r) => r.id)).toEqual([900, 901, 902]);
  });

  it('keeps the old rows on screen during a reload and follows the cursor’s message to its new place', async () => {
    const { server, api, s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(4, 'only');
    await settle();
    expect(s().cursor).toEqual({ index: 4, id: 5 });

    const gate = deferred<null>();
    api.handlers['messages.page'] = async (q) => {
      await gate.promise;
      return server.page(q);
    };
    server.items = [summary(1000, { read: false }), summary(1001, { read: false }), ...server.items];
    s().applyNewMessages({ accountId: 1, count: 2 });
    await settle();
    expect(s().list.rows[0]?.id).toBe(1); // still the old rows
    gate.resolve(null);
    await settle();
    expect(s().list.rows[0]?.id).toBe(1000);
    expect(s().list.total).toBe(252);
    expect(s().cursor).toEqual({ index: 6, id: 5 });
  });

  it('does not reload for new mail in another account’s inbox', async () => {
    const { api, s } = setup();
    s().showMailbox(2, 'inbox');
    await settle();
    const before = api.callsTo('messages.page').length;
    s().applyNewMessages({ accountId: 3, count: 1 });
    await settle();
    expect(api.callsTo('messages.page').length).toBe(before);
  });
});

describe('selection', () => {
  it('selects one, toggles with ctrl, extends with shift — and opens only a single message', async () => {
    const { api, s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(2, 'only');
    await settle();
    expect(s().selectedIds).toEqual([3]);
    expect(s().reader.message?.id).toBe(3);

    s().selectRow(5, 'range');
    expect(s().selectedIds).toEqual([3, 4, 5, 6]);
    expect(s().reader.id).toBeNull();

    s().selectRow(3, 'toggle');
    expect(s().selectedIds).toEqual([3, 5, 6]);
    s().selectRow(9, 'toggle');
    expect(s().selectedIds).toEqual([3, 5, 6, 10]);
    expect(api.callsTo('messages.get')).toEqual([[3]]);
  });

  it('moves the cursor with the keyboard, clamped to the list, extending with shift', async () => {
    const { s } = setup(3);
    s().showMailbox(null, 'inbox');
    await settle();
    s().moveCursor(1, false);
    expect(s().cursor).toEqual({ index: 0, id: 1 });
    s().moveCursor(1, true);
    s().moveCursor(5, true);
    expect(s().cursor).toEqual({ index: 2, id: 3 });
    expect(s().selectedIds).toEqual([1, 2, 3]);
    s().moveCursor(-10, false);
    expect(s().selectedIds).toEqual([1]);
  });

  it('waits on a row that is not fetched yet and takes it when it arrives', async () => {
    const { s } = setup(500);
    s().showMailbox(null, 'inbox');
    await settle();
    s().moveCursor(1, false);
    s().moveCursor(350, false);
    expect(s().cursor).toEqual({ index: 350, id: null });
    await settle();
    expect(s().cursor).toEqual({ index: 350, id: 351 });
    expect(s().selectedIds).toEqual([351]);
    expect(s().reader.message?.id).toBe(351);
  });
});

describe('acting on messages', () => {
  it('marks read optimistically and toggles the selection with u', async () => {
    const { server, api, s } = setup();
    server.items = server.items.map((m) => (m.id <= 2 ? { ...m, read: false } : m));
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(0, 'only');
    s().selectRow(1, 'range');
    await s().toggleReadSelected();
    expect(api.callsTo('messages.markRead')).toEqual([[[1, 2], true]]);
    expect(s().list.rows[0]?.read).toBe(true);
    await s().toggleReadSelected();
    expect(api.callsTo('messages.markRead')[1]).toEqual([[1, 2], false]);
    expect(s().list.rows[1]?.read).toBe(false);
    expect(api.callsTo('accounts.list').length).toBe(2); // unread counts refreshed
  });

  it('opening an unread message marks it read', async () => {
    const { server, api, s } = setup();
    server.items = server.items.map((m) => (m.id === 1 ? { ...m, read: false } : m));
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(0, 'only');
    await settle();
    expect(api.callsTo('messages.markRead')).toEqual([[[1], true]]);
    expect(s().reader.message?.read).toBe(true);
  });

  it('deletes the selection and moves the cursor to the next message', async () => {
    const { api, s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(3, 'only');
    s().selectRow(5, 'range');
    await s().deleteSelected();
    await settle();
    expect(api.callsTo('messages.delete')).toEqual([[[4, 5, 6]]]);
    expect(s().selectedIds).toEqual([7]);
    expect(s().cursor).toEqual({ index: 3, id: 7 });
    expect(s().list.rows[3]?.id).toBe(7);
    expect(s().reader.message?.id).toBe(7);
    expect(s().toasts.at(-1)?.text).toBe('Moved 3 messages to Trash.');
  });

  it('takes the message before when the last one is deleted', async () => {
    const { s } = setup(3);
    s().showMailbox(null, 'trash');
    await settle();
    s().selectRow(2, 'only');
    await s().deleteSelected();
    await settle();
    expect(s().cursor).toEqual({ index: 1, id: 2 });
    expect(s().toasts.at(-1)?.text).toBe('Deleted 1 message.');
  });

  it('keeps the selection and says so when a delete fails', async () => {
    const { api, s } = setup();
    api.handlers['messages.delete'] = () => {
      throw new Error('disk full');
    };
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(0, 'only');
    await s().deleteSelected();
    expect(s().selectedIds).toEqual([1]);
    expect(s().toasts.at(-1)).toMatchObject({ tone: 'error', text: 'Could not delete: disk full' });
  });
});
