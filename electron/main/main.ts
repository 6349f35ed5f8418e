// The Electron main process: app lifecycle only. The engine (electron/engine) does the work;
// this file wires it to the window, the tray, notifications, power events and the menu.
//
//   electron .            the app on its profile (userData)
//   electron . --demo     also the built-in demo mailbox (`npm start -- --demo`)
//   electron . mailto:…   the composer with a new message (how the system hands Poplar an
//                         email link once the user has made it the mail app: logic/mailto.ts)
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { bootEngine, STOP_BOUND_MS, type BootedEngine } from '../engine/boot.ts';
import { tellWindow, wireIpc } from './ipc.ts';
import { acceptMailto, accountForMailto, mailtoInArgs } from './logic/mailto.ts';
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
import { composerWindowOptions, createWindow } from './window.ts';

const demoRequested = process.argv.includes('--demo');

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Poplar runs on this profile: it shows its window (second-instance), this one ends.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  /** Composer windows (opened from the composer, logic/contents-guard.ts): app windows too. */
  const composers = new Set<BrowserWindow>();
  const preloadPath = (): string => path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
  const appWindows = (): BrowserWindow[] => [...(window && !window.isDestroyed() ? [window] : []), ...composers];
  let booted: BootedEngine | null = null;
  const cleanups: Array<() => void> = [];
  let quitting = false;
  let preferences: Preferences | null = null;
  /** Shows a changed "keep checking" preference in the application menu and the tray. */
  let showPreferences: (p: Preferences) => void = () => {};
  /** An email link that arrived before the engine was ready (at start, or on macOS before 'ready'). */
  let pendingMailto: string | null = mailtoInArgs(process.argv);

  // Registered before the whenReady below, so the default session has its permission handlers
  // before the window exists; every webContents is guarded as it is created.
  installGuards((contents) => appWindows().some((win) => win.webContents.id === contents.id), {
    options: () => composerWindowOptions(preloadPath()),
    created: (win) => {
      composers.add(win);
      win.on('closed', () => composers.delete(win));
    },
  });

  const show = (): void => {
    if (!booted) return; // not ready yet: whenReady opens the window
    if (!window || window.isDestroyed()) window = createWindow(app.getPath('userData'), preloadPath());
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

  /** A mailto: link from another program: a draft from it, opened in the window's composer. */
  const openMailto = async (url: string): Promise<void> => {
    if (!booted) {
      pendingMailto = url;
      return;
    }
    show();
    try {
      const accountId = accountForMailto(await booted.client.invoke('accounts.list'));
      if (accountId === null) {
        await dialog.showMessageBox({
          type: 'info',
          title: 'No account yet',
          message: 'Poplar writes mail from one of your accounts, and there is none yet.',
          detail: 'Add your account in the window, then click the email link again.',
          buttons: ['OK'],
        });
        return;
      }
      const draft = await booted.client.invoke('compose.mailto', accountId, url);
      if (window) tellWindow(window, 'drafts.open', { id: draft.id });
    } catch (error) {
      dialog.showErrorBox('The email link could not be opened', error instanceof Error ? error.message : String(error));
    }
  };

  const emailLinksOn = (): boolean => app.isDefaultProtocolClient('mailto');

  /** Poplar becomes the system's handler of mailto: links only when the user says so, and can stop being it. */
  const toggleEmailLinks = async (): Promise<void> => {
    if (emailLinksOn()) {
      app.removeAsDefaultProtocolClient('mailto');
    } else {
      const { response } = await dialog.showMessageBox({
        type: 'question',
        title: 'Use Poplar for email links?',
        message: 'Open email links (mailto:) from web pages and other programs in Poplar?',
        detail: 'Clicking an email address elsewhere then opens a new message to it here. The Mail menu turns this off again.',
        buttons: ['Use Poplar', 'Cancel'],
        defaultId: 0,
        cancelId: 1,
      });
      if (response === 0 && !app.setAsDefaultProtocolClient('mailto')) {
        await dialog.showMessageBox({
          type: 'warning',
          title: 'Not changed',
          message: 'The system did not let Poplar become the handler of email links.',
          detail: 'Choose Poplar as the mail app in the system settings instead.',
          buttons: ['OK'],
        });
      }
    }
    if (preferences) showPreferences(preferences);
  };

  const act = (action: MenuAction): void => {
    if (action === 'quit') app.quit();
    else if (action === 'show-window') show();
    else if (action === 'toggle-keep-checking') toggleKeepChecking();
    else if (action === 'toggle-email-links') void toggleEmailLinks();
    else if (booted) void checkAll(booted.client);
  };

  app.on('second-instance', (_event, argv) => {
    show();
    const url = mailtoInArgs(argv);
    if (url !== null) void openMailto(url);
  });
  // macOS hands links over by event, possibly before 'ready' (hence registered here).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const accepted = acceptMailto(url);
    if (accepted !== null) void openMailto(accepted);
  });

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
      cleanups.push(wireIpc(engine, appWindows));
      const isMac = process.platform === 'darwin';
      installMenu(isMac, app.name, { keepChecking: preferences.keepCheckingWhenClosed, emailLinks: emailLinksOn() }, act);
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
        installMenu(isMac, app.name, { keepChecking: p.keepCheckingWhenClosed, emailLinks: emailLinksOn() }, act);
        tray.showKeepChecking(p.keepCheckingWhenClosed);
      };
      engine.start();
      show();
      if (pendingMailto !== null) {
        const url = pendingMailto;
        pendingMailto = null;
        void openMailto(url);
      }
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
