// A native notification for new mail: sender and subject, grouped when there are many
// (logic/notification-text.ts), unless the account's notifications are off
// (logic/notify-decision.ts). Clicking it shows the window.
import { Notification } from 'electron';
import type { EngineClient } from '../engine/client.ts';
import { GROUP_ABOVE, newMailNotification } from './logic/notification-text.ts';
import { shouldNotify } from './logic/notify-decision.ts';

export function notifyNewMail(client: EngineClient, show: () => void): () => void {
  return client.on('messages.new', ({ accountId, count }) => {
    if (!Notification.isSupported()) return;
    void (async () => {
      const accounts = await client.invoke('accounts.list').catch(() => []);
      const account = accounts.find((a) => a.id === accountId);
      if (!shouldNotify(account, count)) return;
      const page = await client
        .invoke('messages.page', { accountId, folder: 'inbox', offset: 0, limit: Math.min(count, GROUP_ABOVE + 7) })
        .catch(() => null);
      const items = page?.items ?? [];
      const { title, body } = newMailNotification(account?.name ?? 'Poplar', count, items);
      const note = new Notification({ title, body, silent: false });
      note.on('click', show);
      note.show();
    })();
  });
}
