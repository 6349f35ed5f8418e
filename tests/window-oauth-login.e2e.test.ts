// An outgoing server that signs in with an OAuth 2 token (set on the command line with
// --smtp-login xoauth2) as the account form in Chromium shows it: said in words instead of an
// empty password field, and kept when the form is saved with its password left alone. The
// window cannot choose such a login (a command is never set from the window).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { runPoplar } from './support/poplar-cli.ts';
import { CHROMIUM, DOVECOT, describeWithAll } from './support/requirements.ts';
import { axeProblems, clippedControls } from './support/page-checks.page.ts';
import { seconds } from './support/timeouts.ts';
import { textHas, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'OAuth-Form-15';
const NOTE = 'Signs in with an OAuth 2 access token from its token command';

describeWithAll([CHROMIUM, DOVECOT], 'an OAuth 2 outgoing login in the account form', () => {
  const win = new TestWindow('poplar-window-oauth-');
  let dovecot: DovecotInstance;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    const outgoing = ['--smtp-host', '127.0.0.1', '--smtp-port', '587', '--smtp-security', 'starttls', '--smtp-user', 'alice@poplar.test'];
    outgoing.push('--smtp-login', 'xoauth2', '--smtp-password-command', 'get-token alice', '--from', 'Alice <alice@poplar.test>');
    ({ page, profile } = await win.open({ account: alice(dovecot.port, PASSWORD, outgoing), height: 1400 }));
    await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'Settings for Alice' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Alice' }), seconds(20));
  }, seconds(90));

  afterAll(async () => {
    const code = await win.close(async () => dovecot?.stop());
    expect(code).toBe(0);
  });

  const part = (): Locator => page.getByRole('region', { name: 'Outgoing mail' });

  it('says how it signs in, and keeps it through a save that leaves the password alone', async () => {
    await textHas(part().getByRole('note'), NOTE);
    expect(await part().getByRole('checkbox', { name: 'Same password as the incoming server' }).isChecked()).toBe(false);
    expect(await axeProblems(page)).toEqual([]);
    expect(await clippedControls(page)).toEqual([]);

    await part().getByRole('textbox', { name: 'Outgoing port' }).fill('465');
    await part().getByRole('combobox', { name: 'Outgoing security' }).selectOption('tls');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved.' }));
    const listed = await runPoplar(['account', 'list', '--profile', profile, '--json'], { env: win.env });
    const [account] = (JSON.parse(listed.stdout) as { accounts: Array<{ smtp: Record<string, unknown> }> }).accounts;
    expect(account?.smtp).toMatchObject({
      port: 465,
      security: 'tls',
      login: 'xoauth2',
      passwordSource: { kind: 'command', command: 'get-token alice' },
    });

    // A password typed in the window makes it a password login: the note goes as it is typed.
    await part().getByRole('textbox', { name: 'Outgoing password' }).fill('a password');
    expect(await part().getByRole('note').count()).toBe(0);
  });
});
