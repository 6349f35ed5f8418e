// Which transport the window talks through. Inside Electron the preload exposes
// `window.poplar` (contextBridge, DESIGN.md "Security baseline"); in browser mode the page is
// served by the local host and talks over its WebSocket, authorised by the launch token.
import type { PoplarApi } from '../../shared/contract.ts';
import { frameBatched } from './frame-batched.ts';
import { mailRoutes, type MailRoutes } from './routes.ts';
import { withPlainErrors } from './plain-errors.ts';
import { withTimeWords } from './time-words.ts';
import { tokenFromHash } from './token.ts';
import { wsTransport, type ConnectionState } from './ws-transport.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly poplar?: PoplarApi;
  }
}

/**
 * The Electron shell serves attachments and inline parts from its own privileged protocol
 * (registered by electron/main) at the same paths as the browser host, so one function
 * builds both; the protocol is private to the app, so it needs no token.
 */
const ELECTRON_ORIGIN = 'poplar://mail';

export interface Connection {
  readonly api: PoplarApi;
  readonly routes: MailRoutes;
  /** The transport's connection state and its changes; Electron IPC is always 'open'. */
  readonly state: () => ConnectionState;
  readonly onState: (listener: (state: ConnectionState) => void) => () => void;
}

export type ConnectResult = { readonly ok: true; readonly connection: Connection } | { readonly ok: false; readonly problem: 'no-token' };

let current: ConnectResult | null = null;

/** The app's connection, made once per page. */
export function connect(): ConnectResult {
  current ??= makeConnection();
  return current;
}

/** The API the window talks through: `window.poplar` when present, else the WebSocket. */
export function getApi(): PoplarApi {
  const result = connect();
  if (!result.ok) throw new Error('Poplar was opened without its launch token.');
  return result.connection.api;
}

function makeConnection(): ConnectResult {
  if (window.poplar) {
    return {
      ok: true,
      connection: {
        api: withPlainErrors(withTimeWords(frameBatched(window.poplar))),
        routes: mailRoutes(ELECTRON_ORIGIN, null),
        state: () => 'open',
        onState: () => () => {},
      },
    };
  }
  const token = tokenFromHash(location.hash);
  if (token === null) return { ok: false, problem: 'no-token' };
  // The new address of a restarted `poplar serve` pasted into this tab differs only in its
  // fragment, which the browser takes as a jump within the page: start over with its token.
  window.addEventListener('hashchange', () => {
    const next = tokenFromHash(location.hash);
    if (next !== null && next !== token) location.reload();
  });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = wsTransport(`${scheme}//${location.host}/ws`, token);
  return {
    ok: true,
    connection: {
      api: withTimeWords(frameBatched(ws)),
      routes: mailRoutes(location.origin, token),
      state: ws.connection,
      onState: ws.onConnection,
    },
  };
}
