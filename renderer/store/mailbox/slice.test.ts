import { describe, expect, it, vi } from 'vitest';
import { PoplarError, type ChannelResults, type MessageQuery } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { deferred, fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { message, pager, summary } from '../test-data.ts';
import { cachedRows, MAX_CACHED_PAGES, rowAt } from './page-cache.ts';
import { PAGE_SIZE, pagesFor } from './paging.ts';

function setup(n = 250) {
  const server = pager(n);
  const api = fakeApi({
    'messages.page': (q) => server.page(q),
    'messages.count': (q) => server.count(q),
    'messages.get': (id) => message(id, { read: server.items.find((m) => m.id === id)?.read ?? true }),
    'messages.markRead': (ids, read) => {
      server.items = server.items.map((m) => (ids.includes(m.id) ? { ...m, read } : m));
      return { before: [] };
    },
    'messages.delete': (ids) => {
      server.items = server.items.filter((m) => !ids.includes(m.id));
      return { before: [] };
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

/** Scrolls the list so that a screen of rows from `start` is in view, and lets the answers land. */
async function visit(s: ReturnType<typeof setup>['s'], start: number): Promise<void> {
  s().ensureRows(start, start + 12);
  await settle();
}

const offsets = (api: ReturnType<typeof setup>['api']) => api.callsTo('messages.page').map((c) => (c[0] as MessageQuery).offset);

describe('the message list', () => {
  it('asks for the first page and the count together, and shows the page before the count is known', async () => {
    const { api, s } = setup();
    const count = deferred<number>();
    api.handlers['messages.count'] = () => count.promise;
    s().showMailbox(1, 'inbox');
    // A view's first page waits behind nothing: no `supersedes` key (that is for search).
    expect(api.callsTo('messages.page')).toEqual([[{ accountId: 1, folder: 'inbox', offset: 0, limit: PAGE_SIZE, count: false }]]);
    expect(api.callsTo('messages.count')).toEqual([[{ accountId: 1, folder: 'inbox' }]]);
    await settle();
    expect(s().list.status).toBe('ready');
    expect(rowAt(s().list.pages, 0)?.id).toBe(1);
    expect(s().list.totalKnown).toBe(false);
    expect(s().list.total).toBe(2 * PAGE_SIZE); // the rows known so far: the first page and the one fetched ahead
    count.resolve(250);
    await settle();
    expect(s().list).toMatchObject({ total: 250, totalKnown: true });
  });

  it('pages as rows come into view, one request for the pages in view, then the pages either side', async () => {
    const { api, s } = setup(1000);
    s().showMailbox(1, 'inbox');
    await settle();
    expect(offsets(api)).toEqual([0, 100]); // the first page, then the one after it ahead of the scroll
    s().ensureRows(480, 530);
    s().ensureRows(481, 531); // already asked for: no second request
    await settle();
    expect(
      api
        .callsTo('messages.page')
        .slice(2)
        .map((c) => [(c[0] as MessageQuery).offset, (c[0] as MessageQuery).limit]),
    ).toEqual([
      [400, 200],
      [300, 100],
      [600, 100],
    ]);
    expect(rowAt(s().list.pages, 529)?.id).toBe(530);
  });

  it('keeps pages it has seen, so going back shows them without asking again, within a bounded cache', async () => {
    const { api, s } = setup(10_000);
    s().showMailbox(null, 'inbox');
    await visit(s, 0);
    await visit(s, 5000);
    const asked = api.callsTo('messages.page').length;
    s().ensureRows(0, 12);
    s().ensureRows(5000, 5012);
    await settle();
    expect(api.callsTo('messages.page').length).toBe(asked);
    // Scrolling through far more than the cache holds evicts the oldest pages, never the one in view.
    for (let row = 0; row < 9000; row += 100) await visit(s, row);
    expect(Object.keys(s().list.pages).length).toBeLessThanOrEqual(MAX_CACHED_PAGES);
    expect(rowAt(s().list.pages, 8905)?.id).toBe(8906);
    const before = api.callsTo('messages.page').length;
    s().ensureRows(0, 12);
    await settle();
    expect(offsets(api).slice(before)).toContain(0); // evicted long ago: asked for again
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
    expect(cachedRows(s().list.pages).map((r) => r.id)).toEqual([900, 901, 902]);
  });

  it('sends every keystroke at once, each replacing the one before under the same key', async () => {
    const { api, s } = setup();
    for (const text of ['M', 'Me', 'Mes']) s().setSearch(text);
    const firsts = api.callsTo('messages.page').map((c) => c[0] as MessageQuery);
    expect(firsts.map((q) => q.search)).toEqual(['M', 'Me', 'Mes']);
    expect(new Set(firsts.map((q) => q.supersedes)).size).toBe(1);
    const counts = api.callsTo('messages.count').map((c) => c[0] as MessageQuery);
    expect(counts.map((q) => q.search)).toEqual(['M', 'Me', 'Mes']);
    expect(counts[0]?.supersedes).not.toBe(firsts[0]?.supersedes);
  });

  it('fetches the pages ahead of a search’s first page only once typing pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    try {
      const { api, s } = setup(1000);
      s().setSearch('Message');
      await settle();
      expect(offsets(api)).toEqual([0]);
      await vi.advanceTimersByTimeAsync(250);
      expect(offsets(api)).toEqual([0, 100]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores the engine skipping a query that a newer one overtook', async () => {
    const { api, s } = setup();
    api.handlers['messages.page'] = (q) => {
      if (q.search === 'Message 1') throw new PoplarError('unavailable', 'A newer query from the window replaced this one.');
      return pager(1, () => summary(7, { subject: 'Message 12' })).page(q);
    };
    api.handlers['messages.count'] = (q) => (q.search === 'Message 12' ? 1 : 0);
    s().setSearch('Message 1');
    s().setSearch('Message 12');
    await settle();
    expect(s().list).toMatchObject({ status: 'ready', error: null, total: 1, totalKnown: true });
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
    expect(rowAt(s().list.pages, 0)?.id).toBe(1); // still the old rows
    gate.resolve(null);
    await settle();
    expect(rowAt(s().list.pages, 0)?.id).toBe(1000);
    expect(s().list.total).toBe(252);
    expect(s().cursor).toEqual({ index: 6, id: 5 });
  });

  it('after new mail shows no cached row from before it: the whole cache is replaced', async () => {
    const { server, s } = setup(1000);
    s().showMailbox(null, 'inbox');
    await visit(s, 500);
    await visit(s, 0);
    server.items = [summary(5000), ...server.items];
    s().applyNewMessages({ accountId: 1, count: 1 });
    await settle();
    expect(rowAt(s().list.pages, 0)?.id).toBe(5000);
    expect(rowAt(s().list.pages, 500)).toBeUndefined(); // dropped, not shown one place off
    await visit(s, 500);
    expect(rowAt(s().list.pages, 500)?.id).toBe(500);
  });

  it('reloads once more, not once per event, for a burst of new mail', async () => {
    const { server, api, s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    const gate = deferred<null>();
    api.handlers['messages.page'] = async (q) => {
      await gate.promise;
      return server.page(q);
    };
    const before = api.callsTo('messages.page').length;
    for (let i = 0; i < 20; i++) s().applyNewMessages({ accountId: 1, count: 1 });
    gate.resolve(null);
    await settle();
    await settle();
    // The reload, and one more for the events that came while it was on its way (besides the pages fetched ahead).
    expect(
      offsets(api)
        .slice(before)
        .filter((offset) => offset === 0),
    ).toHaveLength(2);
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
    expect(rowAt(s().list.pages, 0)?.read).toBe(true);
    await s().toggleReadSelected();
    expect(api.callsTo('messages.markRead')[1]).toEqual([[1, 2], false]);
    expect(rowAt(s().list.pages, 1)?.read).toBe(false);
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
    expect(rowAt(s().list.pages, 3)?.id).toBe(7);
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

describe('order, quick filters and conversations', () => {
  it('asks with the order, filter and conversation switch, each a new list key that fetches again', async () => {
    const { api, s } = setup();
    s().showMailbox(1, 'archive');
    await settle();
    const keys = [s().list.key];
    s().setSort('subject', false);
    keys.push(s().list.key);
    s().setQuickFilter('flagged');
    keys.push(s().list.key);
    s().setConversations(true);
    keys.push(s().list.key);
    expect(new Set(keys).size).toBe(4);
    const last = api.callsTo('messages.page').at(-1)?.[0] as MessageQuery;
    expect(last).toMatchObject({
      accountId: 1,
      folder: 'archive',
      sort: 'subject',
      descending: false,
      only: 'flagged',
      conversations: true,
    });
    expect(api.callsTo('messages.count').at(-1)?.[0]).toEqual({ accountId: 1, folder: 'archive', only: 'flagged', conversations: true });
    s().setQuickFilter('flagged'); // the same again: nothing new
    expect(s().list.key).toBe(keys[3]);
    await settle();
    // Back to the first list: the same key as before, fetched afresh (the cache holds one list).
    s().setSort('date', true);
    s().setQuickFilter(null);
    s().setConversations(false);
    expect(s().list.key).toBe(keys[0]);
    expect(api.callsTo('messages.page').at(-1)?.[0]).toEqual({
      accountId: 1,
      folder: 'archive',
      offset: 0,
      limit: PAGE_SIZE,
      count: false,
    });
  });

  it('drops pages of the previous order that arrive after the order changed', async () => {
    const { api, s } = setup();
    const slow = deferred<ChannelResults['messages.page']>();
    api.handlers['messages.page'] = (q) => (q.sort === undefined ? slow.promise : pager(2, (i) => summary(700 + i)).page(q));
    s().showMailbox(null, 'inbox');
    s().setSort('size', true);
    await settle();
    slow.resolve({ total: 1, items: [summary(1)] });
    await settle();
    expect(cachedRows(s().list.pages).map((r) => r.id)).toEqual([700, 701]);
  });

  it('a folder change clears the quick filter and the search but keeps the order', async () => {
    const { s } = setup();
    s().setSort('sender', false);
    s().setQuickFilter('unread');
    s().setSearch('x');
    s().showMailbox(2, 'inbox');
    expect({ only: s().only, search: s().search, sort: s().sort, descending: s().descending }).toEqual({
      only: null,
      search: '',
      sort: 'sender',
      descending: false,
    });
  });
});

describe('the open message across list changes (defect 8)', () => {
  it('stays open when a search still finds it, and takes the cursor there', async () => {
    const { s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(11, 'only'); // message 12
    await settle();
    s().setSearch('Message 12');
    expect(s().reader.id).toBe(12);
    await settle();
    expect(s().reader.message?.id).toBe(12);
    expect(s().selectedIds).toEqual([12]);
    expect(s().cursor).toEqual({ index: 0, id: 12 });
  });

  it('stays open, unselected, while a search being typed does not find it, and is selected again once one does', async () => {
    const { s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(11, 'only'); // message 12
    await settle();
    s().setSearch('Message 3');
    await settle();
    expect(s().reader.message?.id).toBe(12);
    expect(s().selectedIds).toEqual([]);
    s().setSearch('Message 12');
    await settle();
    expect(s().selectedIds).toEqual([12]);
    expect(s().cursor).toEqual({ index: 0, id: 12 });
  });

  it('closes on another folder', async () => {
    const { s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(2, 'only');
    await settle();
    s().showMailbox(1, 'archive');
    expect(s().reader.id).toBeNull();
  });

  it('in the conversation view, finds it by its conversation', async () => {
    const { server, api, s } = setup(5);
    api.handlers['messages.get'] = (id) => message(id, { threadId: 1 });
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(3, 'only'); // message 4, of conversation 1
    await settle();
    server.items = [summary(1, { threadId: 1, conversation: { threadId: 1, count: 4, unread: 0, participants: ['Ann'] } }), summary(5)];
    s().setConversations(true);
    await settle();
    expect(s().reader.message?.id).toBe(4);
    expect(s().cursor).toEqual({ index: 0, id: 1 });
  });
});

describe('Esc and a reload', () => {
  it('clears a multiple selection and closes nothing else', async () => {
    const { s } = setup();
    s().showMailbox(null, 'inbox');
    await settle();
    s().selectRow(1, 'only');
    s().selectRow(4, 'range');
    s().clearSelection();
    expect(s().selectedIds).toEqual([]);
    expect(s().cursor).toEqual({ index: 4, id: 5 });
  });

  it('comes back to the folder, search, order, open message and scroll position after a reload (defect 9)', async () => {
    const saved = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const first = setup(1000);
      first.s().showMailbox(2, 'trash');
      first.s().setSort('size', false);
      first.s().setSearch('Message');
      await settle();
      first.s().ensureRows(300, 312);
      await settle();
      first.s().selectRow(305, 'only');
      await settle();
      first.s().rememberScroll(300);
      await vi.advanceTimersByTimeAsync(1000);

      const second = setup(1000);
      second.s().restoreMailbox();
      expect(second.s()).toMatchObject({ view: { accountId: 2, folder: 'trash' }, search: 'Message', sort: 'size', descending: false });
      expect(second.s().reader.id).toBe(306);
      expect(second.s().restoredRow).toBe(300);
      // The first page asked for is the one the list was scrolled to.
      expect((second.api.callsTo('messages.page')[0]?.[0] as MessageQuery).offset).toBe(300);
      await vi.advanceTimersByTimeAsync(500);
      expect(second.s().cursor).toEqual({ index: 305, id: 306 });
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });
});
