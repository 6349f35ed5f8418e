// The window when another device holds the mailbox, against a real Dovecot: the account was
// set up on the command line (`poplar account add --password-env`, so `poplar serve` gets its
// password from the environment), another POP3 session keeps the mailbox open, and `poplar
// serve` runs 60× fast (POPLAR_CLOCK_SPEED) so the 2-minute backoff takes 2 s. The window
// shows the banner once, above the list (the sidebar says it with the account's dot and state
// line: issue 14, defect 5), the diagnostics name "another program or device", and
// once the other session QUITs the account recovers on its own: the banner goes and the mail
// appears.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Pop3Client } from '../electron/pop3/client.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { plainCorpus } from './support/messages.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { countIs, gone, textHas, visible } from './support/window.ts';
import { otherDevice } from './support/other-device.ts';
import { starttlsAccount, TestWindow } from './support/window-account.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Lock-Pw-58';
const MESSAGES = plainCorpus(5);
const TITLE = 'Another program or device is using this mailbox';

describeWithAll([CHROMIUM, DOVECOT], 'the window when another device holds the mailbox', () => {
  const win = new TestWindow('poplar-window-lock-');
  let dovecot: DovecotInstance;
  let device: Pop3Client | null = null;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'eve', password: PASSWORD }] });
    await dovecot.seed('eve', MESSAGES);
    ({ page } = await win.open({
      account: starttlsAccount(dovecot, 'Eve', 'eve', PASSWORD),
      beforeServe: async () => {
        // The other device: logged in, so Dovecot holds the mailbox for it (pop3_lock_session).
        device = await otherDevice(dovecot.port, 'eve', PASSWORD);
      },
      serveEnv: { POPLAR_CLOCK_SPEED: '60' },
    }));
    expect(win.added?.stderr).toBe('');
  });

  afterAll(async () => {
    device?.destroy();
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const sidebar = (): Locator => page.getByRole('navigation', { name: 'Accounts and folders' });
  const listPane = (): Locator => page.getByRole('region', { name: 'Message list' });
  const banner = (within: Locator): Locator => within.getByRole('status').filter({ hasText: TITLE });

  it('shows the banner on the account once Dovecot turns Poplar away', async () => {
    // Dovecot keeps a refused login waiting about 10 s before it answers [IN-USE].
    await visible(banner(listPane()), seconds(40));
    await textHas(banner(listPane()), 'Poplar tries again');
    await countIs(page.getByRole('status').filter({ hasText: TITLE }), 1);
    await visible(
      sidebar()
        .getByRole('img', { name: 'Last check failed' })
        .or(sidebar().getByRole('img', { name: 'Backing off' }))
        .first(),
    );
    await countIs(listPane().getByRole('listbox').getByRole('option'), 0);
  });

  it('names another program or device in the diagnostics, with the server’s evidence', async () => {
    await banner(listPane()).getByRole('button', { name: 'Details' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Diagnostics' }));
    await visible(page.getByText('Another program or device', { exact: true }));
    await visible(page.getByRole('heading', { level: 2, name: TITLE }));
    const evidence = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 3, name: 'Evidence' }) });
    await textHas(evidence, 'IN-USE');
    await textHas(evidence, 'Poplar held no connection to this mailbox at that moment');
    await visible(page.getByRole('heading', { level: 3, name: 'Transcript of the failed session' }));
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await visible(listPane());
  });

  it('recovers by itself after the other session QUITs: the banner goes and the mail appears', async () => {
    const quit = await device?.quit();
    expect(quit?.acknowledged).toBe(true);
    device = null;
    // The next check comes after the backoff (2 to 4 minutes, 60× fast) plus Dovecot's answer.
    await countIs(listPane().getByRole('listbox').getByRole('option'), MESSAGES.length, seconds(45));
    await gone(banner(listPane()));
    await visible(page.getByText(`${MESSAGES.length} messages`, { exact: true }));
    await visible(sidebar().getByRole('img', { name: 'Idle' }));
  });
});
