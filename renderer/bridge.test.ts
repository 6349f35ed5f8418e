import { describe, expect, it } from 'vitest';
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
  });
  const store = createAppStore(fakeDeps(api));
  let state: ConnectionState = 'open';
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };
  const stop = startBridge(
    { api, state: () => state, onState: (l) => (connectionListeners.add(l), () => connectionListeners.delete(l)) },
    store,
  );
  return { api, store, s: store.getState, setState, stop };
}

describe('the bridge', () => {
  it('loads accounts, sync state and all inboxes at start', async () => {
    const { api, s } = setup();
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
    expect(s().syncStatus[1]?.state.kind).toBe('running');
    api.emit('messages.new', { accountId: 1, count: 2 });
    await settle();
    expect(s().toasts.at(-1)?.text).toBe('2 new messages in Home.');
    expect(api.callsTo('messages.page')).toHaveLength(2);
    api.emit('diagnosis.changed', { accountId: 1, banner: 'Locked.' });
    expect(s().syncStatus[1]?.banner).toBe('Locked.');
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
    expect(s().syncStatus[1]?.state.kind).toBe('idle');
  });
});
