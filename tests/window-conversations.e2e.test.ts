// The reading pane's Trash actions against a real Dovecot, in Chromium: a message opened in the
// Trash offers "Restore" and "Delete permanently" instead of "Move to Trash"; restoring puts it
// back in the Inbox, and deleting it permanently (after a question) removes it for good: a later
// `poplar sync` does not download it again, although the server still keeps it.
//
// And a conversation opens as a stack (issue 14): its messages oldest first, the first unread
// one unfolded; each header button folds or unfolds its message by mouse or keyboard, and
// unfolding one marks it read (the conversation row's unread count drops).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { countIs, gone, textIs, visible } from './support/window.ts';
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

const STACK_PASSWORD = 'Stack-Pw-14';
const ANN = { from: 'Ann Able <ann@example.org>', subject: 'Garden shed', body: 'Shall we build a shed by the pond?' };
const BOB = { from: 'Bob Brown <bob@example.org>', subject: 'Re: Garden shed', body: 'Yes, I have wood for the roof.' };
const CAROL = { from: 'Carol Zed <carol@example.org>', subject: 'Re: Garden shed', body: 'I bring the nails on Saturday.' };
const SHED = [ANN, BOB, CAROL];
/** Arrives later, while the conversation is open. */
const DAVE = { from: 'Dave Dunn <dave@example.org>', subject: 'Re: Garden shed', body: 'Count me in for Saturday.' };

function shedMail(m: typeof ANN, n: number): string {
  const date = new Date(Date.UTC(2026, 1, n + 1, 9)).toUTCString().replace('GMT', '+0000');
  const ids = Array.from({ length: n }, (_, i) => `<shed-${i}@example.org>`);
  return [
    `From: ${m.from}`,
    'To: Alice <alice@example.net>',
    `Subject: ${m.subject}`,
    `Date: ${date}`,
    `Message-ID: <shed-${n}@example.org>`,
    ...(n > 0 ? [`In-Reply-To: ${ids.at(-1)}`, `References: ${ids.join(' ')}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '',
  ].join('\r\n');
}

describeWithAll([CHROMIUM, DOVECOT], 'a conversation as a stack in the reading pane, against Dovecot', () => {
  const win = new TestWindow('poplar-window-stack-');
  let dovecot: DovecotInstance;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: STACK_PASSWORD }] });
    await dovecot.seed(
      'alice',
      SHED.map((m, i) => shedMail(m, i)),
    );
    ({ page } = await win.open({ account: alice(dovecot.port, STACK_PASSWORD), sync: true, height: 1000 }));
    await visible(page.getByText(`${SHED.length} messages`, { exact: true }), seconds(30));
  });

  afterAll(async () => {
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const reader = (): Locator => page.getByRole('region', { name: 'Reading pane' });
  const toggles = (): Locator => reader().locator('.stack-toggle');
  const toggle = (n: number): Locator => toggles().nth(n);
  const expandedStates = async (): Promise<Array<string | null>> =>
    Promise.all((await toggles().all()).map((b) => b.getAttribute('aria-expanded')));
  const conversationRow = (): Locator => page.getByRole('listbox', { name: /^Messages in / }).getByRole('option');
  /** The body a header button controls, found through its aria-controls. */
  const bodyOf = async (n: number): Promise<Locator> => page.locator(`[id="${await toggle(n).getAttribute('aria-controls')}"]`);

  it('shows the messages oldest first, the first unread unfolded, and unfolds others by mouse and keyboard, marking them read', async () => {
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Conversations' }).click();
    await countIs(conversationRow(), 1);
    await textIs(conversationRow().locator('.row-thread'), '3/3');
    await conversationRow().click();
    await visible(reader().getByRole('heading', { level: 1, name: 'Re: Garden shed' }));
    await countIs(toggles(), SHED.length);
    expect(await reader().locator('.stack-sender').allTextContents()).toEqual(['Ann Able', 'Bob Brown', 'Carol Zed']);

    // All unread: the oldest is the first unread, so it is the one unfolded, and now read.
    await expect.poll(expandedStates).toEqual(['true', 'false', 'false']);
    await visible((await bodyOf(0)).getByText(ANN.body));
    await visible((await bodyOf(0)).getByText('alice@example.net'));
    await gone((await bodyOf(1)).getByText(BOB.body));
    await textIs(conversationRow().locator('.row-thread'), '2/3');

    await toggle(1).click();
    await expect.poll(expandedStates).toEqual(['true', 'true', 'false']);
    await visible((await bodyOf(1)).getByText(BOB.body));
    await textIs(conversationRow().locator('.row-thread'), '1/3');

    await toggle(2).focus();
    await page.keyboard.press('Enter');
    await expect.poll(expandedStates).toEqual(['true', 'true', 'true']);
    await visible((await bodyOf(2)).getByText(CAROL.body));
    await textIs(conversationRow().locator('.row-thread'), '3');

    await toggle(0).focus();
    await page.keyboard.press('Space');
    await expect.poll(expandedStates).toEqual(['false', 'true', 'true']);
    await gone((await bodyOf(0)).getByText(ANN.body));
    await page.keyboard.press('Enter');
    await expect.poll(expandedStates).toEqual(['true', 'true', 'true']);
    await visible((await bodyOf(0)).getByText(ANN.body));
  });

  it('takes in a reply that arrives while the conversation is open, folded and unread, without closing it', async () => {
    await visible(reader().getByRole('heading', { level: 1, name: 'Re: Garden shed' }));
    await expect.poll(expandedStates).toEqual(['true', 'true', 'true']);
    await dovecot.seed('alice', [shedMail(DAVE, SHED.length)]);
    await page.getByRole('listbox', { name: /^Messages in / }).focus();
    await page.keyboard.press('c'); // Check now, for all inboxes here
    await countIs(toggles(), SHED.length + 1, seconds(30));
    await expect.poll(expandedStates).toEqual(['true', 'true', 'true', 'false']);
    expect(await reader().locator('.stack-sender').allTextContents()).toEqual(['Ann Able', 'Bob Brown', 'Carol Zed', 'Dave Dunn']);
    await visible((await bodyOf(0)).getByText(ANN.body)); // what was open stays open
    await textIs(conversationRow().locator('.row-thread'), '1/4');
    await toggle(3).click();
    await visible((await bodyOf(3)).getByText(DAVE.body));
    await textIs(conversationRow().locator('.row-thread'), '4');
  });
});
