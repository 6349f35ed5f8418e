// The composer's other paths in Chromium (issue 15), against a real Postfix in front of a real
// Dovecot: Cc and Bcc (each recipient gets it; the Bcc address is in no header, neither in what
// arrives nor in the bytes Sent keeps); `r` on an open message; address completion chosen with
// the keyboard; a file dropped on the composer; the Outbox's Retry after the server was down;
// and "Was it sent?" after `poplar send` was killed once the server had taken the message.
// Alice sends; Bob, Carol and Dave receive, and their Maildirs say how often each message came.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OutboxItemView } from '../shared/compose-contract.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { axeProblems, clippedControls } from './support/page-checks.page.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { connectApi, startServe, type ServeProcess } from './support/poplar-serve.ts';
import { dovecotAuthForPostfix, startPostfix, submissionOptions, type PostfixInstance } from './support/postfix.ts';
import { CHROMIUM, DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { greetingLine, sleep } from './support/servers/processes.ts';
import { maildirCopies, retrieveAll, sentBytes as keptInSent, sentItems, withoutTrace } from './support/sent-mail.ts';
import { seconds } from './support/timeouts.ts';
import { textHas, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const run = promisify(execFile);
const PASSWORD = 'Compose-Paths-15';
const USERS = ['alice', 'bob', 'carol', 'dave'];
/** Every byte value, in an order that is not the obvious one: what a dropped binary file holds. */
const DROPPED = Buffer.from(Array.from({ length: 2345 }, (_, i) => (i * 7 + (i >> 8)) % 256));

describeWithAll([CHROMIUM, DOVECOT, POSTFIX], 'the composer’s other paths in the window', () => {
  const win = new TestWindow('poplar-window-compose-paths-');
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let serve: ServeProcess;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: USERS.map((name) => ({ name, password: PASSWORD })), extraConfig: dovecotAuthForPostfix() });
    postfix = await startPostfix({ dovecot, users: USERS });
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
  const sidebar = () => page.getByRole('navigation', { name: 'Accounts and folders' });

  /** The messages in `user`'s Maildir that contain `needle`, as Postfix delivered them. */
  const delivered = (user: string, needle: string): Promise<Buffer[]> => maildirCopies(dovecot.dir, user, needle);

  /** `user`'s copies holding `needle` as POP3 serves them (RETR without DELE; sent-mail.ts says why). */
  const downloaded = async (user: string, needle: string): Promise<Buffer[]> =>
    (await retrieveAll({ port: dovecot.port, user, password: PASSWORD })).filter((m) => m.includes(needle));

  /** Waits until `user` has `n` copies of the message holding `needle`; then, for n copies, that no more come. */
  async function deliveredTimes(user: string, needle: string, n: number): Promise<Buffer[]> {
    await expect.poll(async () => (await delivered(user, needle)).length, { timeout: seconds(20), message: `${user}: ${needle}` }).toBe(n);
    await sleep(1500); // Postfix's queue has had time to deliver a copy too many.
    const got = await delivered(user, needle);
    expect(got.length, `${user}: ${needle}`).toBe(n);
    return got;
  }

  async function outbox(): Promise<OutboxItemView[]> {
    const api = await connectApi(serve);
    try {
      return await api.value<OutboxItemView[]>('outbox.list', null);
    } finally {
      api.close();
    }
  }

  const sentSubjects = async (): Promise<string[]> => (await sentItems(serve)).map((i) => i.subject);
  const sentBytes = (subject: string): Promise<Buffer> => keptInSent(serve, profile, subject);

  const headerOf = (message: Buffer): string => {
    const text = message.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  };

  async function newMessage(to: string, subject: string, body: string): Promise<void> {
    await page.getByRole('button', { name: 'New message' }).click();
    await visible(composer());
    await composer().getByRole('combobox', { name: 'To' }).fill(to);
    await composer().getByRole('combobox', { name: 'To' }).press('Enter');
    await visible(composer().getByRole('button', { name: `Remove ${to}` }));
    await composer().getByRole('textbox', { name: 'Subject' }).fill(subject);
    await composer().getByRole('textbox', { name: 'Message' }).click();
    await page.keyboard.type(body);
  }

  /** Send, then wait until the outbox is empty again (the toast of an earlier send may still be shown). */
  async function send(): Promise<void> {
    await composer().getByRole('button', { name: 'Send' }).click();
    await composer().waitFor({ state: 'detached', timeout: seconds(10) });
    await expect.poll(async () => (await outbox()).length, { timeout: seconds(30) }).toBe(0);
    await visible(page.getByText('Message sent.').last());
  }

  async function openOutbox(): Promise<void> {
    await sidebar().getByRole('button', { name: 'All outboxes' }).click();
    await visible(page.getByRole('heading', { name: 'Outbox' }));
  }

  const outboxItem = (subject: string) => page.getByRole('listitem').filter({ hasText: subject });

  it(
    'sends to To, Cc and Bcc: each gets one copy, and the Bcc address is in no header, neither delivered nor kept in Sent',
    async () => {
      await newMessage(postfix.address('bob'), 'Three ways', 'For Bob, Carol, and quietly Dave.');
      await composer().getByRole('button', { name: 'Cc and Bcc' }).click();
      await composer().getByRole('combobox', { name: 'Cc', exact: true }).fill(postfix.address('carol'));
      await composer().getByRole('combobox', { name: 'Cc', exact: true }).press('Enter');
      await composer()
        .getByRole('combobox', { name: 'Bcc' })
        .fill(`Dave Hidden <${postfix.address('dave')}>`);
      await composer().getByRole('combobox', { name: 'Bcc' }).press('Enter');
      await visible(composer().getByRole('button', { name: `Remove Dave Hidden <${postfix.address('dave')}>` }));
      await send();

      const kept = await sentBytes('Three ways');
      for (const user of ['bob', 'carol', 'dave']) await deliveredTimes(user, 'For Bob, Carol', 1);
      const [toBob] = await downloaded('bob', 'For Bob, Carol');
      const [toCarol] = await downloaded('carol', 'For Bob, Carol');
      const [toDave] = await downloaded('dave', 'For Bob, Carol');
      // Sent keeps the exact bytes the server got: every copy is those bytes behind the trace headers.
      for (const copy of [toBob, toCarol, toDave]) expect(withoutTrace(copy ?? Buffer.alloc(0), kept).equals(kept)).toBe(true);
      expect(headerOf(kept)).toMatch(new RegExp(`^To:.*${postfix.address('bob')}`, 'im'));
      expect(headerOf(kept)).toMatch(new RegExp(`^Cc:.*${postfix.address('carol')}`, 'im'));
      expect(kept.includes(postfix.address('dave')), 'Dave in the bytes Sent keeps').toBe(false);
      // What Bob and Carol see, whole (trace headers too), and what Sent keeps: no trace of Dave.
      for (const message of [kept, toBob, toCarol]) {
        const header = headerOf(message ?? Buffer.alloc(0));
        expect(header).not.toMatch(/^Bcc:/im);
        expect(header).not.toContain(postfix.address('dave'));
        expect(header).not.toContain('Dave Hidden');
      }
      // Dave's own copy: only the delivery's trace (X-Original-To, Delivered-To, Received … for) names him.
      const daveSees = headerOf(toDave ?? Buffer.alloc(0))
        .split(/\r?\n(?![ \t])/)
        .filter((line) => !/^(Return-Path|X-Original-To|Delivered-To|Received):/i.test(line))
        .join('\n');
      expect(daveSees).toContain('Subject: Three ways');
      expect(daveSees).not.toMatch(/^Bcc:/im);
      expect(daveSees).not.toContain(postfix.address('dave'));
    },
    seconds(90),
  );

  it(
    'opens a reply with the r key on an open message: Re: and the sender in To',
    async () => {
      await dovecot.seed('alice', [
        [
          'From: Bob Example <bob@poplar.test>',
          'To: Alice Example <alice@poplar.test>',
          'Cc: Carla Jones <carla@poplar.test>',
          'Subject: Lunch on Friday',
          'Date: Thu, 03 Dec 2026 07:00:00 +0000',
          'Message-ID: <lunch-friday@poplar.test>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Shall we have lunch on Friday?',
          '',
        ].join('\r\n'),
      ]);
      await sidebar()
        .getByRole('button', { name: /^All inboxes/ })
        .click();
      await page.keyboard.press('c');
      const row = page.getByRole('listbox').getByText('Lunch on Friday', { exact: true });
      await visible(row, seconds(30));
      await row.click();
      await visible(page.getByRole('region', { name: 'Reading pane' }).getByText('Shall we have lunch on Friday?'), seconds(10));
      await page.keyboard.press('r');
      await expect
        .poll(() => composer().getByRole('textbox', { name: 'Subject' }).inputValue(), { timeout: seconds(10) })
        .toBe('Re: Lunch on Friday');
      await visible(composer().getByRole('button', { name: 'Remove Bob Example <bob@poplar.test>' }));
      // Reply (not Reply all): Carla, on Cc, is not added.
      expect(await composer().getByRole('list', { name: 'To recipients' }).getByRole('listitem').count()).toBe(1);
      await expect(composer().getByRole('combobox', { name: 'Cc', exact: true }).count()).resolves.toBe(0);
      await composer().getByRole('button', { name: 'Discard' }).click();
      await composer().waitFor({ state: 'detached', timeout: seconds(10) });
    },
    seconds(90),
  );

  it(
    'completes an address of a stored message as it is typed; ArrowDown and Enter choose one',
    async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      const to = composer().getByRole('combobox', { name: 'To' });
      await to.click();
      // Carol from Sent (Cc of the first test), Carla from Bob's message (its Cc).
      await page.keyboard.type('car');
      const list = composer().getByRole('listbox', { name: 'To suggestions' });
      await visible(list, seconds(10));
      const options = list.getByRole('option');
      await expect.poll(() => options.allTextContents(), { timeout: seconds(10) }).toHaveLength(2);
      const texts = await options.allTextContents();
      expect([...texts].sort()).toEqual(['Carla Jones <carla@poplar.test>', 'carol@poplar.test']);
      expect(await to.getAttribute('aria-expanded')).toBe('true');
      expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowDown');
      expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
      expect(await to.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
      await page.keyboard.press('Enter');
      await visible(composer().getByRole('button', { name: `Remove ${texts[1] ?? ''}` }));
      expect(await to.inputValue()).toBe('');
      await expect.poll(() => list.isHidden(), { timeout: seconds(5) }).toBe(true);
      expect(await composer().getByRole('list', { name: 'To recipients' }).getByRole('listitem').count()).toBe(1);
      await composer().getByRole('button', { name: 'Discard' }).click();
      await composer().waitFor({ state: 'detached', timeout: seconds(10) });
    },
    seconds(60),
  );

  it(
    'takes a file dropped on the composer, shows it with its size, and sends it byte for byte',
    async () => {
      await newMessage(postfix.address('bob'), 'Dropped file', 'A file dropped in.');
      const dataTransfer = await page.evaluateHandle((base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'dropped.bin', { type: 'application/octet-stream' }));
        return transfer;
      }, DROPPED.toString('base64'));
      const zone = composer().getByText('or drop files here');
      await zone.dispatchEvent('dragenter', { dataTransfer });
      await zone.dispatchEvent('dragover', { dataTransfer });
      await expect.poll(() => composer().getAttribute('class'), { timeout: seconds(5) }).toContain('drop-over');
      await zone.dispatchEvent('drop', { dataTransfer });
      const chip = composer().getByRole('list', { name: 'Attachments' }).getByRole('listitem');
      await textHas(chip, 'dropped.bin', seconds(10));
      await textHas(chip, '2.3 kB', seconds(10));
      expect(await composer().getAttribute('class')).not.toContain('drop-over');
      await send();

      await deliveredTimes('bob', 'A file dropped in.', 1);
      const [copy] = await downloaded('bob', 'A file dropped in.');
      const text = (copy ?? Buffer.alloc(0)).toString('latin1');
      const part = /filename="?dropped\.bin"?[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(text);
      expect(part, 'the attachment part').not.toBeNull();
      expect(Buffer.from((part?.[1] ?? '').replace(/\s+/g, ''), 'base64').equals(DROPPED)).toBe(true);
      const kept = await sentBytes('Dropped file');
      expect(withoutTrace(copy ?? Buffer.alloc(0), kept).equals(kept)).toBe(true);
    },
    seconds(90),
  );

  const submissionAnswers = async (): Promise<boolean> => (await greetingLine(postfix.submissionPort, 1000)).startsWith('220');

  it(
    'keeps a message in the Outbox with the reason while the server is down, and Retry now sends it once it is back',
    async () => {
      // Postfix stopped in place (same config, same ports), so the account needs no change.
      await run('/usr/sbin/postfix', ['-c', postfix.configDir, 'stop'], { timeout: seconds(30) });
      await expect.poll(submissionAnswers, { timeout: seconds(20) }).toBe(false);

      await newMessage(postfix.address('bob'), 'While the server was down', 'Sent after a retry.');
      await composer().getByRole('button', { name: 'Send' }).click();
      await composer().waitFor({ state: 'detached', timeout: seconds(10) });
      await expect.poll(async () => (await outbox()).map((i) => i.state), { timeout: seconds(30) }).toEqual(['retry']);
      await openOutbox();
      const item = outboxItem('While the server was down');
      await textHas(item, 'The mail server could not be reached. Poplar will try again.', seconds(10));
      await textHas(item, 'Will try again at');
      await textHas(item, `To ${postfix.address('bob')}`);
      expect(await axeProblems(page)).toEqual([]);
      expect(await clippedControls(page)).toEqual([]);
      expect(await delivered('bob', 'Sent after a retry.')).toEqual([]);

      await run('/usr/sbin/postfix', ['-c', postfix.configDir, 'start'], { timeout: seconds(30) });
      await expect.poll(submissionAnswers, { timeout: seconds(20) }).toBe(true);
      // Still waiting for its own next attempt (a minute after the first): the click is what sends it.
      expect((await outbox()).map((i) => i.state)).toEqual(['retry']);
      await item.getByRole('button', { name: 'Retry now' }).click();
      await expect.poll(async () => (await outbox()).length, { timeout: seconds(30) }).toBe(0);
      await visible(page.getByText('Nothing waiting to be sent.'), seconds(10));
      await deliveredTimes('bob', 'Sent after a retry.', 1);
      expect(await sentSubjects()).toContain('While the server was down');
    },
    seconds(120),
  );

  it(
    'asks "Was it sent?" for a send killed after the server took it: "It was sent" files it, "Send it again" sends it again',
    async () => {
      // `poplar send` on the same profile, killed (SIGKILL) right after the server accepted the
      // message: the window's engine, started again, finds both 'unknown' and never resends them itself.
      expect(await serve.stop()).toBe(0);
      for (const subject of ['Killed once', 'Killed twice']) {
        const killed = await runPoplar(['send', '--profile', profile, '--to', postfix.address('bob'), '--subject', subject], {
          env: { ...win.env, POPLAR_FAILPOINT: 'server-accepted:1' },
          stdin: `Body of ${subject}.\n`,
          timeoutMs: seconds(60),
        });
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
      }
      serve = win.serve = await startServe({ profile, env: win.env });
      await page.goto(serve.url);
      await visible(page.getByRole('button', { name: 'New message' }), seconds(20));
      await deliveredTimes('bob', 'Body of Killed once.', 1);
      await deliveredTimes('bob', 'Body of Killed twice.', 1);
      expect((await outbox()).map((i) => [i.subject, i.state])).toEqual([
        ['Killed once', 'unknown'],
        ['Killed twice', 'unknown'],
      ]);

      await openOutbox();
      const once = outboxItem('Killed once');
      const twice = outboxItem('Killed twice');
      for (const item of [once, twice]) {
        await textHas(item, 'Was it sent?', seconds(10));
        await textHas(item, 'It may or may not have arrived');
      }
      expect(await once.getByRole('button', { name: 'Retry now' }).count()).toBe(0);
      expect(await axeProblems(page)).toEqual([]);
      expect(await clippedControls(page)).toEqual([]);

      await once.getByRole('button', { name: 'It was sent' }).click();
      await expect.poll(async () => (await outbox()).map((i) => i.subject), { timeout: seconds(15) }).toEqual(['Killed twice']);
      await twice.getByRole('button', { name: 'Send it again' }).click();
      await expect.poll(async () => (await outbox()).length, { timeout: seconds(30) }).toBe(0);
      await visible(page.getByText('Nothing waiting to be sent.'), seconds(10));

      await deliveredTimes('bob', 'Body of Killed once.', 1);
      await deliveredTimes('bob', 'Body of Killed twice.', 2);
      const sent = await sentSubjects();
      expect(sent.filter((s) => s === 'Killed once')).toHaveLength(1);
      expect(sent.filter((s) => s === 'Killed twice')).toHaveLength(1);
    },
    seconds(150),
  );
});
