// The one window: sandboxed, isolated, no Node; size and position remembered in
// <userData>/window-state.json; navigation and new windows denied, with http(s) and mailto
// links handed to the system after a scheme check (logic/external-url.ts).
import { BrowserWindow, screen, shell } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_URL } from './logic/app-protocol.ts';
import { externalUrl } from './logic/external-url.ts';
import { MIN_HEIGHT, MIN_WIDTH, restoreWindowState } from './logic/window-state.ts';

function readState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function openExternally(url: string): void {
  const safe = externalUrl(url);
  if (safe) void shell.openExternal(safe);
}

export function createWindow(userData: string, preload: string): BrowserWindow {
  const stateFile = path.join(userData, 'window-state.json');
  const state = restoreWindowState(readState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Poplar',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Nothing navigates the app's page away, and nothing opens a second window.
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternally(url);
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

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
