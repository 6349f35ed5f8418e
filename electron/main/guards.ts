// Electron's security checklist, wired: permission handlers on every session, and a guard on
// every webContents the app creates, the one window's included. The decisions are in
// logic/permissions.ts and logic/contents-guard.ts (tested under Node); this file only
// attaches them.
import { app, session, shell, type BrowserWindow, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { frameNavigation, webviewAllowed, windowOpen } from './logic/contents-guard.ts';
import { permissionAllowed } from './logic/permissions.ts';

/** True for the webContents of an app window (decided when an event arrives, not at creation). */
export type IsAppWindow = (contents: WebContents) => boolean;

/** How a composer window is made, and who is told of it (main keeps the app's windows). */
export interface ComposerWindows {
  readonly options: () => BrowserWindowConstructorOptions;
  readonly created: (win: BrowserWindow) => void;
}

function openExternally(url: string | null): void {
  if (url) void shell.openExternal(url);
}

function guardPermissions(ses: Session, isAppWindow: IsAppWindow): void {
  // Electron grants every permission unless these are set; both are needed, since most web
  // APIs check first and request only when the check says no.
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(
      permissionAllowed({
        permission,
        fromAppWindow: isAppWindow(contents),
        isMainFrame: details.isMainFrame,
        requestingUrl: details.requestingUrl,
      }),
    );
  });
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    permissionAllowed({
      permission,
      fromAppWindow: contents !== null && isAppWindow(contents),
      isMainFrame: details.isMainFrame,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
    }),
  );
  // HID, serial and USB devices: none, whoever asks.
  ses.setDevicePermissionHandler(() => false);
}

function guardContents(contents: WebContents, isAppWindow: IsAppWindow, composers: ComposerWindows): void {
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpen(url, isAppWindow(contents));
    if (decision.action === 'allow-composer') return { action: 'allow', overrideBrowserWindowOptions: composers.options() };
    openExternally(decision.openExternally);
    return { action: 'deny' };
  });
  // Only ever a composer window: the handler above allows nothing else.
  contents.on('did-create-window', (win) => composers.created(win));
  // Emitted for the main frame and every subframe, before will-navigate.
  contents.on('will-frame-navigate', (event) => {
    const decision = frameNavigation({ url: event.url, isMainFrame: event.isMainFrame, inAppWindow: isAppWindow(contents) });
    if (decision.allow) return;
    event.preventDefault();
    openExternally(decision.openExternally);
  });
  // Only reached when will-frame-navigate let a main-frame navigation through, which it never
  // does; kept so that the page cannot be navigated away should that change. It opens nothing
  // (will-frame-navigate already did).
  contents.on('will-navigate', (event) => {
    if (!frameNavigation({ url: event.url, isMainFrame: true, inAppWindow: isAppWindow(contents) }).allow) event.preventDefault();
  });
  // The app's page and its parts never redirect; a redirect is someone else's doing.
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => {
    if (!webviewAllowed()) event.preventDefault();
  });
}

/**
 * Before the window exists (and before 'ready' is fine): every webContents is guarded as it is
 * created, and every session gets the permission handlers; the default session as soon as
 * the app is ready.
 */
export function installGuards(isAppWindow: IsAppWindow, composers: ComposerWindows): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, isAppWindow, composers));
  app.on('session-created', (ses) => guardPermissions(ses, isAppWindow));
  void app.whenReady().then(() => guardPermissions(session.defaultSession, isAppWindow));
}
