// The app's window: sandboxed, isolated, no Node; size and position remembered in
// <userData>/window-state.json. A composer window (opened from the composer, see
// logic/contents-guard.ts windowOpen) gets the same web preferences, from appWebPreferences. Navigation, new windows, webviews and permissions are denied
// by electron/main/guards.ts, which guards every webContents as it is created (this one
// included), with http(s) and mailto links handed to the system after a scheme check.
import { BrowserWindow, screen, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_URL } from './logic/app-protocol.ts';
import { MIN_HEIGHT, MIN_WIDTH, restoreWindowState } from './logic/window-state.ts';

function readState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The web preferences of every app window: the security baseline of DESIGN.md. */
export function appWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Only for Chromium's built-in PDF viewer (the attachment preview); Electron loads no other plugin.
    plugins: true,
    spellcheck: false,
  };
}

/** A composer window: the app's page on one draft, at a letter's size. */
export function composerWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return { width: 760, height: 720, minWidth: 480, minHeight: 420, title: 'New message', webPreferences: appWebPreferences(preload) };
}

export function createWindow(userData: string, preload: string): BrowserWindow {
  const stateFile = path.join(userData, 'window-state.json');
  const state = restoreWindowState(
    readState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Poplar',
    show: false,
    webPreferences: appWebPreferences(preload),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const save = (): void => {
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    try {
      writeFileSync(stateFile, JSON.stringify({ ...bounds, maximized: win.isMaximized() }));
    } catch {
      // Not worth bothering the user: the window just opens at the default size next time.
    }
  };
  win.on('close', save);
  void win.loadURL(APP_URL);
  return win;
}
