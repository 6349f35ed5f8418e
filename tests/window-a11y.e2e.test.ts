// axe-core over every view of the window, in light and dark: no serious or critical violation
// (issue 14). Against a real Dovecot account in its backoff and, for the welcome page, an empty
// profile (support/window-views.ts); axe is evaluated in the page (support/page-checks.ts).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { axeProblems } from './support/page-checks.page.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { DEMO_LOCK_VIEWS, startViewsFixture, useScheme, VIEWS, type ViewsFixture } from './support/window-views.ts';
import { visible } from './support/window.ts';

describeWithAll([CHROMIUM, DOVECOT], 'accessibility of every view (axe-core)', () => {
  let fixture: ViewsFixture;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    fixture = await startViewsFixture();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(seconds(15));
    await page.setViewportSize({ width: 1440, height: 900 });
  }, seconds(120));

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  async function check(view: string): Promise<string[]> {
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await useScheme(page, scheme);
      for (const p of await axeProblems(page)) problems.push(`${view}, ${scheme}: ${p}`);
    }
    return problems;
  }

  it(
    'the welcome page',
    async () => {
      await page.goto(fixture.welcome.url);
      await VIEWS.find((v) => v.welcome)?.open(page);
      expect(await check('welcome')).toEqual([]);
    },
    seconds(60),
  );

  it(
    'every view of an account',
    async () => {
      await page.goto(fixture.serve.url);
      await visible(page.getByRole('navigation', { name: 'Accounts and folders' }), seconds(30));
      const problems: string[] = [];
      for (const view of VIEWS.filter((v) => !v.welcome)) {
        await view.open(page);
        problems.push(...(await check(view.name)));
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
        problems.push(...(await check(view.name)));
      }
      expect(problems).toEqual([]);
    },
    seconds(120),
  );
});
