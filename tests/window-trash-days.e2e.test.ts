// "Empty Trash after N days" in the account's settings, in Chromium against `poplar serve
// --demo`: off at first, saved in the profile when switched on (the engine's accounts.list
// says so), shown again after a reload, refused in plain words outside 1 to 3650, and off again.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { connectApi, startServe, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { textHas, visible, windowPage } from './support/window.ts';

describeWith(CHROMIUM, 'emptying the Trash after N days, in the account settings', () => {
  let root: string;
  let serve: ServeProcess;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-window-trash-days-'));
    serve = await startServe({ profile: path.join(root, 'profile'), env: { POPLAR_LOCK_DIR: path.join(root, 'locks') }, args: ['--demo'] });
    browser = await launchChromium();
    page = await windowPage(browser, 1000);
    await page.goto(serve.url);
    await visible(page.getByText(/^\d+ messages$/), seconds(30));
  }, seconds(60));

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    if (root) await rm(root, { recursive: true, force: true });
    expect(code ?? 0).toBe(0);
  });

  const toggle = (): Locator => page.getByRole('checkbox', { name: /^Empty Trash after/ });
  const days = (): Locator => page.getByRole('spinbutton', { name: 'Days in the Trash' });
  const stored = async (): Promise<number | null | undefined> => {
    const api = await connectApi(serve);
    try {
      const [demo] = await api.value<Array<{ trashDays?: number | null }>>('accounts.list');
      return demo?.trashDays;
    } finally {
      api.close();
    }
  };
  async function openSettings(): Promise<void> {
    const sidebar = page.getByRole('navigation', { name: 'Accounts and folders' });
    await sidebar.getByRole('button', { name: 'Settings for Demo mailbox' }).click();
    await visible(toggle());
  }
  async function save(): Promise<void> {
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved.' }));
  }

  it('is saved in the profile, shown again after a reload, and switched off again', async () => {
    await openSettings();
    expect(await toggle().isChecked()).toBe(false);
    expect(await days().isDisabled()).toBe(true);
    expect(await stored()).toBeNull();

    await toggle().check();
    await days().fill('0');
    await textHas(page.locator('#trash-days-hint'), 'A whole number of days, from 1 to 3650.');
    await days().fill('7');
    await save();
    expect(await stored()).toBe(7);

    await page.reload();
    await openSettings();
    expect(await toggle().isChecked()).toBe(true);
    expect(await days().inputValue()).toBe('7');
    await toggle().uncheck();
    await save();
    expect(await stored()).toBeNull();
  });
});
