// Electron's security checklist, under plain Node: the permission decision, what any
// webContents may navigate to or open, and the headers of mail parts on poplar:// (the same
// function as the browser host's). electron/main/guards.ts attaches these decisions; the last
// block checks, by reading the source, that it attaches every one (the Electron binary cannot
// run here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partHeaders } from '../../serving/mail-part.ts';
import { frameNavigation, webviewAllowed, windowOpen } from './contents-guard.ts';
import { ALLOWED_PERMISSIONS, permissionAllowed, type PermissionAsk } from './permissions.ts';

const PAGE = 'poplar://mail/index.html#/diagnostics';
const source = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');

/** Every permission name of Electron 45's setPermissionRequestHandler (electron.d.ts). */
const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
];

describe('permissions: one allow-list entry, for the main frame of the app window only', () => {
  const app = (permission: string, more: Partial<PermissionAsk> = {}): PermissionAsk => ({
    permission,
    fromAppWindow: true,
    isMainFrame: true,
    requestingUrl: PAGE,
    ...more,
  });

  it('the names in the allow-list are Electron permission names, and the list is what the page uses', () => {
    for (const name of ALLOWED_PERMISSIONS.keys()) expect(ELECTRON_PERMISSIONS).toContain(name);
    expect([...ALLOWED_PERMISSIONS.keys()]).toEqual(['clipboard-sanitized-write']);
    // The one use: navigator.clipboard.writeText on the Diagnostics page.
    expect(source('../../../renderer/components/diagnostics/DiagnosticsPage.tsx')).toContain('navigator.clipboard.writeText');
  });

  it('denies every other permission to the app page itself — notifications come from main, not the page', () => {
    const granted = ELECTRON_PERMISSIONS.filter((p) => permissionAllowed(app(p)));
    expect(granted).toEqual(['clipboard-sanitized-write']);
    expect(permissionAllowed(app('notifications'))).toBe(false);
    expect(source('../notifications.ts')).toMatch(/import \{ Notification \} from 'electron'/);
  });

  it.each<[string, Partial<PermissionAsk>]>([
    ['another webContents', { fromAppWindow: false }],
    ['a check with no webContents', { fromAppWindow: false, requestingUrl: 'poplar://mail' }],
    ['a subframe (the mail frame)', { isMainFrame: false, requestingUrl: 'about:srcdoc' }],
    ['a subframe on the app page', { isMainFrame: false }],
    ['another origin in the main frame', { requestingUrl: 'https://evil.example/' }],
    ['an opaque origin', { requestingUrl: 'null' }],
    ['a file: page', { requestingUrl: 'file:///tmp/x.html' }],
    ['no URL at all', { requestingUrl: undefined }],
  ])('denies even the allowed one to %s', (_why, more) => {
    expect(permissionAllowed(app('clipboard-sanitized-write', more))).toBe(false);
  });

  it('grants it to a permission check that names the app origin (checks give an origin, not a URL)', () => {
    expect(permissionAllowed(app('clipboard-sanitized-write', { requestingUrl: 'poplar://mail' }))).toBe(true);
    expect(permissionAllowed(app('clipboard-sanitized-write'))).toBe(true);
  });
});

describe('navigation: will-frame-navigate for the main frame and every subframe', () => {
  it('the app page never navigates; a web or mail link goes to the system browser instead', () => {
    expect(frameNavigation({ url: 'https://example.org/a', isMainFrame: true, inAppWindow: true })).toEqual({
      allow: false,
      openExternally: 'https://example.org/a',
    });
    expect(frameNavigation({ url: 'mailto:ann@example.org', isMainFrame: true, inAppWindow: true })).toEqual({
      allow: false,
      openExternally: 'mailto:ann@example.org',
    });
    for (const url of [
      'poplar://mail/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'about:blank',
      'https://bank.example@evil.example/',
    ]) {
      expect(frameNavigation({ url, isMainFrame: true, inAppWindow: true }), url).toEqual({ allow: false, openExternally: null });
    }
  });

  it('a subframe may only be the mail frame (about:srcdoc, starting at about:blank)', () => {
    expect(frameNavigation({ url: 'about:srcdoc', isMainFrame: false, inAppWindow: true })).toEqual({ allow: true });
    expect(frameNavigation({ url: 'about:blank', isMainFrame: false, inAppWindow: true })).toEqual({ allow: true });
    // A link clicked inside a mail, or a mail that tries to load a page into its frame: nowhere, opened by nothing.
    for (const url of [
      'https://example.org/',
      'poplar://mail/index.html',
      'poplar://mail/attachments/1/1',
      'data:text/html,x',
      'blob:poplar://mail/x',
      'about:srcdoc?x',
      'file:///tmp/x',
    ]) {
      expect(frameNavigation({ url, isMainFrame: false, inAppWindow: true }), url).toEqual({ allow: false, openExternally: null });
    }
  });

  it('any other webContents navigates nowhere and opens nothing', () => {
    for (const [url, isMainFrame] of [
      ['https://example.org/', true],
      ['about:srcdoc', false],
      ['poplar://mail/index.html', true],
    ] as const) {
      expect(frameNavigation({ url, isMainFrame, inAppWindow: false }), url).toEqual({ allow: false, openExternally: null });
    }
  });
});

describe('new windows and webviews', () => {
  it('no contents opens a window; the app window hands web and mail links to the system', () => {
    expect(windowOpen('https://example.org/', true)).toEqual({ action: 'deny', openExternally: 'https://example.org/' });
    expect(windowOpen('file:///etc/passwd', true)).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpen('https://example.org/', false)).toEqual({ action: 'deny', openExternally: null });
    // The one window an app window may open: the composer on a draft, on the app's own page.
    expect(windowOpen('poplar://mail/index.html?composer=12', true)).toEqual({ action: 'allow-composer' });
    for (const url of [
      'poplar://mail/index.html?composer=12#x',
      'poplar://mail/other.html?composer=12',
      'poplar://mail/index.html?composer=12&x=1',
      'poplar://evil/index.html?composer=12',
      'poplar://user@mail/index.html?composer=12',
      'https://mail/index.html?composer=12',
    ])
      expect(windowOpen(url, true).action, url).toBe('deny');
    expect(windowOpen('poplar://mail/index.html?composer=12', false)).toEqual({ action: 'deny', openExternally: null });
  });

  it('never attaches a webview', () => {
    expect(webviewAllowed()).toBe(false);
  });
});

describe('mail part headers: one source for the browser host and poplar://', () => {
  it('attachments are downloads with Cross-Origin-Resource-Policy: same-origin', () => {
    expect(partHeaders({ kind: 'attachment', disposition: 'attachment; filename="a.pdf"' })).toEqual({
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': 'attachment; filename="a.pdf"',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('inline images carry no CORP (the sandboxed mail frame that shows them has an opaque origin)', () => {
    const headers = partHeaders({ kind: 'part', contentType: 'image/png' });
    expect(headers).toMatchObject({
      'Content-Type': 'image/png',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(headers).not.toHaveProperty('Cross-Origin-Resource-Policy');
  });

  it('both hosts take their part headers from partHeaders, and neither sets its own', () => {
    const shared = source('../../serving/mail-part.ts');
    expect(shared).toMatch(/partHeaders\(\{ kind: 'attachment'/);
    expect(shared).toMatch(/partHeaders\(\{ kind: 'part'/);
    for (const file of ['../protocol.ts', '../../host/mail-routes.ts']) {
      const text = source(file);
      expect(text, file).toMatch(/mailPart\(engine, /);
      expect(text, file).not.toMatch(/'Content-Disposition'|Cross-Origin-Resource-Policy', 'same-origin'\);/);
    }
  });
});

describe('the Electron wiring attaches every decision (read from the source: the binary cannot run here)', () => {
  const guards = source('../guards.ts');

  it('guards.ts sets both permission handlers and the device handler on every session', () => {
    for (const call of [
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
      'setDevicePermissionHandler(() => false)',
      "app.on('session-created'",
      'session.defaultSession',
    ])
      expect(guards).toContain(call);
    expect(guards.match(/permissionAllowed\(/g)?.length).toBe(2);
  });

  it('guards.ts guards every webContents as it is created: window open, navigation, redirects, webviews', () => {
    for (const call of [
      "app.on('web-contents-created'",
      'setWindowOpenHandler(',
      "on('will-frame-navigate'",
      "on('will-navigate'",
      "on('will-redirect'",
      "on('will-attach-webview'",
      "return { action: 'deny' }",
      // A composer window is made from the app window's own preferences (window.ts appWebPreferences).
      "return { action: 'allow', overrideBrowserWindowOptions: composers.options() }",
    ]) {
      expect(guards).toContain(call);
    }
  });

  it('main.ts installs the guards before its whenReady, and the window no longer sets handlers of its own', () => {
    const main = source('../main.ts');
    expect(main.indexOf('installGuards(')).toBeGreaterThan(0);
    // Whitespace-tolerant: the formatter may break `app\n    .whenReady()` over lines.
    const whenReady = main.search(/\bapp\s*\.whenReady\(\)/);
    expect(whenReady).toBeGreaterThan(0);
    expect(main.indexOf('installGuards(')).toBeLessThan(whenReady);
    const window = source('../window.ts');
    expect(window).not.toMatch(/will-navigate|setWindowOpenHandler|will-attach-webview|openExternal/);
  });

  it('ipc.ts passes the sender frame and the window to the route, not a URL', () => {
    const ipc = source('../ipc.ts');
    expect(ipc).toContain('frame: event.senderFrame');
    expect(ipc).toContain('mainFrame: win.webContents.mainFrame');
    expect(ipc).toContain('contentsId: event.sender.id');
  });
});
