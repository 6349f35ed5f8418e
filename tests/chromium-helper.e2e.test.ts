// Proves the Chromium helper drives a real browser: a page served on loopback runs its
// script, reacts to a click, and the profile folder is fresh and removed afterwards.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';

const PAGE = `<!doctype html><meta charset="utf-8"><title>probe</title>
<button id="b">Check mail</button><p id="out">idle</p>
<script>document.getElementById('b').onclick = () => { document.getElementById('out').textContent = 'clicked ' + navigator.userAgent.includes('HeadlessChrome'); };</script>`;

describeWith(CHROMIUM, 'Chromium helper', () => {
  let server: Server;
  let url = '';
  let browser: ChromiumSession;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    const dir = browser?.userDataDir;
    await browser?.close();
    if (dir) expect(existsSync(dir)).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('loads a loopback page, runs its script and reacts to a click', async () => {
    const page = await browser.context.newPage();
    await page.goto(url);
    await expect.poll(() => page.textContent('#out')).toBe('idle');
    await page.click('#b');
    expect(await page.textContent('#out')).toBe('clicked true');
    expect(browser.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent))).toMatch(/\d+\./);
  });
});
