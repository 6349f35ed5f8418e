// Account settings in the window: the check interval changed in the form is saved in the
// profile (the form shows it again after a reload; `poplar account list --json` reads it once
// serve has stopped), and the next automatic check moves with it, both in the engine's sync
// status and in the words the window shows ("Next check at …").
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SyncStatusView } from '../shared/contract.ts';
import { plainCorpus } from './support/messages.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { connectApi, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';
import { startScriptedPop3, type ScriptedPop3Server } from './support/scripted-pop3.ts';
import { textIs, visible } from './support/window.ts';
import { scriptedAccount, TestWindow } from './support/window-account.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Settings-Pw-9';
const MINUTE = 60_000;
/** The scheduler adds up to 10 % of the interval, at most a minute, of jitter (sync/policy.ts). */
const JITTER_MS = MINUTE;

describeWith(CHROMIUM, 'account settings in the window', () => {
  const win = new TestWindow('poplar-window-settings-');
  let profile: string;
  let env: NodeJS.ProcessEnv;
  let pop3: ScriptedPop3Server;
  let serve: ServeProcess;
  let page: Page;

  beforeAll(async () => {
    pop3 = await startScriptedPop3({
      users: [{ name: 'carol', password: PASSWORD }],
      messages: plainCorpus(3).map((body, i) => ({ uidl: `m${i + 1}`, body })),
    });
    ({ profile, env, serve, page } = await win.open({ account: scriptedAccount(pop3, 'Carol', 'carol', PASSWORD) }));
  });

  afterAll(async () => {
    await win.close(async () => pop3?.close());
  });

  const sidebar = (): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
  const intervalField = (): Locator => page.getByRole('spinbutton', { name: /Check every/ });
  const statusLine = (): Locator => page.locator('.status-main');

  /** The account's sync status as the engine reports it, once it waits for its next check. */
  async function waitingUntil(): Promise<{ until: number; lastCheckAt: number }> {
    const api = await connectApi(serve);
    try {
      let status: SyncStatusView | undefined;
      await expect
        .poll(
          async () => {
            [status] = await api.value<SyncStatusView[]>('sync.status');
            return status?.state.kind;
          },
          { timeout: seconds(15) },
        )
        .toBe('waiting');
      if (status?.state.kind !== 'waiting' || status.lastCheckAt === null)
        throw new Error(`not waiting after a check: ${JSON.stringify(status)}`);
      return { until: status.state.until, lastCheckAt: status.lastCheckAt };
    } finally {
      api.close();
    }
  }

  /** formatClock of renderer/format/time.ts, in the page's own locale and time zone. */
  const clockInPage = (at: number): Promise<string> =>
    page.evaluate((t) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(t), at);

  async function openSettings(): Promise<void> {
    await sidebar().getByRole('button', { name: 'Settings for Carol' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Carol' }));
  }

  it('shows the next check an hour after the first one', async () => {
    await visible(page.getByText('3 messages', { exact: true }), seconds(20));
    const { until, lastCheckAt } = await waitingUntil();
    expect(until - lastCheckAt).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(until - lastCheckAt).toBeLessThanOrEqual(60 * MINUTE + JITTER_MS);
    await openSettings();
    expect(await intervalField().inputValue()).toBe('60');
    await textIs(statusLine(), `Next check at ${await clockInPage(until)}`);
  });

  it('saves a new interval, and the next check moves to match it', async () => {
    await intervalField().fill('240');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved.' }));
    await expect
      .poll(
        async () => {
          const { until, lastCheckAt } = await waitingUntil();
          return until - lastCheckAt;
        },
        { timeout: seconds(10) },
      )
      .toBeGreaterThanOrEqual(240 * MINUTE);
    const { until, lastCheckAt } = await waitingUntil();
    expect(until - lastCheckAt).toBeLessThanOrEqual(240 * MINUTE + JITTER_MS);
    const words = `Next check at ${await clockInPage(until)}`;
    await textIs(statusLine(), words);
    await textIs(
      sidebar().locator('.account-state').filter({ hasText: 'Next check' }),
      new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('keeps the new interval after a reload', async () => {
    await page.reload();
    await openSettings();
    expect(await intervalField().inputValue()).toBe('240');
  });

  it('keeps it in the profile, as the command line reads it once serve has stopped', async () => {
    expect(await serve.stop()).toBe(0);
    const listed = await runPoplar(['account', 'list', '--profile', profile, '--json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const { accounts } = JSON.parse(listed.stdout) as { accounts: Array<{ name: string; intervalMinutes: number }> };
    expect(accounts).toEqual([expect.objectContaining({ name: 'Carol', intervalMinutes: 240 })]);
  });
});
