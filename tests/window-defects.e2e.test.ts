// Issue 14, defects 2 to 5, in Chromium against a real Dovecot and `poplar serve`:
//   2. one way of writing times on a screen — the engine's sentences (banner, diagnosis) and the
//      window's own (sync line, sidebar, transcript) all in the window's locale (here en-US, 12-hour,
//      which the engine's old 24-hour text never matched);
//   5. the lock banner once, above the list; the sidebar's state line whole, not cut off;
//   4. with the server gone, no internal name in what the window says, and the connection bar
//      covering nothing (the list's message count in particular);
//   3. while the server stays away, the bar says what to do should it have restarted elsewhere;
//      after `poplar serve` restarts (a new token), the old tab says its address no longer works
//      instead of "Reconnecting…" forever, and the new address, pasted into the same tab, works.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { channels } from '../shared/contract.ts';
import type { Pop3Client } from '../electron/pop3/client.ts';
import type { ChromiumSession } from './support/chromium.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { plainCorpus } from './support/messages.ts';
import { startServe, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { countIs, gone, textHas, visible } from './support/window.ts';
import { otherDevice } from './support/other-device.ts';
import { starttlsAccount, TestWindow } from './support/window-account.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Defects-Pw-14';
const MESSAGES = plainCorpus(4);
const TITLE = 'Another program or device is using this mailbox';
/** A time of day as any locale writes it, with its AM/PM when it has one. */
const TIME = /\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?/g;

/** Every time in `text`; each must carry AM or PM in en-US, as the window's own clock times do. */
function times(text: string): string[] {
  return [...text.matchAll(TIME)].map((m) => m[0]);
}
function expectTwelveHour(text: string, where: string): void {
  for (const t of times(text)) expect(t, `${where}: “${text}”`).toMatch(/\s?[AP]M$/);
}

describeWithAll([CHROMIUM, DOVECOT], 'issue 14 defects 2–5: times, one banner, internal names, a restarted server', () => {
  const win = new TestWindow('poplar-window-defects-');
  let profile: string;
  let env: NodeJS.ProcessEnv;
  let dovecot: DovecotInstance;
  let device: Pop3Client | null = null;
  let serve: ServeProcess;
  let again: ServeProcess | null = null;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'fay', password: PASSWORD }] });
    await dovecot.seed('fay', MESSAGES);
    ({ profile, env, serve, browser, page } = await win.open({
      env: { POPLAR_CLOCK_SPEED: '60' },
      account: starttlsAccount(dovecot, 'Fay', 'fay', PASSWORD),
      beforeServe: async () => {
        // Another device holds the mailbox (pop3_lock_session), so the first check is refused.
        device = await otherDevice(dovecot.port, 'fay', PASSWORD);
      },
      beforeGoto: async (page, browser) => {
        // A 12-hour locale: the engine used to write 24-hour times whatever the window's locale.
        const cdp = await browser.context.newCDPSession(page);
        await cdp.send('Emulation.setLocaleOverride', { locale: 'en-US' });
      },
    }));
    expect(win.added?.stderr).toBe('');
  });

  afterAll(async () => {
    device?.destroy();
    await browser?.close();
    const code = await again?.stop();
    await win.close(async () => dovecot?.stop());
    expect(code ?? 0).toBe(0);
  });

  const sidebar = (): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
  const listPane = (): Locator => page.getByRole('region', { name: 'Message list' });
  const banners = (): Locator => page.getByRole('status').filter({ hasText: TITLE });
  const listBanner = (): Locator => listPane().getByRole('status').filter({ hasText: TITLE });
  const bar = (): Locator => page.getByRole('alert').filter({ hasText: /connection to Poplar|address no longer works/ });

  it('shows the lock banner once, above the list; the sidebar keeps its dot and a whole state line (defect 5)', async () => {
    // Dovecot keeps a refused login waiting about 10 s before it answers [IN-USE].
    await visible(listPane().getByRole('status').filter({ hasText: TITLE }), seconds(40));
    await textHas(listPane().getByRole('status').filter({ hasText: TITLE }), 'Poplar tries again');
    await countIs(banners(), 1);
    await countIs(sidebar().getByRole('status'), 0);
    await visible(
      sidebar()
        .getByRole('img', { name: 'Last check failed' })
        .or(sidebar().getByRole('img', { name: 'Backing off' }))
        .first(),
    );
    const state = sidebar().locator('.account-state');
    await visible(state);
    const fits = await state.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);
    expect(fits, `the sidebar's state line is cut off: “${await state.textContent()}”`).toBe(true);
  });

  it('writes every time on the screen one way, the window’s locale’s: banner, sync line, sidebar (defect 2)', async () => {
    // While a retry runs the banner says "checking again now"; otherwise it names the retry time.
    await expect
      .poll(async () => times((await listBanner().textContent()) ?? '').length, { timeout: seconds(20), message: 'a time in the banner' })
      .toBeGreaterThan(0);
    const banner = (await listBanner().textContent()) ?? '';
    expectTwelveHour(banner, 'the banner');
    expectTwelveHour((await listPane().locator('.sync-line-text').textContent()) ?? '', 'the sync line');
    expectTwelveHour((await sidebar().locator('.account-state').textContent()) ?? '', 'the sidebar');
  });

  it('and in the diagnostics: the explanation, what Poplar will do, the next check and the transcript (defect 2)', async () => {
    await listBanner().getByRole('button', { name: 'Details' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }));
    const evidence = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 3, name: 'Evidence' }) });
    await textHas(evidence, 'IN-USE');
    const evidenceText = (await evidence.textContent()) ?? '';
    expect(times(evidenceText).length, evidenceText).toBeGreaterThan(0);
    expectTwelveHour(evidenceText, 'the evidence');
    const card = (heading: string): Locator =>
      page.locator('section.card').filter({ has: page.getByRole('heading', { level: 3, name: heading }) });
    const willDo = (await card('What Poplar will do').textContent()) ?? '';
    expect(times(willDo).length, willDo).toBeGreaterThan(0); // "checks again at …" and "Next check: …"
    expectTwelveHour(willDo, 'what Poplar will do');
    expectTwelveHour((await page.locator('section.card.diagnosis').textContent()) ?? '', 'the explanation');
    const stamps = await page.locator('.transcript-time').allTextContents();
    expect(stamps.length).toBeGreaterThan(0);
    for (const s of stamps) expect(s, 'a transcript time').toMatch(/^\d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await visible(listPane());
  });

  it('with the server gone, opening a message says so in words, without an internal name (defect 4)', async () => {
    // Back from the diagnostics, should the test before have stopped there.
    const back = page.getByRole('button', { name: 'Back to mail' });
    if (await back.isVisible()) await back.click();
    const quit = await device?.quit();
    expect(quit?.acknowledged).toBe(true);
    device = null;
    const rows = listPane().getByRole('listbox').getByRole('option');
    await countIs(rows, MESSAGES.length, seconds(45));
    await textHas(listPane().locator('.list-count'), `${MESSAGES.length} messages`);

    expect(await serve.stop()).toBe(0);
    await visible(bar(), seconds(15));
    await rows.first().click();
    const failure = page.getByRole('alert').filter({ hasText: 'This message could not be opened.' });
    await visible(failure);
    const said = (await failure.textContent()) ?? '';
    expect(said).toContain('Poplar is not connected');
    for (const name of Object.keys(channels)) expect(said).not.toContain(name);
    expect(said).not.toMatch(/\([a-z]+\.[a-zA-Z]+\)/);
  });

  it('the connection bar covers nothing: the list’s message count and header lie below it (defect 4)', async () => {
    await textHas(bar(), 'Reconnecting');
    const barBox = await bar().boundingBox();
    expect(barBox).not.toBeNull();
    const count = listPane().locator('.list-count');
    for (const target of [count, listPane().locator('.list-header'), sidebar()]) {
      const box = await target.boundingBox();
      expect(box, `${target}`).not.toBeNull();
      if (barBox && box) expect(box.y, `${target} starts under the bar`).toBeGreaterThanOrEqual(barBox.y + barBox.height - 0.5);
    }
    expect(await count.isVisible()).toBe(true);
  });

  it('while the server stays away, says what to do after a restart on another port (defect 3)', async () => {
    // ConnectionBar's STILL_DOWN_MS (10 s) after the connection was lost.
    await textHas(bar(), 'If you restarted Poplar, open the new address', seconds(20));
  });

  it('after `poplar serve` restarts with a new token, the old tab says to open the new address, and that one works (defect 3)', async () => {
    again = await startServe({ profile, env, args: ['--port', String(serve.port)] });
    expect(again.token).not.toBe(serve.token);
    await visible(bar().filter({ hasText: 'address no longer works' }), seconds(20));
    await textHas(bar(), 'poplar serve');
    await gone(page.getByText('Reconnecting…'));
    // As a user does: the new address pasted into the same tab, which changes only its fragment.
    await page.goto(again.url);
    await countIs(listPane().getByRole('listbox').getByRole('option'), MESSAGES.length, seconds(20));
    await gone(bar());
  });
});
