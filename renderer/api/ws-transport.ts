// PoplarApi over the browser-mode host's WebSocket (electron/host). Wire protocol:
//
//   client → server  {"id": 7, "channel": "messages.get", "args": [42]}
//   server → client  {"id": 7, "result": {"ok": true, "value": …}}     (an Envelope)
//   server → client  {"event": "sync.changed", "payload": …}           (a push)
//
//   connecting ──open──► open ──close──► reconnecting ──timer──► (another socket) ──open──► open
//        │                                   ▲    │                          │
//        └────────────close──────────────────┘    └──── the host refuses ◄───┘ close before open:
//                                                       the token: expired      probe the token
//
// A call made while connecting waits for the socket; a call in flight when the socket
// closes fails with PoplarError 'unavailable' (the engine may or may not have run it: the
// caller decides whether to retry); a call made while reconnecting fails at once. The state
// stays 'reconnecting' through every attempt until one opens, so the window's "reconnecting"
// note does not flicker and the bridge knows to reload once the connection is back.
//
// A browser never shows a script why a WebSocket handshake failed, so after a socket that
// closed before it opened, the transport asks the host over plain HTTP whether its token is
// still good (socket.ts probeToken). A host restarted since the page was opened has a new
// token and refuses the old one forever: retrying is pointless, and the window says to open
// the new address instead (issue 14, defect 3).
import {
  PoplarError,
  unwrap,
  type Channel,
  type ChannelArgs,
  type ChannelResults,
  type Envelope,
  type EventName,
  type Events,
  type PoplarApi,
} from '../../shared/contract.ts';
import { reconnectDelay } from './backoff.ts';
import { browserSocket, probeToken, type SocketFactory, type SocketHandle, type TokenProbe } from './socket.ts';

/** 'expired': the host no longer accepts this page's token (it was restarted); nothing more is tried. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'expired' | 'closed';

/** What a failed call says, in words (never a channel name: the caller says what failed). */
export const NOT_CONNECTED = 'Poplar is not connected. Try again once the connection is back.';
export const LOST_DURING_CALL = 'The connection to Poplar was lost before it answered.';
export const ADDRESS_EXPIRED = 'Poplar was restarted, so this page’s address no longer works. Open the new address Poplar printed.';

export interface WsApi extends PoplarApi {
  connection(): ConnectionState;
  /** Follows the connection; the bridge reloads everything when it comes back. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Closes the socket for good (no reconnect). */
  close(): void;
}

export interface WsOptions {
  socket?: SocketFactory;
  /** Whether the host still takes the token; by default an HTTP request to the same URL. */
  probe?: TokenProbe;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  random?: () => number;
  /** Where an exception thrown by an event listener goes; by default the page's error reporting. */
  onListenerError?: (error: unknown) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Listener = (payload: never) => void;

export function wsTransport(url: string, token: string, options: WsOptions = {}): WsApi {
  const openSocket = options.socket ?? browserSocket;
  const probe = options.probe ?? probeToken;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const random = options.random ?? Math.random;
  const onListenerError = options.onListenerError ?? reportListenerError;
  const fullUrl = `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

  let state: ConnectionState = 'connecting';
  let socket: SocketHandle | null = null;
  let attempt = 0;
  let timer: unknown = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Frames written while connecting, sent in order once the socket opens. */
  let queued: string[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of [...connectionListeners]) listener(next);
  }

  function connect(): void {
    timer = null;
    if (state !== 'reconnecting') setState('connecting');
    let opened = false;
    const mine = openSocket(fullUrl, {
      open() {
        if (socket !== mine) return;
        opened = true;
        attempt = 0;
        setState('open');
        const frames = queued;
        queued = [];
        for (const frame of frames) mine.send(frame);
      },
      message(data) {
        if (socket === mine) receive(data);
      },
      close() {
        if (socket !== mine) return;
        socket = null;
        failAll(LOST_DURING_CALL);
        if (state === 'closed') return;
        setState('reconnecting');
        if (opened) {
          retryLater();
          return;
        }
        // Refused before it opened: perhaps the host is down, perhaps it no longer takes the token.
        void probe(fullUrl).then((answer) => {
          if (state !== 'reconnecting' || socket !== null || timer !== null) return; // closed meanwhile
          if (answer === 'refused') setState('expired');
          else retryLater();
        });
      },
    });
    socket = mine;
  }

  function retryLater(): void {
    timer = setTimer(connect, reconnectDelay(attempt++, random));
  }

  function failAll(why: string): void {
    queued = [];
    const failed = [...pending.values()];
    pending.clear();
    for (const call of failed) call.reject(new PoplarError('unavailable', why));
  }

  function receive(data: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to guess at; the host only sends JSON
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof f.id === 'number' && isEnvelope(f.result)) {
      const call = pending.get(f.id);
      if (!call) return;
      pending.delete(f.id);
      try {
        call.resolve(unwrap(f.result));
      } catch (error) {
        call.reject(error as Error);
      }
      return;
    }
    if (typeof f.event === 'string') {
      for (const listener of [...(listeners.get(f.event) ?? [])]) {
        try {
          listener(f.payload as never);
        } catch (error) {
          // One broken listener must not starve the others; surface it without breaking the loop.
          onListenerError(error);
        }
      }
    }
  }

  connect();

  return {
    invoke<C extends Channel>(channel: C, ...args: ChannelArgs<C>): Promise<ChannelResults[C]> {
      if (state === 'reconnecting' || state === 'expired' || state === 'closed') {
        return Promise.reject(new PoplarError('unavailable', state === 'expired' ? ADDRESS_EXPIRED : NOT_CONNECTED));
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, args });
      return new Promise<ChannelResults[C]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        if (state === 'open' && socket) socket.send(frame);
        else queued.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      setState('closed');
      if (timer !== null) clearTimer(timer);
      timer = null;
      const s = socket;
      socket = null;
      failAll(NOT_CONNECTED);
      s?.close();
    },
  };
}

function reportListenerError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}
