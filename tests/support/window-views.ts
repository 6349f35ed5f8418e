// The window's views for the layout and accessibility tests (window-layout, window-a11y): a
// real Dovecot account with 49 messages whose server has gone away after the first check, so
// the account is in its backoff and the list's sync line is at its longest (issue 14, defect 1),
// and a second `poplar serve` on an empty profile for the welcome page. Each view is opened the
// way a person would and waited for by what it shows.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startDovecot, type DovecotInstance } from './dovecot.ts';
import { plainCorpus } from './messages.ts';
import { runPoplar } from './poplar-cli.ts';
import { startServe, type ServeProcess } from './poplar-serve.ts';
import { seconds } from './timeouts.ts';
import { gone, visible } from './window.ts';

export const MESSAGES = 49;
const PASSWORD = 'Views-Pw-14';

export interface ViewsFixture {
  readonly serve: ServeProcess;
  readonly welcome: ServeProcess;
  /** `poplar serve --demo`, for the lock views (DEMO_LOCK_VIEWS). */
  readonly demo: ServeProcess;
  stop(): Promise<void>;
}

export async function startViewsFixture(): Promise<ViewsFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'poplar-views-'));
  const dovecot: DovecotInstance = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
  await dovecot.seed('alice', plainCorpus(MESSAGES, { bodyBytes: 2_000 }));
  const profile = path.join(root, 'profile');
  const env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), ALICE_PW: PASSWORD };
  const add = ['account', 'add', '--profile', profile, '--name', 'Alice', '--host', '127.0.0.1', '--port', String(dovecot.port)];
  const added = await runPoplar([...add, '--security', 'none', '--user', 'alice', '--password-env', 'ALICE_PW', '--interval', '600'], {
    env,
  });
  expect(added.code, added.stderr).toBe(0);
  const synced = await runPoplar(['sync', '--profile', profile], { env });
  expect(synced.code, synced.stderr).toBe(0);
  // The server goes: the next check fails and the account backs off.
  await dovecot.stop();
  const serve = await startServe({ profile, env });
  const welcome = await startServe({ profile: path.join(root, 'empty'), env: { POPLAR_LOCK_DIR: path.join(root, 'locks-2') } });
  const demo = await startServe({
    profile: path.join(root, 'demo'),
    env: { POPLAR_LOCK_DIR: path.join(root, 'locks-3') },
    args: ['--demo'],
  });
  return {
    serve,
    welcome,
    demo,
    async stop() {
      await serve.stop();
      await welcome.stop();
      await demo.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface View {
  readonly name: string;
  /** Opens the view from wherever the last one left the window. */
  open(page: Page): Promise<void>;
  /** The welcome page is served by the second `poplar serve`. */
  readonly welcome?: boolean;
}

const sidebar = (page: Page): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
const folder = (page: Page, name: string): Locator =>
  sidebar(page)
    .locator('li.account ul.folders')
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ unread)?$`) });
const list = (page: Page): Locator => page.getByRole('listbox', { name: /^Messages in / });
const reader = (page: Page): Locator => page.getByRole('region', { name: 'Reading pane' });
const dialog = (page: Page): Locator => page.getByRole('dialog');

async function closeDialog(page: Page): Promise<void> {
  if ((await dialog(page).count()) === 0) return;
  await page.keyboard.press('Escape');
  await gone(dialog(page));
}

async function inboxWithMessage(page: Page): Promise<void> {
  await closeDialog(page);
  await folder(page, 'Inbox').click();
  await expect.poll(() => folder(page, 'Inbox').getAttribute('aria-current')).toBe('page');
  await list(page).getByRole('option').first().click();
  await visible(reader(page).getByRole('heading', { level: 1 }));
}

export const VIEWS: readonly View[] = [
  { name: 'welcome', welcome: true, open: async (page) => void (await visible(page.getByRole('heading', { level: 1 }))) },
  {
    name: 'inbox in a backoff, a message open',
    async open(page) {
      await inboxWithMessage(page);
      // The check fails (the server is gone) and the account backs off: the sync line says so.
      await page.locator('.sync-line').getByRole('button', { name: 'Check now' }).click();
      await visible(
        sidebar(page)
          .getByRole('img', { name: 'Backing off' })
          .or(sidebar(page).getByRole('img', { name: 'Last check failed' }))
          .first(),
        seconds(30),
      );
      await visible(page.getByRole('button', { name: 'Check now' }).first());
    },
  },
  {
    name: 'move-to dialog',
    async open(page) {
      await inboxWithMessage(page);
      await list(page).focus();
      await page.keyboard.press('v');
      await visible(dialog(page).getByRole('combobox', { name: 'Folder name' }));
    },
  },
  {
    name: 'shortcuts dialog',
    async open(page) {
      await closeDialog(page);
      await sidebar(page).getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await visible(dialog(page));
    },
  },
  {
    name: 'search results',
    async open(page) {
      await inboxWithMessage(page);
      await page.getByRole('searchbox', { name: 'Search mail' }).fill('#1');
      await expect.poll(() => list(page).getByRole('option').count(), { timeout: seconds(10) }).toBeGreaterThan(0);
    },
  },
  {
    name: 'the Trash folder',
    async open(page) {
      await closeDialog(page);
      await page.getByRole('searchbox', { name: 'Search mail' }).fill('');
      await folder(page, 'Trash').click();
      await expect.poll(() => folder(page, 'Trash').getAttribute('aria-current')).toBe('page');
      await visible(list(page));
    },
  },
  {
    name: 'account settings',
    async open(page) {
      await sidebar(page).getByRole('button', { name: 'Settings for Alice' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Alice' }));
    },
  },
  {
    name: 'remote-content settings',
    async open(page) {
      await sidebar(page).getByRole('button', { name: 'Settings', exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Settings' }));
    },
  },
  {
    name: 'diagnostics',
    async open(page) {
      await sidebar(page).getByRole('button', { name: 'Settings for Alice' }).click();
      await page.getByRole('button', { name: 'Diagnostics' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }));
    },
  },
  {
    name: 'add account',
    async open(page) {
      await sidebar(page).getByRole('button', { name: 'Add account' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Add a POP3 account' }));
    },
  },
];

/**
 * The demo with "another device" holding its mailbox (served by `fixture.demo`): the diagnosis of
 * the lock with its timeline and transcript, and the Inbox under the lock banner. In this order:
 * the first switches the lock on and checks.
 */
export const DEMO_LOCK_VIEWS: readonly View[] = [
  {
    name: 'demo: the diagnosis of a lock',
    async open(page) {
      await visible(sidebar(page), seconds(30));
      await sidebar(page).getByRole('button', { name: 'Settings for Demo mailbox' }).click();
      await page.getByRole('button', { name: 'Diagnostics' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }));
      const held = page.getByRole('switch', { name: 'Simulate another device holding the mailbox' });
      if (!(await held.isChecked())) await page.getByText('Simulate another device holding the mailbox').click();
      await expect.poll(() => held.isChecked()).toBe(true);
      await sidebar(page).getByRole('button', { name: 'Check Demo mailbox now' }).click();
      await visible(
        sidebar(page)
          .getByRole('img', { name: 'Last check failed' })
          .or(sidebar(page).getByRole('img', { name: 'Backing off' }))
          .first(),
        seconds(30),
      );
      await page.getByRole('button', { name: 'Refresh' }).click();
      await visible(page.getByRole('heading', { level: 2, name: 'Another program or device is using this mailbox' }));
    },
  },
  {
    name: 'demo: the Inbox under the lock banner, a message open',
    async open(page) {
      await inboxWithMessage(page);
      await visible(page.locator('.lock-banner'));
    },
  },
];

/** Switches the page's colour scheme and waits until the page sees it. */
export async function useScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  // A string, evaluated in the page: this file is compiled without the DOM library.
  await expect.poll(() => page.evaluate<boolean>("matchMedia('(prefers-color-scheme: dark)').matches")).toBe(scheme === 'dark');
}
