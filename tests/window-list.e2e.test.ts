// The message list against a real Dovecot, in Chromium: sorting each way, the quick filters, the
// flag star, search operators with their highlights and the clear button, the conversation view,
// the splitters (mouse, keyboard, remembered), and the list's defects of issue 14: a search keeps
// the open message (8), a reload keeps folder, search, open message and scroll position (9), Esc
// lets go of a multiple selection (10), and the listbox's active descendant and row names (16).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { accessibleName, countIs, gone, textIs, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'List-Pw-14';

interface Mail {
  readonly from: string;
  readonly subject: string;
  readonly day: number;
  readonly body: string;
  readonly headers?: readonly string[];
  readonly attachment?: boolean;
}

const MAILS: readonly Mail[] = [
  { from: 'Carol Zed <carol@example.org>', subject: 'Budget report', day: 1, body: 'The budget for spring.' },
  {
    from: 'Ann Able <ann@example.org>',
    subject: 'Summer party',
    day: 2,
    body: 'A party in the garden.',
    headers: ['Message-ID: <party-1@example.org>'],
  },
  {
    from: 'Bob Brown <bob@example.org>',
    subject: 'Re: Summer party',
    day: 3,
    body: 'I bring the cake to the party.',
    headers: ['Message-ID: <party-2@example.org>', 'In-Reply-To: <party-1@example.org>', 'References: <party-1@example.org>'],
  },
  {
    from: 'Ann Able <ann@example.org>',
    subject: 'Re: Summer party',
    day: 4,
    body: 'Cake is good. See you at the party.',
    headers: [
      'Message-ID: <party-3@example.org>',
      'In-Reply-To: <party-2@example.org>',
      'References: <party-1@example.org> <party-2@example.org>',
    ],
  },
  { from: 'Dave Dunn <dave@example.org>', subject: 'Photos attached', day: 5, body: 'The photos.', attachment: true },
  { from: 'Eve Early <eve@example.org>', subject: 'Weather tomorrow', day: 6, body: 'Sunny, then rain. '.repeat(2000) },
];

function raw(m: Mail, n: number): string {
  const date = new Date(Date.UTC(2026, 0, m.day, 9)).toUTCString().replace('GMT', '+0000');
  const head = [`From: ${m.from}`, 'To: Alice <alice@example.net>', `Subject: ${m.subject}`, `Date: ${date}`, 'MIME-Version: 1.0'];
  const ids = m.headers ?? [`Message-ID: <list-${n}@example.org>`];
  if (!m.attachment) return [...head, ...ids, 'Content-Type: text/plain; charset=utf-8', '', m.body, ''].join('\r\n');
  const data = Buffer.alloc(30_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    ...head,
    ...ids,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '--b1',
    'Content-Type: application/octet-stream; name="photos.bin"',
    'Content-Disposition: attachment; filename="photos.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    data,
    '--b1--',
    '',
  ].join('\r\n');
}

/** The subjects in the engine's order for a key: ties fall to the date, newest first (store/messages.ts). */
function subjectsBy(key: (m: Mail) => string | number, descending: boolean): string[] {
  const cmp = (a: Mail, b: Mail): number => {
    const [x, y] = [key(a), key(b)];
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c !== 0 ? (descending ? -c : c) : b.day - a.day;
  };
  return [...MAILS].sort(cmp).map((m) => m.subject);
}
const sizeOf = (m: Mail): number => raw(m, MAILS.indexOf(m) + 1).length;
const senderOf = (m: Mail): string => m.from.toLowerCase();
const topicOf = (m: Mail): string => m.subject.replace(/^Re: /, '').toLowerCase();

describeWithAll([CHROMIUM, DOVECOT], 'the message list against Dovecot', () => {
  const win = new TestWindow('poplar-window-list-');
  let dovecot: DovecotInstance;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    await dovecot.seed(
      'alice',
      MAILS.map((m, i) => raw(m, i + 1)),
    );
    ({ page } = await win.open({ account: alice(dovecot.port, PASSWORD), sync: true, height: 1000 }));
    await visible(page.getByText(`${MAILS.length} messages`, { exact: true }), seconds(30));
  });

  afterAll(async () => {
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const list = (): Locator => page.getByRole('listbox', { name: /^Messages in / });
  const options = (): Locator => list().getByRole('option');
  const row = (subject: string): Locator =>
    options().filter({ has: page.locator('.row-subject', { hasText: new RegExp(`^${subject}$`) }) });
  const subjects = async (): Promise<string[]> => list().locator('.row-subject').allTextContents();
  const reader = (): Locator => page.getByRole('region', { name: 'Reading pane' });
  const search = (): Locator => page.getByRole('searchbox', { name: 'Search mail' });
  const chip = (name: string): Locator => page.getByRole('group', { name: 'Quick filters' }).getByRole('button', { name });
  const selected = (): Locator => list().locator('[role="option"][aria-selected="true"]');

  // Each test starts from All inboxes with nothing searched, filtered or open (what a reload would bring back otherwise).
  beforeEach(async () => {
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await countIs(options(), MAILS.length);
  });

  async function subjectsAre(expected: string[]): Promise<void> {
    await expect.poll(subjects, { timeout: seconds(10) }).toEqual(expected);
  }

  it('sorts by date, sender, subject and size, each both ways', async () => {
    await subjectsAre(subjectsBy((m) => m.day, true));
    const sortBy = page.getByRole('combobox', { name: 'Sort by' });
    const order = page.getByRole('button', { name: /^Order: / });

    await order.click(); // date: oldest first
    await subjectsAre(subjectsBy((m) => m.day, false));
    await sortBy.selectOption('sender'); // names start from A
    await subjectsAre(subjectsBy(senderOf, false));
    await order.click();
    await subjectsAre(subjectsBy(senderOf, true));
    await sortBy.selectOption('subject'); // reply prefixes do not count
    await subjectsAre(subjectsBy(topicOf, false));
    await order.click();
    await subjectsAre(subjectsBy(topicOf, true));
    await sortBy.selectOption('size'); // largest first
    await subjectsAre(subjectsBy(sizeOf, true));
    await order.click();
    await subjectsAre(subjectsBy(sizeOf, false));
    await sortBy.selectOption('date');
    await subjectsAre(subjectsBy((m) => m.day, true));
  });

  it('flags a message with its star, and the quick filters narrow the list', async () => {
    await row('Budget report').hover();
    await row('Budget report').locator('.row-flag').click();
    await expect.poll(() => accessibleName(row('Budget report'))).toMatch(/, flagged,/);
    expect(await selected().count()).toBe(0); // the star does not select the row

    await chip('Flagged').click();
    await subjectsAre(['Budget report']);
    await chip('With attachments').click(); // one filter at a time
    expect(await chip('Flagged').getAttribute('aria-pressed')).toBe('false');
    await subjectsAre(['Photos attached']);
    await chip('With attachments').click();
    await countIs(options(), MAILS.length);

    await row('Weather tomorrow').click(); // opening reads it
    await textIs(reader().getByRole('heading', { level: 1 }), 'Weather tomorrow');
    await chip('Unread').click();
    await countIs(options(), MAILS.length - 1);
    await gone(row('Weather tomorrow'));
    await chip('Unread').click();
    await countIs(options(), MAILS.length);
  });

  it('reads operators in the search, marks the free words, and clears with × and Esc', async () => {
    await search().fill('from:ann party');
    await subjectsAre(['Re: Summer party', 'Summer party']);
    const marks = await list().locator('.row-subject mark').allTextContents();
    expect(marks).toEqual(['party', 'party']);
    await page.getByRole('button', { name: 'Clear search' }).click();
    expect(await search().inputValue()).toBe('');
    await countIs(options(), MAILS.length);
    await gone(list().locator('mark'));

    await search().fill('has:attachment');
    await subjectsAre(['Photos attached']);
    await search().press('Escape');
    expect(await search().inputValue()).toBe('');
    await countIs(options(), MAILS.length);
  });

  it('groups the conversation into one row with its count, and back', async () => {
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Conversations' }).click();
    await visible(page.getByText(`${MAILS.length - 2} conversations`, { exact: true }));
    await countIs(options(), MAILS.length - 2);
    const party = options().filter({ hasText: 'Summer party' });
    await countIs(party, 1);
    await textIs(party.locator('.row-thread'), /^(\d+\/)?3$/);
    expect(await accessibleName(party)).toMatch(/, 3 messages, /);
    await party.click();
    await visible(reader().getByRole('heading', { level: 1, name: 'Re: Summer party' }));
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Messages' }).click();
    await countIs(options(), MAILS.length);
  });

  it('keeps the open message when a search still finds it (defect 8)', async () => {
    await row('Budget report').click();
    await textIs(reader().getByRole('heading', { level: 1 }), 'Budget report');
    await search().pressSequentially('budget', { delay: 30 });
    await countIs(options(), 1);
    await textIs(reader().getByRole('heading', { level: 1 }), 'Budget report');
    expect(await row('Budget report').getAttribute('aria-selected')).toBe('true');
    await search().press('Escape');
    await countIs(options(), MAILS.length);
  });

  it('lets go of a multiple selection with Esc (defect 10)', async () => {
    await options().nth(0).click();
    await options()
      .nth(2)
      .click({ modifiers: ['Shift'] });
    await countIs(selected(), 3);
    await visible(page.getByText(/· 3 selected/));
    await list().focus();
    await page.keyboard.press('Escape');
    await countIs(selected(), 0);
    await gone(page.getByText(/· 3 selected/));
  });

  it('names each row from its words, in the order shown, and keeps an active descendant in the listbox (defect 16)', async () => {
    const active = async (): Promise<string | null> => {
      const id = await list().getAttribute('aria-activedescendant');
      return id === null ? null : accessibleName(page.locator(`[id="${id}"][role="option"]`));
    };
    await expect.poll(active).toMatch(/^(Unread, from|From) /); // before anything is selected
    // Sender, date, subject, marks, snippet, size: the visible order (WCAG 2.5.3).
    expect(await accessibleName(row('Budget report'))).toMatch(
      /^(Unread, from|From) Carol Zed, [^,]+, Subject Budget report, flagged, .+, [\d.]+ (B|kB|MB)$/,
    );
    expect(await accessibleName(row('Photos attached'))).toMatch(
      /^Unread, from Dave Dunn, [^,]+, Subject Photos attached, with attachments, .+, [\d.]+ (B|kB|MB)$/,
    );
    await list().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(active).toMatch(new RegExp(`Subject ${subjectsBy((m) => m.day, true)[1]}`));
  });

  it('comes back after a reload to the folder, search, open message and scroll position (defect 9)', async () => {
    await page.setViewportSize({ width: 1400, height: 560 });
    await search().fill('the');
    await expect.poll(async () => (await options().count()) > 2).toBe(true);
    const count = await options().count();
    await options()
      .nth(count - 1)
      .click();
    const subject =
      (await options()
        .nth(count - 1)
        .locator('.row-subject')
        .textContent()) ?? '';
    await textIs(reader().getByRole('heading', { level: 1 }), subject);
    await list().evaluate((el) => (el.scrollTop = el.scrollHeight));
    const scrolled = await list().evaluate((el) => el.scrollTop);
    expect(scrolled).toBeGreaterThan(0);
    await page.waitForTimeout(600); // the position is written once the scroll stops (slice.ts SCROLL_SAVE_MS)

    await page.reload();
    await visible(list());
    expect(await search().inputValue()).toBe('the');
    await textIs(reader().getByRole('heading', { level: 1 }), subject);
    await expect.poll(() => list().evaluate((el) => el.scrollTop)).toBeGreaterThan(scrolled - 78);
    expect(await row(subject).getAttribute('aria-selected')).toBe('true');
    await search().press('Escape');
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('keeps a message marked unread while open unread after a reload, ', async () => {
    await row('Budget report').click();
    await textIs(reader().getByRole('heading', { level: 1 }), 'Budget report');
    await expect.poll(() => accessibleName(row('Budget report'))).toMatch(/^From /); // opening read it
    await list().focus();
    await page.keyboard.press('u');
    await expect.poll(() => accessibleName(row('Budget report'))).toMatch(/^Unread, from /);
    await page.reload();
    await textIs(reader().getByRole('heading', { level: 1 }), 'Budget report'); // shown again…
    await page.waitForTimeout(500); // …and given the time a mark as read would take to come back
    expect(await accessibleName(row('Budget report'))).toMatch(/^Unread, from /); // …but not read again
  });

  it('resizes the list by mouse and keyboard, collapses it, and remembers its width after a reload', async () => {
    await page.setViewportSize({ width: 1920, height: 1000 });
    const splitter = page.getByRole('separator', { name: 'Message list width' });
    const value = async (): Promise<number> => Number(await splitter.getAttribute('aria-valuenow'));
    await expect.poll(value).toBeGreaterThan(480); // the list grows with a wide window
    const before = await value();
    const box = await splitter.boundingBox();
    if (!box) throw new Error('the splitter has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + 200, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect.poll(value).toBe(before + 120);
    await splitter.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(value).toBe(before + 104);
    const width = await page.locator('#list-pane').evaluate((el) => Math.round(el.getBoundingClientRect().width));
    expect(width).toBe(before + 104);

    await page.reload();
    await expect.poll(value).toBe(before + 104);

    await splitter.dblclick();
    await gone(page.locator('#list-pane'));
    await page.getByRole('button', { name: 'Show the message list' }).click();
    await visible(page.locator('#list-pane'));
    await expect.poll(value).toBe(before + 104);

    const side = page.getByRole('separator', { name: 'Sidebar width' });
    const sideBefore = Number(await side.getAttribute('aria-valuenow'));
    await side.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => Number(await side.getAttribute('aria-valuenow'))).toBe(sideBefore + 64);
    await page.keyboard.press('Enter');
    await gone(page.getByRole('navigation', { name: 'Accounts and folders' }));
    await page.getByRole('button', { name: 'Show the sidebar' }).click();
    await visible(page.getByRole('navigation', { name: 'Accounts and folders' }));
  });
});
