// The demo in Chromium (issue 14, defects 6 and 11): its "another device" switch reads as another
// device at once; deleting a message in the demo leaves its server
// copy alone by default, and once the account is set to "also delete from the server", the first
// delete says what it will do and asks; "Don’t ask again" is remembered across a reload.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { connectApi, startServe, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { gone, textHas, visible, windowPage } from './support/window.ts';

describeWith(CHROMIUM, 'deleting in the demo', () => {
  let root: string;
  let serve: ServeProcess;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-window-demo-'));
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

  const list = (): Locator => page.getByRole('listbox', { name: /^Messages in / });
  const first = (): Locator => list().getByRole('option').first();
  const dialog = (): Locator => page.getByRole('dialog');
  const toast = (text: string): Locator => page.locator('.toasts .toast').filter({ hasText: text });
  const subjectOf = async (row: Locator): Promise<string> => (await row.locator('.row-subject').textContent()) ?? '';

  async function deleteFirst(): Promise<string> {
    const row = first();
    const subject = await subjectOf(row);
    await row.click();
    await page.keyboard.press('Delete');
    return subject;
  }

  // Defect 6: the demo's own instructions ("switch on, then Check now") right after the start-up
  // check read as "Checking too often" unless the user waited a minute. First, so that it runs
  // within that minute (asserted); the switch is turned off again for the tests after it.
  it('the "another device" switch, then Check now at once: diagnosed as another device, not as checking too often', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Accounts and folders' });
    const api = await connectApi(serve);
    try {
      const [status] = await api.value<Array<{ lastCheckAt: number | null }>>('sync.status');
      expect(Date.now() - (status?.lastCheckAt ?? 0)).toBeLessThan(50_000);
    } finally {
      api.close();
    }
    await sidebar.getByRole('button', { name: 'Settings for Demo mailbox' }).click();
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }));
    const held = page.getByRole('switch', { name: 'Simulate another device holding the mailbox' });
    // The checkbox sits under its drawn track: a person clicks the switch's words.
    await page.getByText('Simulate another device holding the mailbox').click();
    await expect.poll(() => held.isChecked()).toBe(true);
    await sidebar.getByRole('button', { name: 'Check Demo mailbox now' }).click();
    await visible(
      sidebar
        .getByRole('img', { name: 'Last check failed' })
        .or(sidebar.getByRole('img', { name: 'Backing off' }))
        .first(),
      seconds(30),
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Another program or device is using this mailbox' }));
    expect(await page.getByRole('heading', { level: 2, name: /too often/i }).count()).toBe(0);
    await page.getByText('Simulate another device holding the mailbox').click();
    await expect.poll(() => held.isChecked()).toBe(false);
    await page.reload();
    await visible(first(), seconds(20));
  });

  it('leaves the server copy by default: the demo account does not delete on the server, and nothing asks', async () => {
    const api = await connectApi(serve);
    try {
      const [demo] =
        await api.value<Array<{ name: string; retention: { kind: string; deleteWhenDeletedLocally?: boolean } }>>('accounts.list');
      expect(demo).toMatchObject({ name: 'Demo mailbox', retention: { kind: 'leave', deleteWhenDeletedLocally: false } });
    } finally {
      api.close();
    }
    const subject = await deleteFirst();
    await visible(toast('Moved 1 message to Trash.'));
    await expect(dialog().count()).resolves.toBe(0);
    await expect.poll(() => subjectOf(first())).not.toBe(subject);
  });

  it('asks the first time a delete also deletes on the server, and remembers "Don’t ask again"', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Accounts and folders' });
    await sidebar.getByRole('button', { name: 'Settings for Demo mailbox' }).click();
    await page.getByRole('checkbox', { name: 'Also delete from the server when I delete a message here' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved.' }));
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await visible(first());

    // Cancel: nothing moves.
    const kept = await deleteFirst();
    await visible(dialog().getByRole('heading', { name: 'Delete from the server too?' }));
    await textHas(dialog(), 'This also deletes it from the server at the next check');
    await textHas(dialog(), 'will not see it either');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog());
    expect(await subjectOf(first())).toBe(kept);

    // Confirmed with "Don’t ask again" ticked (as it starts).
    await deleteFirst();
    const remember = dialog().getByRole('checkbox', { name: 'Don’t ask again' });
    await expect(remember.isChecked()).resolves.toBe(true);
    await dialog().getByRole('button', { name: 'Move to Trash' }).click();
    await gone(dialog());
    await expect.poll(() => subjectOf(first())).not.toBe(kept);

    // Not asked again, not even after a reload.
    await page.reload();
    await visible(first(), seconds(20));
    const next = await deleteFirst();
    await expect.poll(() => subjectOf(first())).not.toBe(next);
    expect(await dialog().count()).toBe(0);
  });
});
