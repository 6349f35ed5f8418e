import { describe, expect, it } from 'vitest';
import { channels, PoplarError } from '../../shared/contract.ts';
import { reconnectDelay, RECONNECT_MAX_MS } from './backoff.ts';
import { mailRoutes } from './routes.ts';
import type { SocketHandlers, TokenAnswer } from './socket.ts';
import { tokenFromHash } from './token.ts';
import { ADDRESS_EXPIRED, LOST_DURING_CALL, NOT_CONNECTED, wsTransport, type ConnectionState } from './ws-transport.ts';

/** Lets the probe's answer (a resolved promise) reach the transport. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

/** A scripted socket per connection attempt, and a clock the test advances by hand. */
function harness(listenerErrors: unknown[] = []) {
  const sockets: Array<{ url: string; handlers: SocketHandlers; sent: unknown[]; closed: boolean }> = [];
  const timers: Array<{ at: number; run: () => void }> = [];
  const probes: string[] = [];
  const token: { answer: TokenAnswer } = { answer: 'unreachable' };
  let now = 0;
  const api = wsTransport('ws://127.0.0.1:8025/ws', 'to ken', {
    probe: (url) => {
      probes.push(url);
      return Promise.resolve(token.answer);
    },
    socket: (url, handlers) => {
      const s = { url, handlers, sent: [] as unknown[], closed: false };
      sockets.push(s);
      return { send: (data) => s.sent.push(JSON.parse(data)), close: () => void (s.closed = true) };
    },
    setTimer: (run, ms) => {
      const t = { at: now + ms, run };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void timers.splice(timers.indexOf(t as (typeof timers)[number]), 1),
    random: () => 0,
    onListenerError: (e) => listenerErrors.push(e),
  });
  const states: ConnectionState[] = [];
  api.onConnection((s) => states.push(s));
  return {
    api,
    sockets,
    states,
    probes,
    token,
    timers,
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket yet');
      return socket;
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.run();
      }
    },
    reply: (socket: { handlers: SocketHandlers }, frame: unknown) => socket.handlers.message(JSON.stringify(frame)),
  };
}

describe('the WebSocket transport', () => {
  it('connects with the token, queues calls until open and matches answers by id', async () => {
    const h = harness();
    expect(h.last().url).toBe('ws://127.0.0.1:8025/ws?token=to%20ken');
    const accounts = h.api.invoke('accounts.list');
    const message = h.api.invoke('messages.get', 7);
    expect(h.last().sent).toEqual([]);
    h.last().handlers.open();
    expect(h.last().sent).toEqual([
      { id: 1, channel: 'accounts.list', args: [] },
      { id: 2, channel: 'messages.get', args: [7] },
    ]);
    h.reply(h.last(), { id: 2, result: { ok: false, error: { code: 'not-found', message: 'no message 7' } } });
    h.reply(h.last(), { id: 1, result: { ok: true, value: [] } });
    await expect(accounts).resolves.toEqual([]);
    await expect(message).rejects.toMatchObject({ name: 'PoplarError', code: 'not-found', message: 'no message 7' });
    expect(h.states).toEqual(['open']);
  });

  it('dispatches pushes to their listeners, and ignores frames it does not understand', () => {
    const errors: unknown[] = [];
    const h = harness(errors);
    h.last().handlers.open();
    const seen: unknown[] = [];
    const off = h.api.on('messages.new', (p) => seen.push(p));
    h.api.on('messages.new', () => {
      throw new Error('a broken listener'); // must not stop the others
    });
    h.last().handlers.message('not json');
    h.reply(h.last(), { id: 99, result: { ok: true, value: 1 } });
    h.reply(h.last(), { id: 1, result: { nonsense: true } });
    h.reply(h.last(), { event: 'messages.new', payload: { accountId: 1, count: 2 } });
    off();
    h.reply(h.last(), { event: 'messages.new', payload: { accountId: 1, count: 3 } });
    expect(seen).toEqual([{ accountId: 1, count: 2 }]);
    expect(errors).toEqual([new Error('a broken listener'), new Error('a broken listener')]);
  });

  it('fails pending calls with "unavailable" on disconnect, refuses calls until back, and reconnects with backoff', async () => {
    const h = harness();
    h.last().handlers.open();
    const pending = h.api.invoke('sync.checkNow', 1);
    h.last().handlers.close(1006, '');
    await expect(pending).rejects.toBeInstanceOf(PoplarError);
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: LOST_DURING_CALL });
    await expect(h.api.invoke('messages.get', 4)).rejects.toMatchObject({ code: 'unavailable', message: NOT_CONNECTED });
    expect(h.api.connection()).toBe('reconnecting');

    h.advance(reconnectDelay(0, () => 0) - 1);
    expect(h.sockets).toHaveLength(1);
    h.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.last().handlers.close(1006, ''); // still down (the probe cannot reach it): the next wait is longer
    await settle();
    expect(h.probes).toEqual(['ws://127.0.0.1:8025/ws?token=to%20ken']);
    h.advance(reconnectDelay(1, () => 0) - 1);
    expect(h.sockets).toHaveLength(2);
    h.advance(1);
    expect(h.sockets).toHaveLength(3);
    h.last().handlers.open();
    // 'reconnecting' through every attempt: the window's note does not flicker, and the bridge reloads on 'open'.
    expect(h.states).toEqual(['open', 'reconnecting', 'open']);
    const again = h.api.invoke('accounts.list');
    h.reply(h.last(), { id: (h.last().sent[0] as { id: number }).id, result: { ok: true, value: [] } });
    await expect(again).resolves.toEqual([]);
  });

  it('stops retrying once the host refuses the token (restarted with a new one), and says so in words', async () => {
    const h = harness();
    h.last().handlers.open();
    h.last().handlers.close(1001, 'Poplar is stopping');
    h.advance(reconnectDelay(0, () => 0));
    expect(h.sockets).toHaveLength(2);
    h.token.answer = 'refused';
    h.last().handlers.close(1006, ''); // the new host turned the handshake away (403)
    await settle();
    expect(h.api.connection()).toBe('expired');
    expect(h.states).toEqual(['open', 'reconnecting', 'expired']);
    expect(h.timers).toEqual([]);
    h.advance(60_000);
    expect(h.sockets).toHaveLength(2);
    await expect(h.api.invoke('messages.get', 4)).rejects.toMatchObject({ code: 'unavailable', message: ADDRESS_EXPIRED });
  });

  it('keeps retrying while the host takes the token but the handshake fails', async () => {
    const h = harness();
    h.token.answer = 'valid';
    h.last().handlers.close(1006, '');
    await settle();
    expect(h.api.connection()).toBe('reconnecting');
    h.advance(reconnectDelay(0, () => 0));
    expect(h.sockets).toHaveLength(2);
  });

  it('no failure message names a channel', async () => {
    for (const text of [NOT_CONNECTED, LOST_DURING_CALL, ADDRESS_EXPIRED]) {
      for (const name of Object.keys(channels)) expect(text).not.toContain(name);
    }
  });

  it('closes for good on close()', async () => {
    const h = harness();
    const queued = h.api.invoke('accounts.list');
    h.api.close();
    await expect(queued).rejects.toMatchObject({ code: 'unavailable' });
    expect(h.last().closed).toBe(true);
    h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.api.connection()).toBe('closed');
  });
});

describe('transport helpers', () => {
  it('backs off from a quarter second to a few seconds, with jitter below the step', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(3, () => 0)).toBe(2000);
    expect(reconnectDelay(30, () => 0)).toBe(RECONNECT_MAX_MS);
    expect(reconnectDelay(0, () => 1)).toBe(200);
  });

  it('reads the launch token from the fragment', () => {
    expect(tokenFromHash('#token=abc%20d')).toBe('abc d');
    expect(tokenFromHash('#other=1&token=x')).toBe('x');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('builds the attachment and part routes, with the token and an encoded Content-ID', () => {
    const routes = mailRoutes('http://127.0.0.1:8025', 't/k');
    expect(routes.attachmentUrl(3, 9)).toBe('http://127.0.0.1:8025/attachments/3/9?token=t%2Fk');
    expect(routes.partUrl(3, 'logo@example.org/1')).toBe('http://127.0.0.1:8025/parts/3/logo%40example.org%2F1?token=t%2Fk');
    expect(routes.partsSource).toBe('http://127.0.0.1:8025/parts/');
    expect(mailRoutes('poplar://mail', null).attachmentUrl(1, 2)).toBe('poplar://mail/attachments/1/2');
  });
});
