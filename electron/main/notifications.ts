// A native notification for new mail: sender and subject, grouped when there are many
// (logic/notification-text.ts), unless the account's notifications are off
// (logic/notify-decision.ts). Clicking it shows the window.
import { Notification } from 'electron';
import type { AccountView, ChannelResults } from '../../shared/contract.ts';
import type { Engine } from '../engine/engine.ts';
import { GROUP_ABOVE, newMailNotification } from './logic/notification-text.ts';
import { shouldNotify } from './logic/notify-decision.ts';

export function notifyNewMail(engine: Engine, show: () => void): () => void {
  return engine.on('messages.new', ({ accountId, count }) => {
    if (!Notification.isSupported()) return;
    void (async () => {
      const accounts = await engine.handle('accounts.list', []);
      const account = accounts.ok ? (accounts.value as AccountView[]).find((a) => a.id === accountId) : undefined;
      if (!shouldNotify(account, count)) return;
      const page = await engine.handle('messages.page', [{ accountId, folder: 'inbox', offset: 0, limit: Math.min(count, GROUP_ABOVE + 7) }]);
      const items = page.ok ? (page.value as ChannelResults['messages.page']).items : [];
      const { title, body } = newMailNotification(account?.name ?? 'Poplar', count, items);
      const note = new Notification({ title, body, silent: false });
      note.on('click', show);
      note.show();
    })();
  });
}
