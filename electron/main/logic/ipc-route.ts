// What ipcMain.handle('poplar:call') does with a call, without Electron: calls from anything
// but the app's own page are refused; everything else goes unchanged to engine.handle, which
// validates the channel and arguments against the contract. electron/main/ipc.ts registers
// exactly this function.
import type { Envelope } from '../../../shared/contract.ts';
import type { Engine } from '../../engine/engine.ts';
import { APP_HOST, APP_SCHEME } from './app-protocol.ts';

export const CALL_CHANNEL = 'poplar:call';
export const EVENT_CHANNEL = 'poplar:event';

/** True for a frame of the app's page (poplar://mail/…). */
export function fromAppPage(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

export function callRoute(engine: Pick<Engine, 'handle'>): (senderUrl: string | undefined, channel: unknown, args: unknown) => Promise<Envelope<unknown>> {
  return async (senderUrl, channel, args) => {
    if (!fromAppPage(senderUrl)) return { ok: false, error: { code: 'forbidden', message: 'calls are accepted from the app page only' } };
    return engine.handle(channel, args);
  };
}
