import { describe, expect, it } from 'vitest';
import type { MessageSummaryView } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle, type Handlers } from '../fake-api.ts';
import { message, summary } from '../test-data.ts';

/** A conversation of messages 1, 2, 3 (oldest first); `unread` lists those not read yet. */
function thread(unread: readonly number[]): MessageSummaryView[] {
  return [1, 2, 3].map((id) => summary(id, { threadId: 9, read: !unread.includes(id) }));
}

function store(handlers: Handlers) {
  const api = fakeApi({
    'messages.get': (id) => message(id, { threadId: 9 }),
    'messages.markRead': () => ({ before: [] }),
    'accounts.list': () => [],
    ...handlers,
  });
  const app = createAppStore(fakeDeps(api));
  return { api, s: app.getState, set: app.setState };
}

describe('the reading pane’s conversation stack', () => {
  it('shows a message alone when its conversation is that message', async () => {
    const { s } = store({ 'messages.conversation': (id) => [summary(id)] });
    await s().openMessage(4);
    expect(s().stack.forId).toBeNull();
    expect(s().reader).toMatchObject({ id: 4, status: 'ready' });
  });

  it('opens the message alone when its conversation cannot be read', async () => {
    const { s, api } = store({
      'messages.get': (id) => message(id, { read: false }),
      'messages.conversation': () => {
        throw new Error('no');
      },
    });
    await s().openMessage(2);
    expect(s().stack.forId).toBeNull();
    expect(s().reader.message?.id).toBe(2);
    expect(api.callsTo('messages.markRead')).toEqual([[[2], true]]);
  });

  it('stacks the conversation oldest first with the opened message expanded and read', async () => {
    const { s, api } = store({ 'messages.conversation': () => thread([2, 3]) });
    await s().openMessage(2);
    expect(s().stack.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(s().stack.expandedIds).toEqual([2]);
    expect(Object.keys(s().stack.bodies)).toEqual(['2']);
    expect(api.callsTo('messages.get')).toEqual([[2]]);
    expect(api.callsTo('messages.markRead')).toEqual([[[2], true]]);
    expect(s().stack.messages.find((m) => m.id === 2)?.read).toBe(true);
    expect(s().stack.messages.find((m) => m.id === 3)?.read).toBe(false);
  });

  it('in the conversation view expands the first unread message, else the newest', async () => {
    const { s, set, api } = store({ 'messages.conversation': () => thread([2, 3]), 'messages.page': () => ({ total: 0, items: [] }) });
    set({ conversations: true });
    await s().openMessage(3); // a conversation row stands for its newest message
    expect(s().stack.expandedIds).toEqual([2]);
    expect(s().stack.bodies[2]?.id).toBe(2);
    expect(api.callsTo('messages.markRead')).toEqual([[[2], true]]); // not the newest, still folded

    api.handlers['messages.conversation'] = () => thread([]);
    await s().openMessage(1);
    expect(s().stack.expandedIds).toEqual([3]);
  });

  it('takes in a reply that arrives while the message is open, folded, and keeps what was expanded', async () => {
    let conversation = [summary(1, { threadId: 9 })];
    const { s, api } = store({ 'messages.conversation': () => conversation });
    await s().openMessage(1);
    expect(s().stack.forId).toBeNull(); // alone so far

    conversation = [...thread([]).slice(0, 1), summary(2, { threadId: 9, read: false })];
    await s().refreshStack();
    expect(s().stack.messages.map((m) => m.id)).toEqual([1, 2]);
    expect(s().stack.expandedIds).toEqual([1]);
    expect(s().stack.bodies[1]?.id).toBe(1);

    await s().toggleStackMessage(2);
    conversation = [...conversation, summary(3, { threadId: 9, read: false })];
    await s().refreshStack();
    expect(s().stack.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(s().stack.expandedIds).toEqual([1, 2]);
    expect(s().stack.messages.find((m) => m.id === 3)?.read).toBe(false);
    expect(api.callsTo('messages.get')).toEqual([[1], [2]]); // nothing loaded again

    conversation = conversation.filter((m) => m.id !== 2); // moved to Trash elsewhere
    await s().refreshStack();
    expect(s().stack.expandedIds).toEqual([1]);
    s().closeMessage();
    await s().refreshStack();
    expect(s().stack.forId).toBeNull();
  });

  it('loads and marks read a message when it is expanded, and folds it again', async () => {
    const { s, api } = store({ 'messages.conversation': () => thread([1, 3]) });
    await s().openMessage(2);
    expect(api.callsTo('messages.markRead')).toEqual([]);
    await s().toggleStackMessage(3);
    expect(s().stack.expandedIds).toEqual([2, 3]);
    expect(s().stack.bodies[3]?.id).toBe(3);
    expect(api.callsTo('messages.markRead')).toEqual([[[3], true]]);
    await s().toggleStackMessage(3);
    await s().toggleStackMessage(2);
    expect(s().stack.expandedIds).toEqual([]);
    await s().toggleStackMessage(3);
    await settle();
    expect(api.callsTo('messages.get')).toEqual([[2], [3]]); // the body stays loaded
    expect(api.callsTo('messages.markRead')).toEqual([[[3], true]]);
  });

  it('tells which body could not be loaded, and forgets the stack when the pane closes', async () => {
    const { s } = store({
      'messages.conversation': () => thread([]),
      'messages.get': (id) => {
        if (id === 1) throw new Error('gone');
        return message(id);
      },
    });
    await s().openMessage(2);
    await s().toggleStackMessage(1);
    expect(s().stack.failed[1]).toBe('gone');
    s().closeMessage();
    expect(s().stack.forId).toBeNull();
  });

  it('lets remote content load in the stack for the sender allowed on the open message', async () => {
    const { s } = store({
      'messages.conversation': () => thread([]),
      'messages.get': (id) => message(id, { html: '<p>x</p>', fromAddress: id === 3 ? 'bob@example.org' : 'ann@example.org' }),
      'messages.allowRemoteContent': () => null,
    });
    await s().openMessage(2);
    await s().toggleStackMessage(1);
    await s().toggleStackMessage(3);
    await s().allowRemoteContent('sender');
    expect(s().stack.bodies[1]?.remoteContentAllowed).toBe(true);
    expect(s().stack.bodies[2]?.remoteContentAllowed).toBe(true);
    expect(s().stack.bodies[3]?.remoteContentAllowed).toBe(false);
  });
});
