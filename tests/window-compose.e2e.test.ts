// Writing mail in Chromium (issue 15), against a real Postfix in front of a real Dovecot: a new
// message with an attachment sent through the submission port, listed in Sent, and downloaded
// back by POP3 byte for byte as Sent keeps it; a reply (Re:, In-Reply-To) and a forward from the
// reading pane; a draft saved as it is typed, kept across a reload and reopened from Drafts; the
// composer moved into a window of its own and sending from there.
// Alice writes to herself, so what she sends arrives in the mailbox the window reads.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { axeProblems, clippedControls } from './support/page-checks.page.ts';
import { connectApi, type ServeProcess } from './support/poplar-serve.ts';
import { dovecotAuthForPostfix, startPostfix, submissionOptions, type PostfixInstance } from './support/postfix.ts';
import { CHROMIUM, DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { retrieveAll, sentBytes as keptInSent, withoutTrace } from './support/sent-mail.ts';
import { seconds } from './support/timeouts.ts';
import { textHas, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'Compose-Window-15';
const ATTACHED = Buffer.from('Grüße aus dem Anhang\r\nline two\r\n', 'utf8');

describeWithAll([CHROMIUM, DOVECOT, POSTFIX], 'writing mail in the window', () => {
  const win = new TestWindow('poplar-window-compose-');
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let serve: ServeProcess;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }], extraConfig: dovecotAuthForPostfix() });
    postfix = await startPostfix({ dovecot, users: ['alice'] });
    const outgoing = [...submissionOptions(postfix, dovecot.caFile), '--smtp-password-env', 'ALICE_PW'];
    outgoing.push('--from', `Alice Example <${postfix.address('alice')}>`);
    ({ serve, page, profile } = await win.open({ account: alice(dovecot.port, PASSWORD, outgoing), height: 700 }));
    await page.setViewportSize({ width: 1024, height: 700 });
    await visible(page.getByRole('button', { name: 'New message' }), seconds(20));
  }, seconds(90));

  afterAll(async () => {
    const code = await win.close(
      async () => postfix?.stop(),
      async () => dovecot?.stop(),
    );
    expect(code).toBe(0);
  });

  const composer = () => page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Send' }) });

  /** Every message in Alice's mailbox now (RETR without DELE: the window downloads them after). */
  const mailbox = (): Promise<Buffer[]> => retrieveAll({ port: dovecot.port, user: 'alice', password: PASSWORD });

  async function arrived(subject: string): Promise<Buffer> {
    const until = Date.now() + seconds(20);
    for (;;) {
      const found = (await mailbox()).find((m) => m.toString('latin1').includes(subject));
      if (found) return found;
      if (Date.now() > until) throw new Error(`“${subject}” did not arrive`);
      await sleep(300);
    }
  }

  const sentBytes = (subject: string): Promise<Buffer> => keptInSent(serve, profile, subject);

  /** Send, then wait until the outbox is empty again (the toast of an earlier send may still be shown). */
  async function send(): Promise<void> {
    await composer().getByRole('button', { name: 'Send' }).click();
    await composer().waitFor({ state: 'detached', timeout: seconds(10) });
    const api = await connectApi(serve);
    try {
      await expect.poll(async () => (await api.value<unknown[]>('outbox.list', null)).length, { timeout: seconds(30) }).toBe(0);
    } finally {
      api.close();
    }
    await visible(page.getByText('Message sent.').last());
  }

  it(
    'writes a message with an attachment, sends it through Postfix, lists it in Sent, and POP3 brings back the same bytes',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      await visible(composer());
      await composer().getByRole('combobox', { name: 'To' }).fill(postfix.address('alice'));
      await composer().getByRole('combobox', { name: 'To' }).press('Enter');
      await visible(composer().getByRole('button', { name: `Remove ${postfix.address('alice')}` }));
      await composer().getByRole('textbox', { name: 'Subject' }).fill('Grüße mit Anhang');
      await composer().getByRole('textbox', { name: 'Message' }).click();
      await page.keyboard.type('Hello from the composer.');
      await composer().locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: ATTACHED });
      await visible(composer().getByRole('list', { name: 'Attachments' }).getByText('notes.txt'), seconds(10));
      expect(await axeProblems(page)).toEqual([]);
      expect(await clippedControls(page)).toEqual([]);
      await send();

      await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'All sent' }).click();
      await visible(page.getByRole('listbox').getByText('Grüße mit Anhang'), seconds(10));

      const kept = await sentBytes('Grüße mit Anhang');
      const got = await arrived('Hello from the composer.'.slice(0, 5));
      expect(withoutTrace(got, kept).equals(kept)).toBe(true);
      expect(kept.toString('latin1')).toContain('notes.txt');
      expect(kept.toString('latin1')).toContain(ATTACHED.toString('base64').slice(0, 20));
    },
    seconds(90),
  );

  it(
    'replies and forwards from the reading pane: Re: with In-Reply-To, Fwd: with the attachment',
    async () => {
      const original = (await mailbox())[0]?.toString('latin1') ?? '';
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(original)?.[1];
      expect(messageId).toBeDefined();
      // The window downloads it: Inbox, open it.
      await page
        .getByRole('navigation', { name: 'Accounts and folders' })
        .getByRole('button', { name: /^All inboxes/ })
        .click();
      await page.keyboard.press('c');
      const row = page.getByRole('listbox').getByText('Grüße mit Anhang');
      await visible(row, seconds(30));
      await row.click();
      await page.getByRole('button', { name: 'Reply', exact: true }).click();
      await expect.poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Re: Grüße mit Anhang');
      await composer().getByRole('textbox', { name: 'Message' }).click();
      await page.keyboard.type('A reply.');
      await send();
      const reply = (await arrived('A reply.')).toString('latin1');
      expect(reply).toMatch(new RegExp(`^In-Reply-To:\\s*${messageId?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im'));

      await page.getByRole('listbox').getByText('Grüße mit Anhang').first().click();
      await page.getByRole('button', { name: 'Forward', exact: true }).click();
      await expect.poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Fwd: Grüße mit Anhang');
      await expect.poll(() => composer().getByRole('list', { name: 'Attachments' }).textContent()).toContain('notes.txt');
      await composer().getByRole('combobox', { name: 'To' }).fill(postfix.address('alice'));
      await composer().getByRole('combobox', { name: 'To' }).press('Enter');
      await send();
      const forward = await sentBytes('Fwd: Grüße mit Anhang');
      expect(forward.toString('latin1')).toContain('notes.txt');

      // The keyboard (a: Reply all) and the list's context menu (Forward) open the composer too.
      const inbox = page.getByRole('listbox', { name: /^Messages in / });
      await inbox.getByText('Grüße mit Anhang').first().click();
      await page.keyboard.press('a');
      await expect.poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Re: Grüße mit Anhang');
      await composer().getByRole('button', { name: 'Discard' }).click();
      await inbox.getByText('Grüße mit Anhang').first().click({ button: 'right' });
      await page.getByRole('menuitem', { name: 'Forward', exact: true }).click();
      await expect.poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Fwd: Grüße mit Anhang');
      await composer().getByRole('button', { name: 'Discard' }).click();
    },
    seconds(120),
  );

  it(
    'saves a draft while it is typed, keeps it across a reload, and reopens it from Drafts',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      await composer().getByRole('textbox', { name: 'Subject' }).fill('Kept as a draft');
      await textHas(composer().getByRole('status'), 'Saved', seconds(5));
      await page.reload();
      await visible(page.getByRole('heading', { name: 'Drafts' }), seconds(20));
      expect(await axeProblems(page)).toEqual([]);
      expect(await clippedControls(page)).toEqual([]);
      await page.getByRole('button', { name: /Kept as a draft/ }).click();
      await expect.poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Kept as a draft');
      await composer().getByRole('button', { name: 'Discard' }).click();
      await visible(page.getByRole('button', { name: 'New message' }));
      await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'All drafts' }).click();
      await visible(page.getByText('No drafts.'));
      await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'All outboxes' }).click();
      await visible(page.getByText('Nothing waiting to be sent.'));
      expect(await axeProblems(page)).toEqual([]);
    },
    seconds(60),
  );

  it(
    'undoes a send within its seconds: the composer comes back with the message, and nothing leaves',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      await composer().getByRole('combobox', { name: 'To' }).fill(postfix.address('alice'));
      await composer().getByRole('combobox', { name: 'To' }).press('Enter');
      await composer().getByRole('textbox', { name: 'Subject' }).fill('Second thoughts');
      await composer().getByRole('button', { name: 'Send' }).click();
      const toast = page.getByRole('status').filter({ hasText: 'Sending in 5 seconds…' });
      await toast.getByRole('button', { name: 'Undo' }).click();
      await expect
        .poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue(), { timeout: seconds(10) })
        .toBe('Second thoughts');
      await visible(composer().getByRole('button', { name: `Remove ${postfix.address('alice')}` }));
      const api = await connectApi(serve);
      try {
        expect(await api.value<unknown[]>('outbox.list', null)).toEqual([]);
      } finally {
        api.close();
      }
      await sleep(seconds(7)); // past the hold: a send that was not taken back would have left by now
      expect((await mailbox()).filter((m) => m.toString('latin1').includes('Second thoughts'))).toEqual([]);
      await composer().getByRole('button', { name: 'Discard' }).click();
    },
    seconds(60),
  );

  it(
    'sends a formatted list and quote with the marks plain text uses for them: "- " and "> "',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      await composer().getByRole('combobox', { name: 'To' }).fill(postfix.address('alice'));
      await composer().getByRole('combobox', { name: 'To' }).press('Enter');
      await composer().getByRole('textbox', { name: 'Subject' }).fill('Shopping, formatted');
      await composer().getByRole('textbox', { name: 'Message' }).click();
      await composer().getByRole('button', { name: 'List', exact: true }).click();
      await page.keyboard.type('milk');
      await page.keyboard.press('Enter');
      await page.keyboard.type('bread');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter'); // an empty item ends the list
      await composer().getByRole('button', { name: 'Quote', exact: true }).click();
      await page.keyboard.type('as you said');
      await send();
      const got = (await arrived('Shopping, formatted')).toString('utf8');
      const plain = got.slice(got.indexOf('text/plain'), got.indexOf('text/html'));
      expect(plain).toContain('- milk\r\n- bread\r\n> as you said');
      // The HTML part may be quoted-printable: its soft line breaks (RFC 2045 §6.7) taken out.
      expect(got.replace(/=\r\n/g, '')).toMatch(
        /<ul><li><p>milk<\/p><\/li><li><p>bread<\/p><\/li><\/ul><blockquote><p>as you said<\/p><\/blockquote>/,
      );
    },
    seconds(60),
  );

  it(
    'opens the composer in a window of its own with every word typed so far, sends from there, and that window closes',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      await composer().getByRole('combobox', { name: 'To' }).fill(postfix.address('alice'));
      await composer().getByRole('combobox', { name: 'To' }).press('Enter');
      await composer().getByRole('textbox', { name: 'Subject' }).fill('Written in its own window');
      await composer().getByRole('textbox', { name: 'Message' }).click();
      await page.keyboard.type('Begun in the main window.');
      // No wait for "Saved": opening the window saves what is pending first.
      const [popup] = await Promise.all([
        page.waitForEvent('popup', { timeout: seconds(10) }),
        composer().getByRole('button', { name: 'Open in a new window' }).click(),
      ]);
      await composer().waitFor({ state: 'detached', timeout: seconds(10) });
      const own = popup.getByRole('region').filter({ has: popup.getByRole('button', { name: 'Send' }) });
      await expect
        .poll(() => own.getByRole('textbox', { name: 'Subject' }).inputValue(), { timeout: seconds(20) })
        .toBe('Written in its own window');
      await textHas(own.getByRole('textbox', { name: 'Message' }), 'Begun in the main window.');
      await visible(own.getByRole('button', { name: `Remove ${postfix.address('alice')}` }));
      expect(await own.getByRole('button', { name: 'Open in a new window' }).count()).toBe(0);
      expect(await popup.title()).toBe('Written in its own window');
      expect(await axeProblems(popup)).toEqual([]);
      expect(await clippedControls(popup)).toEqual([]);
      await own.getByRole('textbox', { name: 'Message' }).click();
      await popup.keyboard.press('End');
      await popup.keyboard.type(' Finished in its own.');
      await Promise.all([popup.waitForEvent('close', { timeout: seconds(20) }), own.getByRole('button', { name: 'Send' }).click()]);
      const got = (await arrived('Finished in its own.')).toString('utf8');
      expect(got).toContain('Begun in the main window.');
      // The main window hears of it: Sent lists it.
      await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'All sent' }).click();
      await visible(page.getByRole('listbox').getByText('Written in its own window'), seconds(20));
    },
    seconds(90),
  );
});
