// What ipcMain.handle('poplar:call') does with a call, without Electron: calls from anything
// but the main frame of the app's own window, showing the app's page, are refused; everything
// else goes unchanged to engine.handle, which validates the channel and arguments against the
// contract. electron/main/ipc.ts registers exactly this function.
//
// Why the frame and not only its URL (Electron security checklist, "Validate the sender of
// all IPC messages"): a subframe can be made to show a poplar://mail/ URL, and a second
// webContents could load the app's page; neither is the window the user sees.
import type { Envelope } from '../../../shared/contract.ts';
import type { Engine } from '../../engine/engine.ts';
import { APP_HOST, APP_SCHEME } from './app-protocol.ts';

export const CALL_CHANNEL = 'poplar:call';
export const EVENT_CHANNEL = 'poplar:event';

/** True for a URL of the app's page (poplar://mail/…). */
export function fromAppPage(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** What the check needs of Electron's WebFrameMain. */
export interface FrameRef {
  readonly processId: number;
  /** Unique per frame (a frame that navigates to another process gets a new one). */
  readonly frameToken: string;
  readonly parent: unknown;
  readonly url: string;
}

/** Who sent a call: event.sender.id and event.senderFrame (null once the frame navigated or was destroyed). */
export interface Caller {
  readonly contentsId: number;
  readonly frame: FrameRef | null;
}

/** An app window (the main one, or a composer window): its webContents.id and webContents.mainFrame. */
export interface AppWindowRef {
  readonly contentsId: number;
  readonly mainFrame: FrameRef;
}

/** True only for the main frame of an app window, on the app's page. */
export function trustedCaller(caller: Caller, window: AppWindowRef | null): boolean {
  try {
    const frame = caller.frame;
    if (!window || !frame) return false;
    if (caller.contentsId !== window.contentsId) return false;
    const main = window.mainFrame;
    const isMainFrame = frame === main || (frame.processId === main.processId && frame.frameToken === main.frameToken);
    return isMainFrame && frame.parent === null && fromAppPage(frame.url);
  } catch {
    // Electron throws on reading a WebFrameMain whose frame was disposed meanwhile.
    return false;
  }
}

/** `windows`: the app's windows now open (the main window and any composer windows). */
export type CallRoute = (caller: Caller, windows: readonly AppWindowRef[], channel: unknown, args: unknown) => Promise<Envelope<unknown>>;

export function callRoute(engine: Pick<Engine, 'handle'>): CallRoute {
  return async (caller, windows, channel, args) => {
    if (!windows.some((window) => trustedCaller(caller, window)))
      return { ok: false, error: { code: 'forbidden', message: "calls are accepted from the app's window only" } };
    return engine.handle(channel, args);
  };
}
