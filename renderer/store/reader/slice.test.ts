import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { deferred, fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { message } from '../test-data.ts';
import { selectRemoteAllowed } from './selectors.ts';

describe('the reading pane', () => {
  it('shows the message asked for last, whatever order the answers come in', async () => {
    const slow = deferred<MessageView>();
    const api = fakeApi({ 'messages.get': (id) => (id === 1 ? slow.promise : message(id)) });
    const s = createAppStore(fakeDeps(api)).getState;
    const first = s().openMessage(1);
    await s().openMessage(2);
    slow.resolve(message(1));
    await first;
    expect(s().reader).toMatchObject({ id: 2, status: 'ready' });
    expect(s().reader.message?.id).toBe(2);
  });

  it('reports a message that cannot be opened', async () => {
    const api = fakeApi({
      'messages.get': () => {
        throw new Error('gone');
      },
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().openMessage(5);
    expect(s().reader).toEqual({ id: 5, message: null, status: 'error', error: 'gone' });
  });

  it('allows remote content for one message, or for its sender', async () => {
    const api = fakeApi({ 'messages.get': (id) => message(id, { html: '<p>x</p>' }), 'messages.allowRemoteContent': () => null });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().openMessage(1);
    expect(selectRemoteAllowed(s())).toBe(false);
    await s().allowRemoteContent('message');
    expect(selectRemoteAllowed(s())).toBe(true);
    expect(s().reader.message?.remoteContentAllowed).toBe(false);

    await s().openMessage(2);
    expect(selectRemoteAllowed(s())).toBe(false);
    await s().allowRemoteContent('sender');
    expect(s().reader.message?.remoteContentAllowed).toBe(true);
    expect(api.callsTo('messages.allowRemoteContent')).toEqual([
      [1, 'message'],
      [2, 'sender'],
    ]);
  });

  it('keeps remote content blocked when the engine refuses to record the choice', async () => {
    const api = fakeApi({
      'messages.get': (id) => message(id),
      'messages.allowRemoteContent': () => {
        throw new Error('no');
      },
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().openMessage(1);
    await s().allowRemoteContent('message');
    await settle();
    expect(selectRemoteAllowed(s())).toBe(false);
    expect(s().toasts.at(-1)?.tone).toBe('error');
  });
});
