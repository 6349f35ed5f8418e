// The tray (menu-bar) icon: the unread count in its tooltip, "Check now", the "keep checking
// when the window is closed" preference and "Quit"; the same count on the dock / taskbar badge
// where the platform has one.
import { app, Menu, nativeImage, Tray } from 'electron';
import type { EngineClient } from '../engine/client.ts';
import { KEEP_CHECKING_LABEL } from './logic/menu-template.ts';

export interface TrayActions {
  readonly show: () => void;
  readonly checkNow: () => void;
  readonly toggleKeepChecking: () => void;
  readonly quit: () => void;
}

export async function unreadCount(client: EngineClient): Promise<number> {
  const accounts = await client.invoke('accounts.list').catch(() => []);
  return accounts.reduce((sum, a) => sum + a.unread, 0);
}

export function createTray(
  client: EngineClient,
  iconFile: string,
  actions: TrayActions,
  keepChecking: boolean,
): { tray: Tray; stop: () => void; showKeepChecking: (on: boolean) => void } {
  const tray = new Tray(nativeImage.createFromPath(iconFile));
  const setMenu = (on: boolean): void => {
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Poplar', click: actions.show },
        { label: 'Check now', click: actions.checkNow },
        { type: 'separator' },
        { label: KEEP_CHECKING_LABEL, type: 'checkbox', checked: on, click: actions.toggleKeepChecking },
        { type: 'separator' },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  setMenu(keepChecking);
  tray.on('click', actions.show);
  const refresh = (): void => {
    void unreadCount(client).then((n) => {
      if (tray.isDestroyed()) return;
      tray.setToolTip(n === 0 ? 'Poplar: no unread mail' : `Poplar: ${n} unread`);
      app.setBadgeCount(n);
    });
  };
  refresh();
  const offs = [client.on('messages.new', refresh), client.on('sync.changed', refresh)];
  return {
    tray,
    showKeepChecking: (on) => {
      if (!tray.isDestroyed()) setMenu(on);
    },
    stop: () => {
      for (const off of offs) off();
      tray.destroy();
    },
  };
}

/** "Check now" for every account that is not paused (the scheduler joins a running check). */
export async function checkAll(client: EngineClient): Promise<void> {
  const accounts = await client.invoke('accounts.list').catch(() => []);
  for (const account of accounts) {
    // A check that cannot start is shown on its account (sync.changed); the others still run.
    if (!account.paused) await client.invoke('sync.checkNow', account.id).catch(() => null);
  }
}
