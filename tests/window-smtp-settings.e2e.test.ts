// The account forms' "Outgoing mail" part in Chromium (settings, then setup), against a real Postfix in front
// of a real Dovecot: a wrong outgoing password said in words, a certificate not trusted shown
// and pinned, "Test outgoing server" with the account's own incoming password (automatic
// security finds STARTTLS on the submission port; nothing is sent), the identity saved with it,
// and the plain-text warning.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountView } from '../shared/contract.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { connectApi, type ServeProcess } from './support/poplar-serve.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { CHROMIUM, DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { seconds } from './support/timeouts.ts';
import { textHas, visible } from './support/window.ts';
import { alice, TestWindow } from './support/window-account.ts';

const PASSWORD = 'Smtp-Form-15';
const BOB_PASSWORD = 'Bob-Smtp-15';

describeWithAll([CHROMIUM, DOVECOT, POSTFIX], 'the outgoing mail part of the account forms', () => {
  const win = new TestWindow('poplar-window-smtp-');
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let serve: ServeProcess;
  let page: Page;

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'alice', password: PASSWORD },
        { name: 'bob', password: BOB_PASSWORD },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['alice', 'bob'] });
    ({ serve, page } = await win.open({ account: alice(dovecot.port, PASSWORD), height: 1400 }));
    await openSettings();
  });

  async function openSettings(): Promise<void> {
    await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'Settings for Alice' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Alice' }), seconds(20));
  }

  afterAll(async () => {
    const code = await win.close(
      async () => postfix?.stop(),
      async () => dovecot?.stop(),
    );
    expect(code).toBe(0);
  });

  const part = (): Locator => page.getByRole('region', { name: 'Outgoing mail' });
  const testButton = (): Locator => part().getByRole('button', { name: 'Test outgoing server' });

  it('tests the outgoing server: wrong password, an untrusted certificate pinned, then signed in with the incoming password', async () => {
    await part().getByRole('checkbox', { name: 'Send mail from this account' }).check();
    await part().getByRole('textbox', { name: 'Outgoing server' }).fill('127.0.0.1');
    await part().getByRole('textbox', { name: 'Outgoing port' }).fill(String(postfix.submissionPort));
    // The user name starts as the incoming one.
    await expect.poll(() => part().getByRole('textbox', { name: 'Outgoing user name' }).inputValue()).toBe('alice');

    // A password of its own, wrong: pinned first, so the login is what fails.
    await part().getByRole('checkbox', { name: 'Same password as the incoming server' }).uncheck();
    await part().getByLabel('Outgoing password').fill('not-the-password');
    await testButton().click();
    const panel = part().getByRole('alert').filter({ hasText: 'The server’s certificate is not trusted' });
    await visible(panel, seconds(20));
    await textHas(panel, dovecot.serverCertFingerprint256);
    await panel.getByRole('button', { name: 'Trust this certificate for this account' }).click();
    await textHas(part().getByRole('alert'), 'did not accept the user name or password', seconds(20));
    await textHas(part(), `Pinned certificate ${dovecot.serverCertFingerprint256}`);

    // The incoming password (the account's, from its environment variable): signed in, over STARTTLS.
    await part().getByRole('checkbox', { name: 'Same password as the incoming server' }).check();
    await testButton().click();
    const ok = part().getByRole('status');
    await textHas(ok, 'Connected and logged in to the outgoing server', seconds(20));
    await textHas(ok, `STARTTLS on port ${postfix.submissionPort}. Nothing was sent.`);
    await textHas(ok, 'The server accepts messages up to');
  });

  it('saves the outgoing server and the identity, and refuses an address that is not one', async () => {
    await part().getByRole('textbox', { name: 'Your name' }).fill('Alice Example');
    await part().getByRole('textbox', { name: 'Your address' }).fill('alice at poplar');
    await textHas(part(), 'The sender address must be an e-mail address such as ann@example.org');
    await part().getByRole('textbox', { name: 'Your address' }).fill(postfix.address('alice'));
    await part().getByRole('textbox', { name: 'Signature' }).fill('-- \nAlice');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved.' }));

    const api = await connectApi(serve);
    try {
      const [account] = await api.value<AccountView[]>('accounts.list');
      expect(account?.smtp).toEqual({
        host: '127.0.0.1',
        port: postfix.submissionPort,
        security: 'starttls',
        user: 'alice',
        samePassword: true,
        fingerprint: dovecot.serverCertFingerprint256,
        oauth2: false,
      });
      expect(account?.identity).toEqual({
        fromName: 'Alice Example',
        fromAddress: 'alice@poplar.test',
        replyTo: null,
        signature: '-- \nAlice',
      });
    } finally {
      api.close();
    }
    // After a reload the form shows what was saved.
    await page.reload();
    await openSettings();
    await expect.poll(() => part().getByRole('textbox', { name: 'Your address' }).inputValue()).toBe('alice@poplar.test');
  });

  it('warns before plain text is chosen', async () => {
    await part().getByRole('combobox', { name: 'Outgoing security' }).selectOption('none');
    await textHas(part().getByRole('alert'), 'Without encryption your password and the mail you send cross the network');
  });

  it('adds an account with an outgoing server: auto finds implicit TLS, tested with the password typed above', async () => {
    await page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('textbox', { name: 'Account name' }).fill('Bob');
    await page.getByRole('textbox', { name: 'Server', exact: true }).fill('127.0.0.1');
    await page.getByRole('combobox', { name: 'Security', exact: true }).selectOption('none');
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(dovecot.port));
    await page.getByRole('textbox', { name: 'User name', exact: true }).fill('bob');
    await page.getByLabel('Password', { exact: true }).fill(BOB_PASSWORD);

    await part().getByRole('checkbox', { name: 'Send mail from this account' }).check();
    await part().getByRole('textbox', { name: 'Outgoing server' }).fill('127.0.0.1');
    await part().getByRole('textbox', { name: 'Outgoing port' }).fill(String(postfix.tlsPort));
    await part().getByRole('textbox', { name: 'Your address' }).fill(postfix.address('bob'));
    // Automatic security is saved as what the test found: "Add account" says to test first.
    await page.locator('form').getByRole('button', { name: 'Add account' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Test the outgoing server first, or choose its security and port yourself.' }));

    await testButton().click();
    const panel = part().getByRole('alert').filter({ hasText: 'The server’s certificate is not trusted' });
    await visible(panel, seconds(20));
    await panel.getByRole('button', { name: 'Trust this certificate for this account' }).click();
    const ok = part().getByRole('status');
    await textHas(ok, 'Connected and logged in to the outgoing server', seconds(20));
    await textHas(ok, `TLS on port ${postfix.tlsPort}. Nothing was sent.`);

    await page.locator('form').getByRole('button', { name: 'Add account' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Bob' }), seconds(20));
    const api = await connectApi(serve);
    try {
      const bob = (await api.value<AccountView[]>('accounts.list')).find((a) => a.name === 'Bob');
      expect(bob?.smtp).toEqual({
        host: '127.0.0.1',
        port: postfix.tlsPort,
        security: 'tls',
        user: 'bob',
        samePassword: true,
        fingerprint: dovecot.serverCertFingerprint256,
        oauth2: false,
      });
      expect(bob?.identity).toMatchObject({ fromName: '', fromAddress: 'bob@poplar.test' });
    } finally {
      api.close();
    }
  });
});
