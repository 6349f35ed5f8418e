// The reading pane's extras against a real Dovecot, in Chromium: the preview of an image, a PDF
// and a text file (each response sandboxed by its own CSP, with nosniff, under a fixed type);
// "Save all" as a .zip whose entries are the attachments, byte for byte (checked with unzip);
// "Always for this sender", which the settings list shows and Revoke takes away, after which
// the sender's next message blocks again (a local HTTP server counts what the mail loads); and
// Print, whose sheet is all that print media shows (window.print is replaced: nothing prints).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { countIs, gone, textIs, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const run = promisify(execFile);
const PASSWORD = 'Reader-Pw-14';

/** A 1×1 PNG that decodes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** Markup in a text file: the preview shows it as letters, never as HTML. */
const TEXT = Buffer.from('Shopping list\n<b>not bold</b> & milk\n');
const FILES = [
  { name: 'photo.png', type: 'image/png', data: PNG },
  { name: 'report.pdf', type: 'application/pdf', data: PDF },
  { name: 'notes.txt', type: 'text/plain; charset=utf-8', data: TEXT },
  // A second file of the same name: its own entry in the archive, named as a browser would.
  { name: 'notes.txt', type: 'text/plain; charset=utf-8', data: Buffer.from('The other notes.\n') },
] as const;
/** The names in the .zip (zip-stream.ts zipNames). */
const ZIPPED = ['photo.png', 'report.pdf', 'notes.txt', 'notes (2).txt'];

function dateOf(day: number): string {
  return new Date(Date.UTC(2026, 1, day, 9)).toUTCString().replace('GMT', '+0000');
}

function withFiles(): string {
  const parts = FILES.map((f) =>
    [
      '--b1',
      `Content-Type: ${f.type}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      f.data.toString('base64').replace(/.{76}/g, '$&\r\n'),
    ].join('\r\n'),
  );
  return [
    'From: Dave Dunn <dave@example.org>',
    'To: Alice <alice@example.net>',
    'Subject: Files attached',
    `Date: ${dateOf(1)}`,
    'Message-ID: <files@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The files, and a line to print.',
    ...parts,
    '--b1--',
    '',
  ].join('\r\n');
}

function newsletter(n: number, remote: string): string {
  return [
    'From: News Letter <news@example.org>',
    'To: Alice <alice@example.net>',
    `Subject: Newsletter ${n}`,
    `Date: ${dateOf(1 + n)}`,
    `Message-ID: <news-${n}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Issue ${n} of the news.</p><img src="${remote}/pixel-${n}.png" width="1" height="1" alt=""></body></html>`,
    '',
  ].join('\r\n');
}

describeWithAll([CHROMIUM, DOVECOT], 'the reading pane’s extras against Dovecot', () => {
  const win = new TestWindow('poplar-window-reader-');
  let dovecot: DovecotInstance;
  let remoteServer: Server;
  const hits: string[] = [];
  let page: Page;

  beforeAll(async () => {
    remoteServer = createServer((req, res) => {
      hits.push(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
    });
    await new Promise<void>((resolve) => remoteServer.listen(0, '127.0.0.1', resolve));
    const remote = `http://127.0.0.1:${(remoteServer.address() as AddressInfo).port}`;
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    await dovecot.seed('alice', [withFiles(), newsletter(1, remote), newsletter(2, remote)]);
    ({ page } = await win.open({ account: alice(dovecot.port, PASSWORD), sync: true, height: 900 }));
    await visible(page.getByText('3 messages', { exact: true }), seconds(30));
  });

  afterAll(async () => {
    const code = await win.close(
      async () => dovecot?.stop(),
      () => new Promise<void>((resolve) => (remoteServer ? remoteServer.close(() => resolve()) : resolve())),
    );
    expect(code).toBe(0);
  });

  const list = (): Locator => page.getByRole('listbox', { name: /^Messages in / });
  const row = (subject: string): Locator =>
    list()
      .getByRole('option')
      .filter({ has: page.locator('.row-subject', { hasText: new RegExp(`^${subject}$`) }) });
  const reader = (): Locator => page.getByRole('region', { name: 'Reading pane' });
  const preview = (name: string): Locator => page.getByRole('dialog', { name });
  const remoteBar = (): Locator => reader().locator('.remote-bar');

  async function openMessage(subject: string): Promise<void> {
    await row(subject).click();
    await textIs(reader().getByRole('heading', { level: 1 }), subject);
  }

  /** Opens the file's preview, and answers the preview route's response. */
  async function openPreview(name: string): Promise<Response> {
    const response = page.waitForResponse((r) => r.url().includes('/preview/'));
    await reader()
      .getByRole('button', { name: `Preview ${name}` })
      .first()
      .click();
    await visible(preview(name));
    return response;
  }

  /** The preview response's own headers, as the browser received them (allHeaders, not the provisional ones). */
  async function sandboxed(response: Response, type: string | RegExp): Promise<void> {
    const headers = await response.allHeaders();
    expect(response.status()).toBe(200);
    if (typeof type === 'string') expect(headers['content-type']).toBe(type);
    else expect(headers['content-type']).toMatch(type);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(headers['content-security-policy']).toMatch(/(^|; )sandbox(;|$)/);
    expect(headers['content-disposition']).toMatch(/^inline/);
  }

  beforeEach(async () => {
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await countIs(list().getByRole('option'), 3);
  });

  it('previews an image, a PDF and a text file, each sandboxed, and Esc gives the focus back', async () => {
    await openMessage('Files attached');
    await sandboxed(await openPreview('photo.png'), 'image/png');
    const image = preview('photo.png').getByRole('img', { name: 'photo.png' });
    await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
    await textIs(preview('photo.png').locator('.preview-meta'), /· image\/png · 1 of 4$/);

    const pdf = page.waitForResponse((r) => r.url().includes('/preview/'));
    await page.keyboard.press('ArrowRight'); // the next attachment
    await visible(preview('report.pdf'));
    await sandboxed(await pdf, 'application/pdf');
    await visible(preview('report.pdf').locator('iframe[title="PDF: report.pdf"]'));
    expect(await preview('report.pdf').locator('iframe').getAttribute('sandbox')).toBeNull(); // the response sandboxes it

    await preview('report.pdf').getByRole('button', { name: 'Close preview' }).click();
    await gone(page.getByRole('dialog'));
    await sandboxed(await openPreview('notes.txt'), /^text\/plain; charset=utf-8$/);
    await textIs(preview('notes.txt').locator('pre.preview-text'), 'Shopping list\n<b>not bold</b> & milk');
    await gone(preview('notes.txt').locator('b'));
    await page.keyboard.press('Escape');
    await gone(page.getByRole('dialog'));
    expect(
      await reader()
        .getByRole('button', { name: 'Preview notes.txt' })
        .first()
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
  });

  it('saves all the attachments as one .zip whose entries are the files', async () => {
    await openMessage('Files attached');
    const downloading = page.waitForEvent('download');
    await reader()
      .getByRole('link', { name: /^Save all/ })
      .click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = path.join(win.root, 'all.zip');
    await download.saveAs(zip);
    const tested = await run('unzip', ['-t', zip]);
    expect(tested.stdout).toMatch(/No errors detected/);
    const names = (await run('unzip', ['-Z1', zip])).stdout.trim().split('\n');
    expect(names).toEqual(ZIPPED);
    const out = path.join(win.root, 'unzipped');
    await run('unzip', ['-q', '-d', out, zip]);
    for (const [i, f] of FILES.entries()) expect((await readFile(path.join(out, ZIPPED[i] ?? ''))).equals(f.data), f.name).toBe(true);
  });

  it('loads remote content always for a sender, lists the grant in settings, and blocks again after Revoke', async () => {
    hits.length = 0;
    await openMessage('Newsletter 1');
    await visible(remoteBar());
    await textIs(remoteBar().locator('span').first(), 'Remote content was blocked (1 item)');
    expect(hits).toEqual([]);
    await remoteBar()
      .getByRole('button', { name: /^Always for / })
      .click();
    await gone(remoteBar());
    await expect.poll(() => hits.includes('/pixel-1.png'), { timeout: seconds(10) }).toBe(true);
    await openMessage('Newsletter 2'); // the same sender: loads at once
    await expect.poll(() => hits.includes('/pixel-2.png'), { timeout: seconds(10) }).toBe(true);
    await gone(remoteBar());

    const settings = page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'Settings', exact: true });
    await settings.click();
    const senders = page.getByRole('region', { name: 'Senders whose mail always loads remote content' });
    await countIs(senders.getByRole('listitem'), 1);
    await textIs(senders.locator('.grant-label'), /news@example\.org/);
    await senders.getByRole('button', { name: /^Revoke / }).click();
    await countIs(senders.getByRole('listitem'), 0);
    await visible(senders.getByText(/^No sender\./));
    await page.reload(); // the revoke is in the profile
    await countIs(list().getByRole('option'), 3);
    await settings.click();
    await visible(senders.getByText(/^No sender\./));

    await page.getByRole('button', { name: 'Back to mail' }).click();
    hits.length = 0;
    await openMessage('Newsletter 1');
    await visible(remoteBar());
    await openMessage('Newsletter 2');
    await visible(remoteBar());
    expect(hits).toEqual([]);
  });

  it('prints the message’s sheet alone, without calling the real printing', async () => {
    await openMessage('Files attached');
    // window.print as the browser runs it, less the printing: 'beforeprint', then print media.
    await page.evaluate(() => {
      window.print = () => void window.dispatchEvent(new Event('beforeprint'));
    });
    await reader().getByRole('button', { name: 'Print' }).click();
    const sheet = page.locator('body > .print-sheet');
    await countIs(sheet, 1);
    expect(await sheet.isVisible()).toBe(false); // on screen the sheet is hidden
    await page.emulateMedia({ media: 'print' });
    try {
      await visible(sheet);
      await textIs(sheet.locator('.print-subject'), 'Files attached');
      await textIs(sheet.locator('.print-headers div').filter({ hasText: 'From' }).locator('dd'), 'Dave Dunn <dave@example.org>');
      await textIs(
        sheet.locator('.print-headers div').filter({ hasText: 'Attachments' }).locator('dd'),
        'photo.png, report.pdf, notes.txt, notes.txt',
      );
      await textIs(sheet.locator('.print-text'), 'The files, and a line to print.');
      expect(await page.locator('#root').isVisible()).toBe(false); // the window does not print
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await countIs(sheet, 0);
  });
});
