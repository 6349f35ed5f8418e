// The engine's typed in-process client: the same `invoke` + unwrap the preload gives the
// renderer (electron/preload/preload.ts), for callers in the engine's own process (the tray and
// notifications in electron/main, tests). A result is typed by the contract's channel table; an
// error envelope becomes a rejected PoplarError carrying its closed ErrorCode.
import { unwrap, type PoplarApi } from '../../shared/contract.ts';
import type { Engine } from './engine.ts';

export type EngineClient = PoplarApi;

export function engineClient(engine: Pick<Engine, 'call' | 'on'>): EngineClient {
  return {
    invoke: async (channel, ...args) => unwrap(await engine.call(channel, args)),
    on: (event, listener) => engine.on(event, listener),
  };
}
