// The routing from Electron IPC to the engine, under Node: the function ipc.ts registers for
// 'poplar:call', over a real engine on a temporary profile, and the sender check in front of it
// (only the main frame of the app's own window, on the app's page).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../../engine/fixtures/engine-fixture.ts';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  callRoute,
  fromAppPage,
  trustedCaller,
  type AppWindowRef,
  type Caller,
  type FrameRef,
} from './ipc-route.ts';

const PAGE = 'poplar://mail/index.html';
/** Stand-ins for Electron's WebFrameMain: what trustedCaller reads of one. */
const frame = (url: string, more: Partial<FrameRef> = {}): FrameRef => ({
  processId: 4,
  frameToken: 'main-token',
  parent: null,
  url,
  ...more,
});
const MAIN = frame(PAGE);
const WINDOW: AppWindowRef = { contentsId: 1, mainFrame: MAIN };
const FROM_WINDOW: Caller = { contentsId: 1, frame: MAIN };
let f: EngineFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

describe("ipcMain.handle('poplar:call') → engine.handle", () => {
  it('valid calls reach their handlers and come back as envelopes', async () => {
    f = await engineFixture();
    const route = callRoute(f.engine);
    expect(await route(FROM_WINDOW, [WINDOW], 'accounts.list', [])).toEqual({ ok: true, value: [] });
    expect(await route(FROM_WINDOW, [WINDOW], 'messages.page', [{ accountId: null, folder: 'inbox', offset: 0, limit: 50 }])).toEqual({
      ok: true,
      value: { total: 0, items: [] },
    });
    expect(await route(FROM_WINDOW, [WINDOW], 'sync.status', [])).toEqual({ ok: true, value: [] });
    expect(await route(FROM_WINDOW, [WINDOW], 'sync.pauseAll', [false])).toEqual({ ok: true, value: null });
    expect(await route(FROM_WINDOW, [WINDOW], 'messages.get', [99])).toMatchObject({ ok: false, error: { code: 'not-found' } });
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
    expect(await callRoute(f.engine)(FROM_WINDOW, [WINDOW], channel, args)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it.each([['accounts.drop'], ['constructor'], ['__proto__'], [42], [null]])(
    'channel %j is rejected with unknown-channel',
    async (channel) => {
      f = await engineFixture();
      expect(await callRoute(f.engine)(FROM_WINDOW, [WINDOW], channel, [])).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
    },
  );

  it('calls from anything but the app page are refused before the engine sees them', async () => {
    const seen: unknown[] = [];
    const route = callRoute({ handle: async (channel) => (seen.push(channel), { ok: true, value: null }) });
    for (const url of ['', 'https://evil.example/', 'file:///tmp/x.html', 'poplar://other/index.html', 'about:blank', 'about:srcdoc']) {
      // The window's own main frame, navigated somewhere else.
      const away = frame(url);
      expect(await route({ contentsId: 1, frame: away }, [{ contentsId: 1, mainFrame: away }], 'accounts.list', [])).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(seen).toEqual([]);
    expect(fromAppPage('poplar://mail/index.html#/inbox')).toBe(true);
    expect(fromAppPage(undefined)).toBe(false);
  });

  it("calls from any frame but the main frame of the app's own window are refused, whatever their URL", async () => {
    const seen: unknown[] = [];
    const route = callRoute({ handle: async (channel) => (seen.push(channel), { ok: true, value: null }) });
    const refused: Array<[string, Caller, AppWindowRef | null]> = [
      // event.senderFrame is null once the frame has navigated away or been destroyed.
      ['a sender frame that is gone', { contentsId: 1, frame: null }, WINDOW],
      ['no window (closed, or not yet open)', FROM_WINDOW, null],
      ['another webContents showing the app page', { contentsId: 2, frame: frame(PAGE, { frameToken: 'other' }) }, WINDOW],
      ['another webContents whose frame looks the same', { contentsId: 2, frame: MAIN }, WINDOW],
      ['a subframe of the window on the app page', { contentsId: 1, frame: frame(PAGE, { frameToken: 'sub', parent: MAIN }) }, WINDOW],
      ['the mail frame (about:srcdoc)', { contentsId: 1, frame: frame('about:srcdoc', { frameToken: 'mail', parent: MAIN }) }, WINDOW],
      ['a frame in another renderer process with the same token', { contentsId: 1, frame: frame(PAGE, { processId: 9 }) }, WINDOW],
      ['a frame claiming the main token but with a parent', { contentsId: 1, frame: frame(PAGE, { parent: MAIN }) }, WINDOW],
    ];
    for (const [why, caller, window] of refused) {
      expect(trustedCaller(caller, window), why).toBe(false);
      expect(await route(caller, window ? [window] : [], 'accounts.list', []), why).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(seen).toEqual([]);
    // The main frame, as the same object or as an equal one (Electron may hand out another wrapper).
    expect(trustedCaller(FROM_WINDOW, WINDOW)).toBe(true);
    expect(
      trustedCaller(
        { contentsId: 1, frame: frame('poplar://mail/index.html#/settings') },
        { contentsId: 1, mainFrame: frame('poplar://mail/index.html#/settings') },
      ),
    ).toBe(true);
    expect(await route(FROM_WINDOW, [WINDOW], 'accounts.list', [])).toEqual({ ok: true, value: null });
    expect(seen).toEqual(['accounts.list']);
  });

  it('a composer window is an app window: its main frame is heard, its subframes are not', async () => {
    const seen: unknown[] = [];
    const route = callRoute({ handle: async (channel) => (seen.push(channel), { ok: true, value: null }) });
    const composerMain = frame('poplar://mail/index.html?composer=5', { processId: 6, frameToken: 'composer-token' });
    const composer: AppWindowRef = { contentsId: 3, mainFrame: composerMain };
    expect(await route({ contentsId: 3, frame: composerMain }, [WINDOW, composer], 'drafts.list', [null])).toEqual({
      ok: true,
      value: null,
    });
    const sub = frame('poplar://mail/index.html?composer=5', { processId: 6, frameToken: 'sub', parent: composerMain });
    expect(await route({ contentsId: 3, frame: sub }, [WINDOW, composer], 'drafts.list', [null])).toMatchObject({ ok: false });
    // Closed (no longer in the list): refused.
    expect(await route({ contentsId: 3, frame: composerMain }, [WINDOW], 'drafts.list', [null])).toMatchObject({ ok: false });
    expect(seen).toEqual(['drafts.list']);
  });

  it('a frame that Electron has disposed meanwhile (reading it throws) is refused, not a crash', () => {
    const disposed = {
      processId: 4,
      frameToken: 'main-token',
      parent: null,
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(trustedCaller({ contentsId: 1, frame: disposed }, { contentsId: 1, mainFrame: disposed })).toBe(false);
  });

  it('the preload uses the same two IPC channel names (it cannot import them: it bundles nothing of electron/main)', () => {
    const preload = readFileSync(new URL('../../preload/preload.ts', import.meta.url), 'utf8');
    expect(preload).toContain(`const CALL = '${CALL_CHANNEL}';`);
    expect(preload).toContain(`const EVENT = '${EVENT_CHANNEL}';`);
  });
});
