// The browser-mode host: who gets in (loopback only, Host and Origin checked, the token on
// everything that holds data), the headers it serves, and the WebSocket wire protocol.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { httpProbe, upgradeStatus, type HttpReply } from '../../tests/support/http-probe.ts';
import { engineFixture, type EngineFixture } from '../engine/fixtures/engine-fixture.ts';
import { ATTACHMENT_BYTES, IMAGE_BYTES, IMAGE_CID, note, RICH_MESSAGE } from '../engine/fixtures/mail.ts';
import { startHost, type Host } from './host.ts';

let f: EngineFixture;
let host: Host;
let staticDir: string;
const INDEX = '<!doctype html><title>Poplar</title><script type="module" src="/assets/app.js"></script>';

beforeEach(async () => {
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-static-'));
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("poplar")');
  await writeFile(path.join(os.tmpdir(), 'poplar-host-secret.txt'), 'not for the web');
  f = await engineFixture({ messages: [{ uidl: 'rich', body: RICH_MESSAGE }] });
  host = await startHost({ engine: f.engine, staticDir });
});

afterEach(async () => {
  await host?.close();
  await f?.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** Raw requests to this test's host, so tests can send any Host and Origin. */
const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpReply> =>
  httpProbe(host.port, pathname, headers, method);
const upgrade = (pathname: string, headers: Record<string, string>): Promise<number> => upgradeStatus(host.port, pathname, headers);

const origin = () => `http://127.0.0.1:${host.port}`;

interface Client {
  ws: WebSocket;
  frames: unknown[];
  call(channel: unknown, args: unknown): Promise<unknown>;
  until(match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

async function client(): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: origin() });
  const frames: unknown[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')));
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const until = (match: (frame: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = (): void => {
        const hit = frames.find((x) => match(x as Record<string, unknown>));
        if (hit) {
          waiters.splice(waiters.indexOf(check), 1);
          resolve(hit as Record<string, unknown>);
        }
      };
      waiters.push(check);
      check();
    });
  return {
    ws,
    frames,
    until,
    closed,
    async call(channel, args) {
      const id = nextId++;
      ws.send(JSON.stringify({ id, channel, args }));
      return (await until((x) => x.id === id)).result;
    },
  };
}

describe('listening', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Not on the IPv6 loopback either.
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '::1', port: host.port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

describe('static files', () => {
  it('serves the renderer without the token, with the strict headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe(INDEX);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}; ` +
        "frame-src 'self' blob: about:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    const script = await get('/assets/app.js', { host: `localhost:${host.port}` });
    expect(script).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const p of [
      '/../poplar-host-secret.txt',
      '/%2e%2e/poplar-host-secret.txt',
      '/assets/..%2f..%2fpoplar-host-secret.txt',
      '/assets',
      '/nope.html',
      '/%zz',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body.toString()).not.toContain('not for the web');
    }
  });
});

describe('refusals', () => {
  it('a foreign Host header is refused on every route (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const r = await get('/', { host: h });
      expect(r.status, h).toBe(403);
      expect(r.body.toString()).toMatch(/^Forbidden/);
      expect(await upgrade(`/ws?token=${host.token}`, { host: h, origin: origin() }), h).toBe(403);
    }
  });

  it('a non-GET request needs this host’s Origin', async () => {
    expect((await get('/', { origin: 'http://evil.example' }, 'POST')).status).toBe(403);
    expect((await get('/', {}, 'POST')).status).toBe(403);
    expect((await get('/', { origin: origin() }, 'POST')).status).toBe(405);
  });

  it('the WebSocket needs the token, compared exactly, and this host’s Origin', async () => {
    expect(await upgrade('/ws', { origin: origin() })).toBe(401);
    expect(await upgrade('/ws?token=', { origin: origin() })).toBe(401);
    expect(await upgrade(`/ws?token=${host.token.slice(0, -1)}`, { origin: origin() })).toBe(403);
    expect(await upgrade(`/ws?token=${host.token}x`, { origin: origin() })).toBe(403);
    expect(await upgrade(`/ws?token=${host.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(`/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await upgrade(`/ws?token=${host.token}`, {})).toBe(403);
    expect(await upgrade(`/ws?token=${host.token}`, { origin: origin() })).toBe(101);
    expect(await upgrade(`/ws?token=${host.token}`, { origin: `http://localhost:${host.port}` })).toBe(101);
  });

  it('a plain GET of the WebSocket URL says whether the token is good, so a window learns why its handshake failed', async () => {
    expect((await get('/ws')).status).toBe(401);
    expect((await get(`/ws?token=${host.token}x`)).status).toBe(403);
    expect((await get(`/ws?token=${host.token}`)).status).toBe(426);
    expect((await get(`/ws?token=${host.token}`, {}, 'HEAD')).status).toBe(426);
  });

  it('attachments and inline parts need the token', async () => {
    for (const p of ['/attachments/1/2', '/parts/1/x%40y']) {
      expect((await get(p)).status, p).toBe(401);
      expect((await get(`${p}?token=wrong`)).status, p).toBe(403);
      expect((await get(`${p}?token=${host.token.toUpperCase()}`)).status, p).toBe(403);
    }
  });
});

describe('attachments and parts', () => {
  async function stored() {
    await f.addAccount();
    const [m] = (await f.call('messages.page', { accountId: null, folder: 'inbox', offset: 0, limit: 10 })).items;
    return f.call('messages.get', m?.id ?? 0);
  }

  it('an attachment downloads as exactly its decoded bytes, never rendered', async () => {
    const m = await stored();
    const pdf = m.attachments.find((a) => a.filename === 'report 2026.pdf');
    const r = await get(`/attachments/${m.id}/${pdf?.id}?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(ATTACHMENT_BYTES)).toBe(true);
    expect(r.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="report 2026.pdf"; filename*=UTF-8''report%202026.pdf`,
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect((await get(`/attachments/${m.id}/9999?token=${host.token}`)).status).toBe(404);
    expect((await get(`/attachments/${m.id}/abc?token=${host.token}`)).status).toBe(404);
  });

  it('an inline image is served by its Content-ID for the mail frame', async () => {
    const m = await stored();
    const r = await get(`/parts/${m.id}/${encodeURIComponent(IMAGE_CID)}?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(IMAGE_BYTES)).toBe(true);
    expect(r.headers).toMatchObject({ 'content-type': 'image/png', 'content-security-policy': "default-src 'none'; sandbox" });
    expect(r.headers['cross-origin-resource-policy']).toBeUndefined();
    expect((await get(`/parts/${m.id}/nope%40x?token=${host.token}`)).status).toBe(404);
  });
});

describe('the WebSocket API', () => {
  it('answers calls by id with envelopes', async () => {
    const c = await client();
    expect(await c.call('accounts.list', [])).toEqual({ ok: true, value: [] });
    expect(await c.call('messages.get', ['1'])).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'messages.get: argument 1 must be a whole number' },
    });
    expect(await c.call('nope', [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await c.call('accounts.list', 'x')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    c.ws.close();
  });

  it('pushes events: the sync state, and new mail', async () => {
    const c = await client();
    await f.addAccount();
    const accounts = ((await c.call('accounts.list', [])) as { ok: true; value: Array<{ id: number; unread: number }> }).value;
    expect(accounts).toMatchObject([{ unread: 1 }]);
    f.server.deliver({ uidl: 'n1', body: note(1) });
    const id = accounts[0]?.id;
    c.frames.length = 0; // only what this check causes
    expect(await c.call('sync.checkNow', [id])).toEqual({ ok: true, value: { kind: 'done', outcome: 'ok', downloaded: 1, message: null } });
    expect(await c.until((x) => x.event === 'messages.new')).toEqual({ event: 'messages.new', payload: { accountId: id, count: 1 } });
    expect(
      await c.until((x) => x.event === 'sync.changed' && (x.payload as { state: { kind: string } }).state.kind === 'waiting'),
    ).toMatchObject({
      event: 'sync.changed',
      payload: { accountId: id, lastOutcome: 'ok', banner: null },
    });
    c.ws.close();
  });

  it('closes on frames it cannot answer', async () => {
    const notJson = await client();
    notJson.ws.send('{"id": 1, "channel": ');
    expect(await notJson.closed).toEqual({ code: 1007, reason: 'frames must be JSON' });

    const noId = await client();
    noId.ws.send(JSON.stringify({ channel: 'accounts.list', args: [] }));
    expect(await noId.closed).toMatchObject({ code: 1008 });

    const binary = await client();
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary.closed).toMatchObject({ code: 1003 });

    const huge = await client();
    huge.ws.send(JSON.stringify({ id: 1, channel: 'messages.page', args: ['x'.repeat(1024 * 1024)] }));
    expect((await huge.closed).code).toBe(1009);
  });
});
