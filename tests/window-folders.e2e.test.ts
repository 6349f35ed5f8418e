// Folders and what the user does to messages, against a real Dovecot, in Chromium: a folder is
// created, renamed and removed (the question says first where its mail goes); messages move by
// the context menu, by v and its dialog, and by drag and drop onto a sidebar folder; e archives;
// Delete moves to the Trash, where a message is restored, deleted permanently (after a question)
// or the whole Trash emptied; the toast's Undo, z and Ctrl+Z undo a move, a delete, a mark and a
// flag; the context menu opens by right-click, Shift+F10 and the context-menu key, closes with
// Esc and gives the focus back. The sidebar's counts follow; a reload keeps it all (the profile
// stores it); and moving never touches the server: Dovecot still has every message after a check.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { connectApi, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { accessibleName, countIs, gone, textIs, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'Folders-Pw-14';
const SUBJECTS = ['Budget report', 'Garden plans', 'Holiday photos', 'Invoice March', 'Lunch on Friday', 'Meeting notes'] as const;

function raw(subject: string, n: number): string {
  const date = new Date(Date.UTC(2026, 0, n + 1, 9)).toUTCString().replace('GMT', '+0000');
  return [
    `From: Sender ${n} <sender${n}@example.org>`,
    'To: Alice <alice@example.net>',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <folders-${n}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `About ${subject.toLowerCase()}.`,
    '',
  ].join('\r\n');
}

describeWithAll([CHROMIUM, DOVECOT], 'folders, menus, undo and the Trash against Dovecot', () => {
  const win = new TestWindow('poplar-window-folders-');
  let dovecot: DovecotInstance;
  let serve: ServeProcess;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    await dovecot.seed(
      'alice',
      SUBJECTS.map((s, i) => raw(s, i + 1)),
    );
    // Leave on server, and delete there what is deleted here: a move must not count as a delete.
    const account = alice(dovecot.port, PASSWORD, ['--leave-on-server', '--delete-when-deleted-here']);
    ({ serve, page } = await win.open({ account, sync: true, height: 1000 }));
    await visible(page.getByText(`${SUBJECTS.length} messages`, { exact: true }), seconds(30));
    // The one-time question before a delete that reaches the server ("Don’t ask again", kept in
    // the window's storage) is tested in window-demo.e2e.test.ts; here it is answered already.
    await page.evaluate(() => localStorage.setItem('poplar.askServerDelete', 'no'));
  });

  afterAll(async () => {
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const sidebar = (): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
  /** A folder of the account (not of "All accounts"), by its name; its badge says the unread count. */
  const folder = (name: string): Locator =>
    sidebar()
      .locator('li.account ul.folders')
      .getByRole('button', { name: new RegExp(`^${name}( \\d+ unread)?$`) });
  const unreadIn = async (name: string): Promise<number> => {
    const badge = folder(name).locator('.badge');
    return (await badge.count()) === 0 ? 0 : Number((await badge.getAttribute('aria-label'))?.replace(/ unread$/, ''));
  };
  const list = (): Locator => page.getByRole('listbox', { name: /^Messages in / });
  const options = (): Locator => list().getByRole('option');
  const row = (subject: string): Locator =>
    options().filter({ has: page.locator('.row-subject', { hasText: new RegExp(`^${subject}$`) }) });
  const subjects = async (): Promise<string[]> => (await list().locator('.row-subject').allTextContents()).sort();
  const menu = (name = 'Message actions'): Locator => page.getByRole('menu', { name });
  const dialog = (): Locator => page.getByRole('dialog');
  const toast = (text: string | RegExp): Locator => page.locator('.toasts .toast').filter({ hasText: text });
  const maildirCount = async (): Promise<number> => {
    const box = path.join(dovecot.dir, 'home', 'alice', 'Maildir');
    return (await readdir(path.join(box, 'new'))).length + (await readdir(path.join(box, 'cur'))).length;
  };

  async function open(name: string): Promise<void> {
    await folder(name).click();
    await expect.poll(() => folder(name).getAttribute('aria-current')).toBe('page');
    await visible(list());
  }
  async function listIs(expected: readonly string[]): Promise<void> {
    await expect.poll(subjects, { timeout: seconds(10) }).toEqual([...expected].sort());
  }
  async function undoToast(text: string | RegExp): Promise<void> {
    await toast(text).getByRole('button', { name: 'Undo' }).click();
    await visible(toast(/^Undone: /));
  }
  /** Earlier notes out of the way; in the page, since one may time out and go while it is clicked. */
  async function dismissToasts(): Promise<void> {
    await page.locator('.toasts button[aria-label="Dismiss"]').evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await gone(page.locator('.toasts .toast'));
  }

  beforeEach(async () => {
    await page.reload();
    await open('Inbox');
    await dismissToasts();
  });

  it('creates a folder, renames it with its context menu, and a reload keeps it', async () => {
    await sidebar().getByRole('button', { name: 'New folder in Alice' }).click();
    await visible(dialog().getByRole('heading', { name: 'New folder' }));
    await dialog().getByLabel('Folder name').fill('Projects');
    await dialog().getByRole('button', { name: 'Create folder' }).click();
    await gone(dialog());
    await expect.poll(() => folder('Projects').getAttribute('aria-current')).toBe('page'); // it opens

    await folder('Projects').click({ button: 'right' });
    await menu('Projects actions').getByRole('menuitem', { name: 'Rename…' }).click();
    await visible(dialog().getByRole('heading', { name: 'Rename “Projects”' }));
    await dialog().getByLabel('Folder name').fill('Work');
    await dialog().getByRole('button', { name: 'Rename' }).click();
    await gone(dialog());
    await visible(folder('Work'));
    await gone(folder('Projects'));

    await page.reload();
    await visible(folder('Work'));
  });

  it('moves by the context menu, by v and its dialog, and by drag and drop, and the counts follow', async () => {
    expect(await unreadIn('Inbox')).toBe(SUBJECTS.length);
    await row('Budget report').click({ button: 'right' });
    await menu().getByRole('menuitem', { name: 'Move to…' }).click();
    await visible(dialog().getByRole('heading', { name: 'Move message to…' }));
    await dialog().getByRole('option', { name: /^Work/ }).click();
    await visible(toast('Moved 1 message to Work.'));
    await gone(row('Budget report'));

    await row('Garden plans').click();
    await page.keyboard.press('v');
    const filter = dialog().getByRole('combobox', { name: 'Folder name' });
    await filter.fill('wor');
    await countIs(dialog().getByRole('option'), 1);
    await filter.press('Enter');
    await gone(dialog());
    await gone(row('Garden plans'));

    await row('Holiday photos').dragTo(folder('Work'));
    await gone(row('Holiday photos'));
    // Each message opened is read, and after a move the next one opens: Invoice March.
    await expect.poll(() => unreadIn('Inbox')).toBe(SUBJECTS.length - 4);

    await open('Work');
    await listIs(['Budget report', 'Garden plans', 'Holiday photos']);
    await visible(page.getByText('3 messages', { exact: true }));
    expect(await unreadIn('Work')).toBe(0);
    await row('Budget report').click();
    await page.keyboard.press('u');
    await expect.poll(() => unreadIn('Work')).toBe(1);
    await page.reload();
    await expect.poll(() => folder('Work').getAttribute('aria-current')).toBe('page');
    await listIs(['Budget report', 'Garden plans', 'Holiday photos']);
  });

  it('archives with e, and neither moving nor archiving touches the server', async () => {
    await row('Invoice March').click();
    await page.keyboard.press('e');
    await visible(toast('Archived 1 message.'));
    await gone(row('Invoice March'));
    await open('Archive');
    await listIs(['Invoice March']);

    const api = await connectApi(serve);
    try {
      const checked = await api.value<{ kind: string; outcome?: string }>('sync.checkNow', 1);
      expect(checked).toMatchObject({ kind: 'done', outcome: 'ok' });
    } finally {
      api.close();
    }
    expect(await maildirCount()).toBe(SUBJECTS.length);
    await open('Inbox');
    await listIs(['Lunch on Friday', 'Meeting notes']); // nothing came back as new
  });

  it('undoes a move from the toast, a delete with z, and marks and flags with z and Ctrl+Z', async () => {
    await row('Lunch on Friday').click({ button: 'right' });
    await menu().getByRole('menuitem', { name: 'Archive' }).click();
    await gone(row('Lunch on Friday'));
    await undoToast('Archived 1 message.');
    await visible(row('Lunch on Friday'));
    await dismissToasts();

    await row('Meeting notes').click();
    await page.keyboard.press('Delete');
    await visible(toast('Moved 1 message to Trash.'));
    await gone(row('Meeting notes'));
    await list().focus();
    await page.keyboard.press('z');
    await visible(row('Meeting notes'));
    await visible(toast('Undone: Moved 1 message to Trash.'));
    await dismissToasts();

    const label = (subject: string) => accessibleName(row(subject));
    await row('Meeting notes').click(); // opening reads it
    await expect.poll(() => label('Meeting notes')).not.toMatch(/^Unread, /);
    await page.keyboard.press('u');
    await expect.poll(() => label('Meeting notes')).toMatch(/^Unread, /);
    await page.keyboard.press('Control+z');
    await expect.poll(() => label('Meeting notes')).not.toMatch(/^Unread, /);

    await page.keyboard.press('s');
    await expect.poll(() => label('Meeting notes')).toMatch(/, flagged,/);
    await page.keyboard.press('z');
    await expect.poll(() => label('Meeting notes')).not.toMatch(/, flagged,/);
    await page.reload(); // the undo reached the profile
    await expect.poll(() => label('Meeting notes')).not.toMatch(/, flagged,|^Unread, /);
  });

  it('opens the context menu by Shift+F10 and the context-menu key; Esc closes it and the focus returns', async () => {
    await row('Lunch on Friday').click();
    await list().focus();
    await page.keyboard.press('Shift+F10');
    await visible(menu());
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('e'); // the menu keeps the window's shortcuts from letters: nothing is archived
    await visible(menu());
    await page.keyboard.press('Escape');
    await gone(menu());
    expect(await list().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await row('Lunch on Friday').getAttribute('aria-selected')).toBe('true'); // Esc closed the menu only
    await gone(toast('Archived 1 message.'));

    await page.keyboard.press('ContextMenu');
    await visible(menu());
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await gone(menu());
    expect(await list().evaluate((el) => el === document.activeElement)).toBe(true);

    await folder('Work').focus();
    await page.keyboard.press('Shift+F10');
    await visible(menu('Work actions'));
    await page.keyboard.press('Escape');
    await gone(menu('Work actions'));
    expect(await folder('Work').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('restores from the Trash, deletes permanently after a question, and empties the Trash', async () => {
    await row('Lunch on Friday').click();
    await page.keyboard.press('Delete');
    await gone(row('Lunch on Friday'));
    await row('Meeting notes').click();
    await page.keyboard.press('#');
    await gone(row('Meeting notes'));
    await open('Trash');
    await listIs(['Lunch on Friday', 'Meeting notes']);
    await visible(page.getByText('Messages here can be restored until the Trash is emptied.'));

    await row('Lunch on Friday').click({ button: 'right' });
    await menu().getByRole('menuitem', { name: 'Restore' }).click();
    await visible(toast('Restored 1 message.'));
    await listIs(['Meeting notes']);

    await row('Meeting notes').click();
    await page.keyboard.press('Delete'); // in the Trash: the question first
    await visible(dialog().getByRole('heading', { name: 'Delete this message permanently?' }));
    await visible(dialog().getByText(/This cannot be undone/));
    await visible(dialog().getByText(/^“Alice” also deletes mail from the server when it is deleted here/));
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog());
    await listIs(['Meeting notes']);
    await page.keyboard.press('Delete');
    await dialog().getByRole('button', { name: 'Delete permanently' }).click();
    await visible(toast('Deleted 1 message permanently.'));
    await countIs(options(), 0);

    await open('Inbox');
    await listIs(['Lunch on Friday']);
    await row('Lunch on Friday').dragTo(folder('Trash'));
    await gone(row('Lunch on Friday'));
    await open('Trash');
    await listIs(['Lunch on Friday']);
    await page.locator('.trash-bar').getByRole('button', { name: 'Empty Trash' }).click();
    await visible(dialog().getByRole('heading', { name: 'Empty Trash?' }));
    await dialog().getByRole('button', { name: 'Empty Trash' }).click();
    await visible(toast('Emptied the Trash: 1 message deleted permanently.'));
    await countIs(options(), 0);
  });

  it('removes a folder after saying its mail goes to the Trash, and a reload keeps that', async () => {
    await open('Work');
    await row('Garden plans').click();
    await page.keyboard.press('u');
    await expect.poll(() => accessibleName(row('Garden plans'))).toMatch(/^Unread, /);
    // Whatever else earlier steps left unread here goes to the Trash with it.
    const names = await Promise.all((await options().all()).map((o) => accessibleName(o)));
    const unread = names.filter((n) => n.startsWith('Unread, ')).length;
    expect(unread).toBeGreaterThanOrEqual(1);
    await expect.poll(() => unreadIn('Work')).toBe(unread);
    expect(await unreadIn('Trash')).toBe(0);
    await folder('Work').click({ button: 'right' }); // while it is open
    await menu('Work actions').getByRole('menuitem', { name: 'Remove…' }).click();
    await visible(dialog().getByRole('heading', { name: 'Remove the folder “Work”?' }));
    await textIs(dialog().locator('p').first(), 'Its 3 messages move to the Trash, where they can be restored to the Inbox.');
    await dialog().getByRole('button', { name: 'Remove folder' }).click();
    await gone(folder('Work'));
    await expect.poll(() => folder('Inbox').getAttribute('aria-current')).toBe('page'); // the window leaves the folder
    await open('Trash');
    await listIs(['Budget report', 'Garden plans', 'Holiday photos']);
    await expect.poll(() => unreadIn('Trash')).toBe(unread); // the unread ones went with them
    await page.reload();
    await gone(folder('Work'));
    await open('Trash');
    await listIs(['Budget report', 'Garden plans', 'Holiday photos']);
  });

  it('keeps mail of any account in a local folder, reached from "All accounts"', async () => {
    await sidebar().getByRole('button', { name: 'New folder…' }).click();
    await dialog().getByLabel('Where').selectOption({ label: 'Local folders (any account’s mail)' });
    await visible(dialog().getByText('A local folder: mail of any account can be moved to it.'));
    await dialog().getByLabel('Folder name').fill('Keep');
    await dialog().getByRole('button', { name: 'Create folder' }).click();
    await gone(dialog());
    const local = sidebar()
      .locator('ul.folders.top')
      .getByRole('button', { name: /^Keep( \d+ unread)?$/ });
    await expect.poll(() => local.getAttribute('aria-current')).toBe('page');
    await gone(folder('Keep')); // not among the account's own folders

    await open('Archive');
    await listIs(['Invoice March']);
    await row('Invoice March').click({ button: 'right' });
    await menu().getByRole('menuitem', { name: 'Move to…' }).click();
    await dialog().getByRole('option', { name: 'Keep' }).click();
    await visible(toast('Moved 1 message to Keep.'));
    await countIs(options(), 0);
    await page.reload();
    await local.click();
    await listIs(['Invoice March']);
  });
});
