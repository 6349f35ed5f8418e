// Every view of the window at 1024×700, 1440×900 and 1920×1080, in light and dark, and at
// 200 % zoom (1024×700 seen as 512×350 CSS pixels): no button, link, input or select may stick
// out of its pane or the window, and no button or key label may cut its words (issue 14,
// defects 1 and 17). Against a real Dovecot account in its backoff (support/window-views.ts).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { clippedControls } from './support/page-checks.page.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { DEMO_LOCK_VIEWS, startViewsFixture, useScheme, VIEWS, type ViewsFixture } from './support/window-views.ts';
import { gone, visible } from './support/window.ts';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
  // 1024×700 at 200 % zoom: the CSS pixels the page gets.
  { width: 512, height: 350 },
] as const;

describeWithAll([CHROMIUM, DOVECOT], 'the window’s layout at every size', () => {
  let fixture: ViewsFixture;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    fixture = await startViewsFixture();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(seconds(15));
    await page.setViewportSize(SIZES[1]);
  }, seconds(120));

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  async function check(): Promise<string[]> {
    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const scheme of ['light', 'dark'] as const) {
        await useScheme(page, scheme);
        for (const p of await clippedControls(page)) problems.push(`${size.width}×${size.height} ${scheme}: ${p}`);
      }
    }
    await page.setViewportSize(SIZES[1]);
    return problems;
  }

  it(
    'the welcome page',
    async () => {
      await page.goto(fixture.welcome.url);
      const welcome = VIEWS.find((v) => v.welcome);
      await welcome?.open(page);
      expect(await check()).toEqual([]);
    },
    seconds(60),
  );

  it(
    'every view of an account in its backoff',
    async () => {
      await page.goto(fixture.serve.url);
      await visible(page.getByRole('navigation', { name: 'Accounts and folders' }), seconds(30));
      const problems: string[] = [];
      for (const view of VIEWS.filter((v) => !v.welcome)) {
        await view.open(page);
        for (const p of await check()) problems.push(`${view.name} — ${p}`);
      }
      expect(problems).toEqual([]);
    },
    seconds(300),
  );

  it(
    'the demo’s lock: its diagnosis and the Inbox under the lock banner',
    async () => {
      await page.goto(fixture.demo.url);
      const problems: string[] = [];
      for (const view of DEMO_LOCK_VIEWS) {
        await view.open(page);
        for (const p of await check()) problems.push(`${view.name} — ${p}`);
      }
      expect(problems).toEqual([]);
      await page.goto(fixture.serve.url); // the tests after this one use the Dovecot account
      await visible(page.getByRole('navigation', { name: 'Accounts and folders' }), seconds(30));
    },
    seconds(120),
  );

  it(
    'at 200 % zoom the list and the reading pane stack, each usable',
    async () => {
      await page.setViewportSize(SIZES[3]);
      const inbox = VIEWS.find((v) => v.name.startsWith('inbox'));
      await inbox?.open(page);
      const box = async (selector: string) => (await page.locator(selector).boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
      const list = await box('.list-pane');
      const reader = await box('.reading-pane');
      expect(reader.y).toBeGreaterThanOrEqual(list.y + list.height - 1); // below the list, not beside it
      expect(reader.width).toBeGreaterThanOrEqual(300);
      expect(list.width).toBeGreaterThanOrEqual(300);
      await page.setViewportSize(SIZES[1]);
    },
    seconds(90),
  );
  it(
    'hides the sidebar and brings it back, and a reload remembers which',
    async () => {
      await page.setViewportSize(SIZES[3]);
      const nav = page.getByRole('navigation', { name: 'Accounts and folders' });
      await visible(nav);
      await page.getByRole('button', { name: 'Hide the sidebar' }).click();
      await gone(nav);
      const list = await page.locator('.list-pane').boundingBox();
      expect(list?.width ?? 0).toBeGreaterThanOrEqual(SIZES[3].width - 40); // the list takes the room
      await page.reload();
      await visible(page.getByRole('button', { name: 'Show the sidebar' }), seconds(30));
      await gone(nav);
      await page.getByRole('button', { name: 'Show the sidebar' }).click();
      await visible(nav);
      await page.reload();
      await visible(nav, seconds(30));
      await page.setViewportSize(SIZES[1]);
    },
    seconds(90),
  );
});
