// The diagnostics' session chart and list against a real Dovecot, in Chromium (issue 14,
// defect 7): sessions recorded by `poplar sync` — two that worked and one Dovecot refused while
// another session held the mailbox — are seconds apart, so at 24 hours they sit in a few pixels
// at "now". The chart fits them by default, the user can pick 1, 6 or 24 hours, the list beside
// it says each session (time, outcome, cause, duration), and choosing a mark selects its row.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Pop3Client } from '../electron/pop3/client.ts';
import { Secret } from '../electron/secrets/secret.ts';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { plainCorpus } from './support/messages.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { startServe, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { countIs, textHas, visible, windowPage } from './support/window.ts';

const PASSWORD = 'Timeline-Pw-7';

describeWithAll([CHROMIUM, DOVECOT], 'the diagnostics’ session chart and list', () => {
  let root: string;
  let dovecot: DovecotInstance;
  let serve: ServeProcess;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-window-diagnostics-'));
    dovecot = await startDovecot({ users: [{ name: 'tess', password: PASSWORD }] });
    await dovecot.seed('tess', plainCorpus(3));
    const profile = path.join(root, 'profile');
    const env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), TESS_PW: PASSWORD };
    const add = ['account', 'add', '--profile', profile, '--name', 'Tess', '--host', '127.0.0.1', '--port', String(dovecot.port)];
    const added = await runPoplar([...add, '--security', 'none', '--user', 'tess', '--password-env', 'TESS_PW', '--interval', '600'], {
      env,
    });
    expect(added.code, added.stderr).toBe(0);
    for (let i = 0; i < 2; i++) {
      const synced = await runPoplar(['sync', '--profile', profile], { env });
      expect(synced.code, synced.stderr).toBe(0);
    }
    // Another device logged in: Dovecot holds the mailbox for it and refuses Poplar [IN-USE].
    const device = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user: 'tess', password: new Secret(PASSWORD) },
    });
    try {
      const refused = await runPoplar(['sync', '--profile', profile], { env, timeoutMs: seconds(60) });
      expect(refused.code, refused.stderr).not.toBe(0);
    } finally {
      await device.quit();
    }
    serve = await startServe({ profile, env });
    browser = await launchChromium();
    page = await windowPage(browser, 1000);
    await page.goto(serve.url);
    const sidebar = page.getByRole('navigation', { name: 'Accounts and folders' });
    await sidebar.getByRole('button', { name: 'Settings for Tess' }).click();
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }), seconds(20));
  }, seconds(150));

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
    expect(code ?? 0).toBe(0);
  });

  const spans = (): Locator => page.getByRole('group', { name: 'Time span' });
  const list = (): Locator => page.getByRole('region', { name: 'Sessions, newest first' });
  const rows = (): Locator => list().locator('tbody tr');
  const marks = (): Locator => page.locator('.timeline svg .timeline-mark');

  /** How far apart, in screen pixels, the oldest and newest marks start. */
  async function spread(): Promise<number> {
    const xs = await marks().evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    return Math.max(...xs) - Math.min(...xs);
  }

  it('fits the chart to the sessions recorded, and lists each with its outcome, cause and duration', async () => {
    await expect.poll(() => spans().getByRole('button', { name: 'Fit' }).getAttribute('aria-pressed')).toBe('true');
    await countIs(marks(), 3, seconds(20));
    await countIs(rows(), 3);
    await visible(list().getByRole('columnheader', { name: 'Cause' }));
    // Newest first: the refusal, then the two that worked.
    await textHas(rows().nth(0), 'Refused');
    await textHas(rows().nth(0), 'Mailbox in use by another program or device');
    await textHas(rows().nth(1), 'Worked');
    await textHas(rows().nth(2), '3 downloaded');
    await expect.poll(() => rows().nth(2).locator('td').nth(3).textContent()).toMatch(/^\d+ s$|^\d+ min/);
    // Fitted, sessions seconds apart are apart on screen too.
    expect(await spread()).toBeGreaterThan(8);
  });

  it('zooms out to 24 hours and back, and says the span it shows', async () => {
    await spans().getByRole('button', { name: '24 hours' }).click();
    await expect.poll(() => spans().getByRole('button', { name: '24 hours' }).getAttribute('aria-pressed')).toBe('true');
    await visible(page.getByRole('img', { name: /^Sessions in the last 24 hours: 2 worked, 1 refused, 0 failed$/ }));
    // At 24 hours the same sessions are squeezed together: what defect 7 was about.
    expect(await spread()).toBeLessThan(3);
    await spans().getByRole('button', { name: '1 hour' }).click();
    await visible(page.getByRole('img', { name: /^Sessions in the last hour: 2 worked, 1 refused/ }));
    await spans().getByRole('button', { name: 'Fit' }).click();
    await visible(page.getByRole('img', { name: /^Sessions since the first session recorded: 2 worked, 1 refused/ }));
    expect(await spread()).toBeGreaterThan(8);
  });

  it('selects the row of a mark chosen on the chart; the list is reached and walked by keyboard', async () => {
    await page.locator('.timeline svg .timeline-mark.mark-refused').click();
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('false');
    await page.locator('.timeline svg .timeline-mark.mark-ok').first().click();
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('false');
    await spans().getByRole('button', { name: '24 hours' }).focus();
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await list().evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    // Up and Down choose a session there, and its mark is outlined on the chart.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await countIs(page.locator('.timeline svg .timeline-mark.mark-refused.selected'), 1);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await countIs(page.locator('.timeline svg .timeline-mark.mark-refused.selected'), 0);
  });
});
