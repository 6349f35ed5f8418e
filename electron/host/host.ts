// Browser mode: the engine behind HTTP and a WebSocket on 127.0.0.1, for `poplar serve` and
// the end-to-end tests in Chromium. The same contract as the Electron window, another
// transport (DESIGN.md, "Processes and folders").
//
//   GET /, /assets/…                          the renderer's files; no token (they hold no data)
//   GET /ws?token=…  (WebSocket upgrade)       the API: wire.ts
//   GET /ws?token=…  (no upgrade)              401/403 for a missing or wrong token, else 426
//   GET /attachments/:m/:a?token=…            an attachment download   (mail-routes.ts)
//   GET /parts/:m/:cid?token=…                an inline cid: image      (mail-routes.ts)
//
// Every request: Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding). The WebSocket
// and any non-GET request: Origin must be this host's own. Everything but the static files:
// the per-launch token (guards.ts).
//
// The token travels as a query parameter on the WebSocket URL, as on the two mail routes. A
// Sec-WebSocket-Protocol header would keep it out of one URL but not out of the others — an
// <a download> or an <img> cannot send headers — and these URLs are only ever requested on
// loopback, never logged, and never leave in a Referer (Referrer-Policy: no-referrer).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../engine/engine.ts';
import { checkToken, hostAllowed, newToken, originAllowed } from './guards.ts';
import { baseHeaders, plain } from './headers.ts';
import { mailRoute } from '../serving/mail-route.ts';
import { serveMailRoute } from './mail-routes.ts';
import { serveSocket } from './socket.ts';
import { serveStatic } from './static-files.ts';
import { CLOSE, MAX_FRAME_BYTES } from './wire.ts';

export interface HostOptions {
  readonly engine: Engine;
  /** 0 or absent: any free port. */
  readonly port?: number;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
}

export interface Host {
  /** http://127.0.0.1:PORT/#token=… — the fragment is never sent to the server. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Where the server listens, as the socket reports it: always 127.0.0.1. */
  address(): AddressInfo | null;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startHost(options: HostOptions): Promise<Host> {
  const { engine } = options;
  const root = path.resolve(options.staticDir);
  const token = newToken();
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      process.stderr.write(`poplar host: ${req.method ?? '?'} failed: ${(error as Error).message}\n`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    const head = req.method === 'HEAD';
    if (!hostAllowed(req, port)) return plain(res, 403, 'Forbidden: this server answers only to 127.0.0.1 or localhost', head);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (!originAllowed(req, port)) return plain(res, 403, 'Forbidden: foreign origin');
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'Method not allowed');
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const route = url.pathname === '/ws' ? 'socket' : mailRoute(url.pathname);
    if (route === null) return serveStatic(root, url.pathname, req, res, port);
    const access = checkToken(url, token);
    if (access === 'missing') return plain(res, 401, 'Unauthorized: this needs the token from the address Poplar printed', head);
    if (access === 'wrong') return plain(res, 403, 'Forbidden: wrong token', head);
    // A plain GET of the WebSocket URL is how a window learns why its handshake failed, which
    // browsers hide from scripts: 401/403 above, or this when the token is good.
    if (route === 'socket') return plain(res, 426, 'Upgrade required: this is the WebSocket endpoint', head);
    if (route === 'malformed') return plain(res, 404, 'Not found', head);
    return serveMailRoute(engine, route, req, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (status: number, text: string): void => {
      const body = `${text}\n`;
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req, port)) return refuse(403, 'Forbidden: this server answers only to 127.0.0.1 or localhost');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (url.pathname !== '/ws') return refuse(404, 'Not found');
    if (!originAllowed(req, port)) return refuse(403, 'Forbidden: foreign origin');
    const access = checkToken(url, token);
    if (access !== 'ok')
      return refuse(access === 'missing' ? 401 : 403, access === 'missing' ? 'Unauthorized: token required' : 'Forbidden: wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.once('close', () => sockets.delete(ws));
      serveSocket(ws, engine);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    address: () => server.address() as AddressInfo | null,
    close() {
      closing ??= (async () => {
        for (const ws of sockets) ws.close(CLOSE.goingAway, 'Poplar is stopping');
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
