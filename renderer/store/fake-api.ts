// A PoplarApi for the store's tests: each channel answers from a handler the test supplies,
// every call is recorded, and events are emitted by hand. No transport, no DOM.
import {
  PoplarError,
  type Channel,
  type ChannelArgs,
  type ChannelResults,
  type EventName,
  type Events,
  type PoplarApi,
} from '../../shared/contract.ts';
import { mailRoutes } from '../api/routes.ts';
import type { StoreDeps } from './deps.ts';

export type Handlers = { [C in Channel]?: (...args: ChannelArgs<C>) => ChannelResults[C] | Promise<ChannelResults[C]> };

export interface FakeApi extends PoplarApi {
  readonly calls: Array<{ channel: Channel; args: unknown[] }>;
  handlers: Handlers;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  callsTo(channel: Channel): unknown[][];
}

export function fakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const api: FakeApi = {
    calls: [],
    handlers,
    async invoke<C extends Channel>(channel: C, ...args: ChannelArgs<C>): Promise<ChannelResults[C]> {
      api.calls.push({ channel, args: [...args] });
      const handler = api.handlers[channel] as ((...a: ChannelArgs<C>) => ChannelResults[C] | Promise<ChannelResults[C]>) | undefined;
      if (!handler) throw new PoplarError('unknown-channel', `no fake for ${channel}`);
      return handler(...args);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) (l as (p: typeof payload) => void)(payload);
    },
    callsTo: (channel) => api.calls.filter((c) => c.channel === channel).map((c) => c.args),
  };
  return api;
}

export function fakeDeps(api: PoplarApi, now = () => Date.UTC(2025, 5, 12, 10, 0)): StoreDeps {
  return { api, routes: mailRoutes('http://127.0.0.1:8025', 'tok'), now };
}

/** A promise the test resolves when it wants: for answers that arrive out of order. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued promise callbacks run (the store's actions chain a few). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
