// Waiting on the window without fixed sleeps. playwright-core has no `expect` of its own (that
// is @playwright/test, which is not installed), so: Locator.waitFor, which auto-waits for one
// element's state, and Vitest's expect.poll for counts and texts, each within a bound.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ChromiumSession } from './chromium.ts';
import { seconds } from './timeouts.ts';

export const WAIT_MS = seconds(10);

/** A new page as the window tests use it: 15 s for any one action, 1400 px wide, `height` tall. */
export async function windowPage(browser: ChromiumSession, height = 1000): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(seconds(15));
  await page.setViewportSize({ width: 1400, height });
  return page;
}

/** Waits until the (single) element is visible. */
export async function visible(locator: Locator, timeout = WAIT_MS): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until nothing matches. */
export async function gone(locator: Locator, timeout = WAIT_MS): Promise<void> {
  await expect.poll(() => locator.count(), { timeout, message: `${locator} should match nothing` }).toBe(0);
}

/** Waits until exactly `n` elements match. */
export async function countIs(locator: Locator, n: number, timeout = WAIT_MS): Promise<void> {
  await expect.poll(() => locator.count(), { timeout, message: `${locator} should match ${n}` }).toBe(n);
}

/** Waits until the (single) element's text, trimmed, is `text` (or matches it). */
export async function textIs(locator: Locator, text: string | RegExp, timeout = WAIT_MS): Promise<void> {
  const read = async (): Promise<string> =>
    (await locator.count()) === 1 ? ((await locator.textContent()) ?? '').trim() : `(${await locator.count()} matches)`;
  if (typeof text === 'string') await expect.poll(read, { timeout, message: `${locator} text` }).toBe(text);
  else await expect.poll(read, { timeout, message: `${locator} text` }).toMatch(text);
}

/** Waits until the (single) element's text contains `part`. */
export async function textHas(locator: Locator, part: string, timeout = WAIT_MS): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) === 1 ? ((await locator.textContent()) ?? '') : `(${await locator.count()} matches)`), {
      timeout,
      message: `${locator} text`,
    })
    .toContain(part);
}

/**
 * The accessible name Chromium computes for one element, as a screen reader gets it (from its
 * accessibility tree, so content, hidden words and generated content all count as they do there).
 */
export async function accessibleName(locator: Locator): Promise<string> {
  // The snapshot is YAML. Its first line is `- role "name" [attributes]`, `- role name` when the
  // name needs no quotes, and the whole entry in YAML's single quotes when the name holds a colon.
  let entry = ((await locator.ariaSnapshot()).split('\n')[0] ?? '').replace(/^- /, '').replace(/:$/, '');
  if (entry.startsWith("'") && entry.endsWith("'")) entry = entry.slice(1, -1).replace(/''/g, "'");
  const quoted = /^[\w-]+ "((?:[^"\\]|\\.)*)"/.exec(entry)?.[1];
  if (quoted !== undefined) return JSON.parse(`"${quoted}"`) as string;
  return /^[\w-]+ ([^[]*?)(?: \[.*)?$/.exec(entry)?.[1] ?? '';
}
