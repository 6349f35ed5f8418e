// The Electron main process: app lifecycle only. The engine (electron/engine) does the work;
// this file wires it to the window, the tray, notifications, power events and the menu.
//
//   electron .            the app on its profile (userData)
//   electron . --demo     also the built-in demo mailbox (`npm start -- --demo`)
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { bootEngine, STOP_BOUND_MS, type BootedEngine } from '../engine/boot.ts';
import { wireIpc } from './ipc.ts';
import type { MenuAction } from './logic/menu-template.ts';
import { afterWindowClosed, loadPreferences, savePreferences, type Preferences } from './logic/preferences.ts';
import { installCsp } from './csp.ts';
import { installGuards } from './guards.ts';
import { installMenu } from './menu.ts';
import { notifyNewMail } from './notifications.ts';
import { watchPower } from './power.ts';
import { handleAppProtocol, registerAppScheme } from './protocol.ts';
import { SafeStorageSecretStore, type WeakStorageConsent } from './secrets-safe-storage.ts';
import { checkAll, createTray } from './tray.ts';
import { createWindow } from './window.ts';

const demoRequested = process.argv.includes('--demo');

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Poplar runs on this profile: it shows its window (second-instance), this one ends.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let booted: BootedEngine | null = null;
  const cleanups: Array<() => void> = [];
  let quitting = false;
  let preferences: Preferences | null = null;
  /** Shows a changed "keep checking" preference in the application menu and the tray. */
  let showPreferences: (p: Preferences) => void = () => {};

  // Registered before the whenReady below, so the default session has its permission handlers
  // before the window exists; every webContents is guarded as it is created.
  installGuards((contents) => window !== null && !window.isDestroyed() && window.webContents.id === contents.id);

  const show = (): void => {
    if (!booted) return; // not ready yet: whenReady opens the window
    if (!window || window.isDestroyed())
      window = createWindow(app.getPath('userData'), path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'));
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const askWeakStorage: WeakStorageConsent = async (why) => {
    if (why === 'unavailable') {
      await dialog.showMessageBox({
        type: 'warning',
        title: 'Passwords cannot be saved',
        message: 'This computer offers Poplar no secure place to keep passwords.',
        detail: 'Your password is kept in memory until Poplar quits, and asked for again next time. Nothing was written to disk.',
        buttons: ['OK'],
      });
      return false;
    }
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'No keyring found',
      message: 'No system keyring (GNOME Keyring, KWallet) is available, so a saved password would be protected only weakly.',
      detail: 'Anyone who can read your files could recover it. Keep it in memory until Poplar quits instead?',
      buttons: ['Keep in memory only', 'Save it anyway'],
      defaultId: 0,
      cancelId: 0,
    });
    return response === 1;
  };

  const toggleKeepChecking = (): void => {
    if (!preferences) return;
    preferences = { ...preferences, keepCheckingWhenClosed: !preferences.keepCheckingWhenClosed };
    try {
      savePreferences(app.getPath('userData'), preferences);
    } catch (error) {
      // Still in effect until Poplar quits; only not remembered.
      console.error(`poplar: could not save preferences: ${error instanceof Error ? error.message : String(error)}`);
    }
    showPreferences(preferences);
  };

  const act = (action: MenuAction): void => {
    if (action === 'quit') app.quit();
    else if (action === 'show-window') show();
    else if (action === 'toggle-keep-checking') toggleKeepChecking();
    else if (booted) void checkAll(booted.client);
  };

  app.on('second-instance', show);

  app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      preferences = loadPreferences(userData);
      booted = await bootEngine({
        profileDir: userData,
        secrets: new SafeStorageSecretStore(userData, askWeakStorage),
        demo: demoRequested,
        env: process.env,
        // The main bundle is CommonJS (no import.meta.url): its worker is the bundle beside it (scripts/build.mjs).
        analysisWorker: path.join(app.getAppPath(), 'dist', 'electron', 'analysis-worker.cjs'),
      });
      const { engine, client } = booted;
      installCsp();
      handleAppProtocol(engine, path.join(app.getAppPath(), 'dist', 'renderer'));
      cleanups.push(wireIpc(engine, () => window));
      const isMac = process.platform === 'darwin';
      installMenu(isMac, app.name, preferences.keepCheckingWhenClosed, act);
      cleanups.push(notifyNewMail(client, show));
      cleanups.push(watchPower(engine));
      const tray = createTray(
        client,
        path.join(app.getAppPath(), 'dist', 'electron', 'tray.png'),
        { show, checkNow: () => act('check-now'), toggleKeepChecking: () => act('toggle-keep-checking'), quit: () => app.quit() },
        preferences.keepCheckingWhenClosed,
      );
      cleanups.push(tray.stop);
      showPreferences = (p) => {
        installMenu(isMac, app.name, p.keepCheckingWhenClosed, act);
        tray.showKeepChecking(p.keepCheckingWhenClosed);
      };
      engine.start();
      show();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Poplar could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  app.on('activate', show);
  // By default the tray keeps Poplar checking after the window closes, and Quit (menu, tray,
  // Cmd+Q) ends it; with "Keep Checking When Window Is Closed" unticked, closing the window
  // quits, through before-quit below (a running check still gets its bounded QUIT).
  app.on('window-all-closed', () => {
    window = null;
    if (afterWindowClosed(preferences ?? loadPreferences(app.getPath('userData'))) === 'quit') app.quit();
  });

  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    for (const cleanup of cleanups.splice(0)) cleanup();
    const bound = new Promise<void>((resolve) => setTimeout(resolve, STOP_BOUND_MS).unref());
    void Promise.race([booted ? booted.stop() : Promise.resolve(), bound]).finally(() => app.exit(0));
  });
}
