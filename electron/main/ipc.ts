// The one IPC entry point: every call from an app window's main frame (the main window, or a
// composer window) is (channel, args), handed unchanged to engine.handle (through
// logic/ipc-route.ts), which validates it against the contract and answers with an envelope.
// Engine events go to every app window as ('poplar:event', name, payload). electron/preload is
// the other end.
import { ipcMain, type BrowserWindow } from 'electron';
import { EVENT_NAMES, type EventName, type Events } from '../../shared/contract.ts';
import type { Engine } from '../engine/engine.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, callRoute } from './logic/ipc-route.ts';

export function wireIpc(engine: Engine, windows: () => readonly BrowserWindow[]): () => void {
  const route = callRoute(engine);
  const open = (): BrowserWindow[] => windows().filter((win) => !win.isDestroyed());
  ipcMain.handle(CALL_CHANNEL, (event, channel: unknown, args: unknown) => {
    // Only the main frame of an app window (logic/ipc-route.ts trustedCaller).
    const appWindows = open().map((win) => ({ contentsId: win.webContents.id, mainFrame: win.webContents.mainFrame }));
    return route({ contentsId: event.sender.id, frame: event.senderFrame }, appWindows, channel, args);
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    engine.on(name, (payload) => {
      for (const win of open()) win.webContents.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    for (const off of unsubscribe) off();
  };
}

/**
 * An event from the shell itself (not the engine) to the window, such as 'drafts.open'. A window
 * still loading gets it once loaded: its listeners are registered while its scripts run.
 */
export function tellWindow<E extends EventName>(win: BrowserWindow, name: E, payload: Events[E]): void {
  if (win.isDestroyed()) return;
  const send = (): void => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
  };
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}
