// The preload: builds the typed API of shared/contract.ts over Electron IPC and exposes it as
// `window.poplar` (contextBridge). Nothing else is exposed: no ipcRenderer, no Node.
//
// A sandboxed preload is bundled into one CommonJS file (scripts/build.mjs); it may import
// only 'electron' and our own shared/ code, which esbuild inlines.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, unwrap, type Envelope, type EventName, type Events, type PoplarApi } from '../../shared/contract.ts';

/** The two IPC channel names (electron/main/logic/ipc-route.ts; not imported: the preload bundles nothing of electron/main). */
const CALL = 'poplar:call';
const EVENT = 'poplar:event';

const eventNames: readonly string[] = EVENT_NAMES;

// An error envelope becomes a rejected PoplarError. contextBridge copies an Error into the
// page keeping its message only (not its class or `code`); the renderer shows the message.
const api: PoplarApi = {
  async invoke(channel, ...args) {
    const envelope = (await ipcRenderer.invoke(CALL, channel, args)) as Envelope<never>;
    return unwrap(envelope);
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!eventNames.includes(event)) throw new TypeError(`there is no event ${JSON.stringify(event)}`);
    const forward = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as Events[E]);
    };
    ipcRenderer.on(EVENT, forward);
    return () => {
      ipcRenderer.removeListener(EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('poplar', api);
