import { describe, expect, it } from 'vitest';
import type { MessageStateView } from '../../shared/contract.ts';
import { createAppStore } from './app.ts';
import { fakeApi, fakeDeps, settle } from './fake-api.ts';
import { messageMenuItems, serverNote, type MenuItem } from './mail-actions.ts';
import { account, message, pager, summary } from './test-data.ts';

function setup() {
  const server = pager(5, (i) => summary(i + 1, { read: false }));
  const before = (ids: number[]): MessageStateView[] => ids.map((id) => ({ id, folder: 'inbox', read: false, flagged: false }));
  const api = fakeApi({
    'messages.page': (q) => server.page(q),
    'messages.count': (q) => server.count(q),
    'messages.get': (id) => message(id),
    'messages.markRead': () => ({ before: [] }),
    'messages.move': (ids) => {
      server.items = server.items.filter((m) => !ids.includes(m.id));
      return { before: before(ids) };
    },
    'messages.delete': (ids) => {
      server.items = server.items.filter((m) => !ids.includes(m.id));
      return { before: before(ids) };
    },
    'messages.flag': (ids) => ({ before: before(ids) }),
    'messages.revert': () => null,
    'messages.deletePermanently': (ids) => ({ removed: ids.length }),
    'trash.empty': () => ({ removed: 3 }),
    'accounts.list': () => [account(1, { name: 'Home', retention: { kind: 'leave', deleteWhenDeletedLocally: true } })],
    'folders.list': () => ({ folders: [], counts: [] }),
  });
  const store = createAppStore(fakeDeps(api));
  return { server, api, s: store.getState };
}

const labels = (items: ReturnType<typeof messageMenuItems>) => items.map((i) => (i === 'separator' ? '—' : i.label));

describe('mail actions', () => {
  it('moves the selection, gives the cursor to the next message, and undoes through messages.revert', async () => {
    const { api, s } = setup();
    s().showMailbox(1, 'inbox');
    await settle();
    s().selectRow(1, 'only');
    await s().moveMessages([2], 'archive');
    await settle();
    expect(api.callsTo('messages.move')).toEqual([[[2], 'archive']]);
    expect(s().selectedIds).toEqual([3]);
    const toast = s().toasts.at(-1);
    expect(toast?.text).toBe('Archived 1 message.');
    expect(toast?.action?.label).toBe('Undo');
    toast?.action?.run();
    await settle();
    expect(api.callsTo('messages.revert')).toEqual([[[{ id: 2, folder: 'inbox', read: false, flagged: false }]]]);
    expect(s().toasts.some((t) => t.id === toast?.id)).toBe(false);
    await s().undoLast(); // the only change was undone already
    expect(s().toasts.at(-1)?.text).toBe('Nothing to undo.');
  });

  it('z undoes the latest change first', async () => {
    const { api, s } = setup();
    s().showMailbox(1, 'inbox');
    await settle();
    await s().trashMessages([1]);
    await s().setFlagged([4], true);
    await s().undoLast();
    expect(api.callsTo('messages.revert')[0]?.[0]).toEqual([{ id: 4, folder: 'inbox', read: false, flagged: false }]);
    await s().undoLast();
    expect(api.callsTo('messages.revert')[1]?.[0]).toEqual([{ id: 1, folder: 'inbox', read: false, flagged: false }]);
  });

  it('z pressed before the engine answered a change waits for it, and undoes that change', async () => {
    const { api, s } = setup();
    s().showMailbox(1, 'inbox');
    await settle();
    const flagging = s().setFlagged([3], true); // not awaited: z comes at once
    await s().undoLast();
    await flagging;
    expect(api.callsTo('messages.revert')).toEqual([[[{ id: 3, folder: 'inbox', read: false, flagged: false }]]]);
    expect(s().toasts.some((t) => t.text === 'Nothing to undo.')).toBe(false);
  });

  it('asks before deleting permanently, says it cannot be undone and that the server copy goes too', async () => {
    const { api, s } = setup();
    await s().loadAccounts();
    s().showMailbox(1, 'trash');
    await settle();
    await s().deleteMessages([1, 2]); // Delete in the Trash
    const dialog = s().dialog;
    if (dialog?.kind !== 'confirm') throw new Error('no confirmation');
    expect(dialog.confirm.title).toBe('Delete 2 messages permanently?');
    expect(dialog.confirm.body.join(' ')).toContain('cannot be undone');
    expect(dialog.confirm.body.join(' ')).toContain('“Home” also deletes mail from the server');
    expect(api.callsTo('messages.deletePermanently')).toEqual([]);
    await dialog.confirm.run();
    expect(api.callsTo('messages.deletePermanently')).toEqual([[[1, 2]]]);
    expect(s().toasts.at(-1)?.action).toBeUndefined();
    expect(serverNote([account(2)])).toContain('left there');
  });

  it('empties the Trash after asking', async () => {
    const { api, s } = setup();
    s().askEmptyTrash(null);
    const dialog = s().dialog;
    if (dialog?.kind !== 'confirm') throw new Error('no confirmation');
    await dialog.confirm.run();
    expect(api.callsTo('trash.empty')).toEqual([[null]]);
    expect(s().toasts.at(-1)?.text).toBe('Emptied the Trash: 3 messages deleted permanently.');
  });

  it('builds a row menu for the folder the messages are in', async () => {
    const { s } = setup();
    s().showMailbox(1, 'inbox');
    await settle();
    expect(labels(messageMenuItems(s(), [1], 'inbox'))).toEqual([
      'Reply',
      'Reply all',
      'Forward',
      'Forward as attachment',
      '—',
      'Mark as read',
      'Flag',
      '—',
      'Archive',
      'Move to…',
      '—',
      'Move to Trash',
      'Delete permanently…',
    ]);
    expect(labels(messageMenuItems(s(), [1], 'trash'))[0]).toBe('Restore');
    expect(labels(messageMenuItems(s(), [1], 'archive'))).toContain('Move to Inbox');
    expect(labels(messageMenuItems(s(), [1, 2], 'inbox'))).not.toContain('Reply'); // one message is answered, not several
    const move = messageMenuItems(s(), [1, 2], 'inbox').find((i): i is MenuItem => i !== 'separator' && i.label === 'Move to…');
    move?.run();
    expect(s().dialog).toEqual({ kind: 'move-to', ids: [1, 2], from: 'inbox' });
  });
});
