// The reading pane's Trash actions against a real Dovecot, in Chromium: a message opened in the
// Trash offers "Restore" and "Delete permanently" instead of "Move to Trash"; restoring puts it
// back in the Inbox, and deleting it permanently (after a question) removes it for good: a later
// `poplar sync` does not download it again, although the server still keeps it.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { countIs, gone, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'Conv-Pw-14';
const SUBJECTS = ['Seed catalogue', 'Plumber on Monday', 'Old newsletter'];

function raw(subject: string, n: number): string {
  const date = new Date(Date.UTC(2026, 0, n, 9)).toUTCString().replace('GMT', '+0000');
  return [
    'From: Ann Able <ann@example.org>',
    'To: Alice <alice@example.net>',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <conv-${n}@example.org>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `About ${subject.toLowerCase()}.`,
    '',
  ].join('\r\n');
}

describeWithAll([CHROMIUM, DOVECOT], 'the reading pane’s Trash actions against Dovecot', () => {
  const win = new TestWindow('poplar-window-conversations-');
  let dovecot: DovecotInstance;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    await dovecot.seed(
      'alice',
      SUBJECTS.map((s, i) => raw(s, i + 1)),
    );
    // Left on the server: so a permanent delete must be remembered, or the next sync brings it back.
    ({ page } = await win.open({ account: alice(dovecot.port, PASSWORD, ['--leave-on-server']), sync: true, height: 1000 }));
    await visible(page.getByText(`${SUBJECTS.length} messages`, { exact: true }), seconds(30));
  });

  afterAll(async () => {
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const sidebar = (): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
  const folder = (name: string): Locator =>
    sidebar()
      .locator('li.account ul.folders')
      .getByRole('button', { name: new RegExp(`^${name}( \\d+ unread)?$`) });
  const list = (): Locator => page.getByRole('listbox', { name: /^Messages in / });
  const options = (): Locator => list().getByRole('option');
  const row = (subject: string): Locator =>
    options().filter({ has: page.locator('.row-subject', { hasText: new RegExp(`^${subject}$`) }) });
  const subjects = async (): Promise<string[]> => (await list().locator('.row-subject').allTextContents()).sort();
  const reader = (): Locator => page.getByRole('region', { name: 'Reading pane' });
  const dialog = (): Locator => page.getByRole('dialog');
  const toast = (text: string): Locator => page.locator('.toasts .toast').filter({ hasText: text });

  async function open(name: string): Promise<void> {
    await folder(name).click();
    await expect.poll(() => folder(name).getAttribute('aria-current')).toBe('page');
    await visible(list());
  }
  async function listIs(expected: readonly string[]): Promise<void> {
    await expect.poll(subjects, { timeout: seconds(10) }).toEqual([...expected].sort());
  }
  /** Opens `subject` from the Inbox's list into the Trash, then opens the Trash with it in the reader. */
  async function trashAndOpen(subject: string): Promise<void> {
    await open('Inbox');
    await row(subject).click();
    await visible(reader().getByRole('heading', { level: 1, name: subject }));
    await reader().getByRole('button', { name: 'Move to Trash' }).click();
    await gone(row(subject));
    await open('Trash');
    await row(subject).click();
    await visible(reader().getByRole('heading', { level: 1, name: subject }));
  }

  beforeEach(async () => {
    await page.reload();
    await open('Inbox');
  });

  it('restores a message from the Trash by the reader’s Restore button', async () => {
    await trashAndOpen('Seed catalogue');
    await gone(reader().getByRole('button', { name: 'Move to Trash' }));
    await reader().getByRole('button', { name: 'Restore' }).click();
    await visible(toast('Restored 1 message.'));
    await countIs(options(), 0);
    await open('Inbox');
    await listIs(SUBJECTS);
  });

  it('deletes permanently after a question, and a later sync does not download it again', async () => {
    await trashAndOpen('Old newsletter');
    await reader().getByRole('button', { name: 'Delete permanently' }).click();
    await visible(dialog().getByRole('heading', { name: 'Delete this message permanently?' }));
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog());
    await countIs(options(), 1);

    await reader().getByRole('button', { name: 'Delete permanently' }).click();
    await dialog().getByRole('button', { name: 'Delete permanently' }).click();
    await visible(toast('Deleted 1 message permanently.'));
    await countIs(options(), 0);

    const synced = await runPoplar(['sync', '--profile', win.profile], { env: win.env });
    expect(synced.code, synced.stderr).toBe(0);
    await page.reload();
    await open('Inbox');
    await listIs(SUBJECTS.filter((s) => s !== 'Old newsletter'));
    await open('Trash');
    await countIs(options(), 0);
  });
});
