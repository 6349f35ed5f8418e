// The routing from Electron IPC to the engine, under Node: the function ipc.ts registers for
// 'poplar:call', over a real engine on a temporary profile.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../../engine/fixtures/engine-fixture.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, callRoute, fromAppPage } from './ipc-route.ts';

const PAGE = 'poplar://mail/index.html';
let f: EngineFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

describe("ipcMain.handle('poplar:call') → engine.handle", () => {
  it('valid calls reach their handlers and come back as envelopes', async () => {
    f = await engineFixture();
    const route = callRoute(f.engine);
    expect(await route(PAGE, 'accounts.list', [])).toEqual({ ok: true, value: [] });
    expect(await route(PAGE, 'messages.page', [{ accountId: null, folder: 'inbox', offset: 0, limit: 50 }])).toEqual({ ok: true, value: { total: 0, items: [] } });
    expect(await route(PAGE, 'sync.status', [])).toEqual({ ok: true, value: [] });
    expect(await route(PAGE, 'sync.pauseAll', [false])).toEqual({ ok: true, value: null });
    expect(await route(PAGE, 'messages.get', [99])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it.each([
    ['accounts.list', ['extra']],
    ['messages.get', ['1']],
    ['messages.get', [0]],
    ['messages.markRead', [[1], 'yes']],
    ['messages.page', [{ accountId: null, folder: 'inbox', offset: 0, limit: 10, sql: 'DROP' }]],
    ['accounts.update', [1, { interval: 5 }]],
    ['accounts.add', [{ name: 'x' }]],
    ['sync.checkNow', [-1]],
    ['diagnostics.get', []],
    ['sync.pauseAll', 'true'],
    ['messages.delete', [Array.from({ length: 5001 }, (_, i) => i + 1)]],
  ])('%s %j is rejected with invalid-argument', async (channel, args) => {
    f = await engineFixture();
    expect(await callRoute(f.engine)(PAGE, channel, args)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it.each([['accounts.drop'], ['constructor'], ['__proto__'], [42], [null]])('channel %j is rejected with unknown-channel', async (channel) => {
    f = await engineFixture();
    expect(await callRoute(f.engine)(PAGE, channel, [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('calls from anything but the app page are refused before the engine sees them', async () => {
    const seen: unknown[] = [];
    const route = callRoute({ handle: async (channel) => (seen.push(channel), { ok: true, value: null }) });
    for (const url of [undefined, '', 'https://evil.example/', 'file:///tmp/x.html', 'poplar://other/index.html', 'about:blank']) {
      expect(await route(url, 'accounts.list', [])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(seen).toEqual([]);
    expect(fromAppPage('poplar://mail/index.html#/inbox')).toBe(true);
  });

  it('the preload uses the same two IPC channel names (it cannot import them: it bundles nothing of electron/main)', () => {
    const preload = readFileSync(new URL('../../preload/preload.ts', import.meta.url), 'utf8');
    expect(preload).toContain(`const CALL = '${CALL_CHANNEL}';`);
    expect(preload).toContain(`const EVENT = '${EVENT_CHANNEL}';`);
  });
});
