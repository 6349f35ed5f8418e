// Debian's Chromium driven by playwright-core. Never `playwright install`: it downloads
// a browser, which these machines cannot. The flags keep Chromium off the (closed)
// network: without the background-networking ones it floods it with refused connections.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { seconds } from './timeouts.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI: Chromium's own sandbox refuses to start as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface ChromiumSession {
  context: BrowserContext;
  userDataDir: string;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh, empty --user-data-dir of its own. */
export async function launchChromium(): Promise<ChromiumSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    // Playwright's own 30 s launch bound, scaled like every timeout of the suite.
    timeout: seconds(30),
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
