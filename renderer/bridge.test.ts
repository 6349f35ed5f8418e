import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './api/ws-transport.ts';
import { startBridge } from './bridge.ts';
import { createAppStore } from './store/app.ts';
import { fakeApi, fakeDeps, settle } from './store/fake-api.ts';
import { account, status, summary } from './store/test-data.ts';

function setup() {
  const api = fakeApi({
    'accounts.list': () => [account(1, { name: 'Home' })],
    'sync.status': () => [status(1)],
    'messages.page': () => ({ total: 1, items: [summary(1)] }),
    'messages.count': () => 1,
    'folders.list': () => ({ folders: [], counts: [] }),
  });
  const store = createAppStore(fakeDeps(api));
  let state: ConnectionState = 'open';
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };
  const stop = startBridge(
    {
      api,
      state: () => state,
      onState: (l) => (connectionListeners.add(l), () => connectionListeners.delete(l)),
      schedule: (flush) => queueMicrotask(flush),
    },
    store,
  );
  return { api, store, s: store.getState, setState, stop };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the bridge', () => {
  it('loads accounts, sync state and all inboxes at start, all asked for at once', async () => {
    const { api, s } = setup();
    expect(api.calls.map((c) => c.channel).sort()).toEqual([
      'accounts.list',
      'folders.list',
      'messages.count',
      'messages.page',
      'sync.status',
    ]);
    await settle();
    expect(s().accountsLoaded).toBe(true);
    expect(s().syncStatus[1]).toBeDefined();
    expect(api.callsTo('messages.page')).toHaveLength(1);
    expect(s().connection).toBe('open');
  });

  it('turns engine events into store updates', async () => {
    const { api, s } = setup();
    await settle();
    api.emit('sync.changed', status(1, { state: { kind: 'running', since: 1 } }));
    await settle();
    expect(s().syncStatus[1]?.state.kind).toBe('running');
    api.emit('messages.new', { accountId: 1, count: 2 });
    await settle();
    expect(s().toasts.at(-1)?.text).toBe('2 new messages in Home.');
    expect(api.callsTo('messages.page')).toHaveLength(2);
    api.emit('diagnosis.changed', { accountId: 1, banner: 'Locked.' });
    await settle();
    expect(s().syncStatus[1]?.banner).toBe('Locked.');
  });

  it('applies a burst of events as one update: one render, one reload, one toast per account', async () => {
    const { api, s, store } = setup();
    await settle();
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);
    const pagesBefore = api.callsTo('messages.page').length;
    const accountsBefore = api.callsTo('accounts.list').length;
    for (let i = 0; i < 50; i++) {
      api.emit('sync.changed', status(1, { state: { kind: 'running', since: i } }));
      api.emit('messages.new', { accountId: 1, count: 1 });
    }
    api.emit('diagnosis.changed', { accountId: 1, banner: 'Slow.' });
    expect(updates).toBe(0);
    await settle();
    unsubscribe();
    expect(s().syncStatus[1]).toMatchObject({ state: { kind: 'running', since: 49 }, banner: 'Slow.' });
    expect(api.callsTo('messages.page').length - pagesBefore).toBe(1);
    expect(api.callsTo('accounts.list').length - accountsBefore).toBe(1);
    expect(
      s()
        .toasts.filter((t) => t.text.includes('new message'))
        .map((t) => t.text),
    ).toEqual(['50 new messages in Home.']);
    expect(updates).toBeLessThan(10);
  });

  it('reloads for new mail at most every 250 ms while a sync streams it in, and grows one toast', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { api, s } = setup();
    await settle();
    const pages = () => api.callsTo('messages.page').filter((c) => (c[0] as { offset: number }).offset === 0).length;
    const before = pages();
    api.emit('messages.new', { accountId: 1, count: 1 });
    await settle();
    expect(pages() - before).toBe(1);
    api.emit('messages.new', { accountId: 1, count: 2 });
    await settle();
    api.emit('messages.new', { accountId: 1, count: 3 });
    await settle();
    expect(pages() - before).toBe(1); // the next reload waits its turn
    await vi.advanceTimersByTimeAsync(250);
    await settle();
    expect(pages() - before).toBe(2);
    expect(s().toasts.map((t) => t.text)).toEqual(['6 new messages in Home.']);
  });

  it('reloads everything after a reconnect, and stops listening when stopped', async () => {
    const { api, s, setState, stop } = setup();
    await settle();
    setState('reconnecting');
    expect(s().connection).toBe('reconnecting');
    setState('open');
    await settle();
    expect(api.callsTo('accounts.list')).toHaveLength(2);
    expect(api.callsTo('messages.page')).toHaveLength(2);
    stop();
    api.emit('sync.changed', status(1, { state: { kind: 'paused', why: 'user' } }));
    await settle();
    expect(s().syncStatus[1]?.state.kind).toBe('idle');
  });
});
