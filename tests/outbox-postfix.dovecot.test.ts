// The outbox against a real Postfix delivering into a real Dovecot: a composed draft goes
// through the store and the sender, arrives once, and is byte for byte what the outbox keeps;
// a refused recipient fails in plain words; a server that is down leaves the item to retry.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendNextDue } from '../electron/engine/outbox.ts';
import { composeMessage, newMessageId } from '../electron/mime/compose.ts';
import { Secret } from '../electron/secrets/secret.ts';
import type { SmtpSettings } from '../electron/smtp/settings.ts';
import { addAccount } from '../electron/store/accounts.ts';
import { failureWords } from '../electron/store/outbox-states.ts';
import { enqueue, getItem } from '../electron/store/outbox.ts';
import { openProfile, type Profile } from '../electron/store/profile.ts';
import { accountSettings } from '../shared/fixtures/account-settings.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { retrieveAll } from './support/sent-mail.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Sm7p-Subm1ssion';

describeWithAll([DOVECOT, POSTFIX], 'the outbox against Postfix and Dovecot', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let settings: SmtpSettings;
  let dir: string;
  let profile: Profile;
  let account: number;

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: PASSWORD },
        { name: 'bob', password: PASSWORD },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'], messageSizeLimit: 200_000 });
    settings = {
      host: '127.0.0.1',
      port: postfix.submissionPort,
      security: 'starttls',
      user: 'ann',
      password: new Secret(PASSWORD),
      trust: { caPem: dovecot.caPem },
    };
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-outbox-postfix-'));
    profile = openProfile(dir);
    account = addAccount(profile.db, accountSettings(), 1).id;
  });

  afterAll(async () => {
    profile?.close();
    await postfix?.stop();
    await dovecot?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function queue(to: string, subject: string): Promise<number> {
    const from = postfix.address('ann');
    const composed = await composeMessage({
      from: { name: 'Ann Grüße', address: from },
      to: [{ name: 'Bob 山田', address: to }],
      cc: [],
      bcc: [],
      subject,
      text: 'Hallo Bob,\n\nGrüße aus dem Outbox-Test.\n',
      html: null,
      inReplyTo: null,
      references: [],
      attachments: [{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('attached words\n') }],
      messageId: newMessageId(from),
      date: Date.now(),
    });
    return enqueue(profile.db, account, composed, Date.now());
  }

  /** Every message delivered to `user` within the wait, downloaded and deleted. */
  async function downloadAll(user: string, wait: number): Promise<Buffer[]> {
    const until = Date.now() + wait;
    const got: Buffer[] = [];
    for (;;) {
      got.push(...(await retrieveAll({ port: dovecot.port, user, password: PASSWORD }, { dele: true })));
      if (got.length > 0 || Date.now() > until) return got;
      await sleep(300);
    }
  }

  it('sends a composed message once, and what arrives is the bytes the outbox keeps', async () => {
    const id = await queue(postfix.address('bob'), 'Größenänderung der Übersicht');
    const sent = await sendNextDue(profile.db, account, settings);
    expect(sent).toMatchObject({ id, state: 'sent', attempts: 1 });
    expect(await sendNextDue(profile.db, account, settings)).toBeNull();
    const arrived = await downloadAll('bob', seconds(8));
    expect(arrived).toHaveLength(1);
    const kept = getItem(profile.db, id)?.raw ?? Buffer.alloc(0);
    const text = arrived[0]?.toString('latin1') ?? '';
    // Postfix puts its trace headers (Return-Path, Delivered-To, Received) on top; the rest is ours.
    const firstLine = kept.toString('latin1').split('\r\n')[0] ?? '';
    expect(firstLine).not.toBe('');
    const ours = Buffer.from(text.slice(text.indexOf(firstLine)), 'latin1');
    expect(ours.toString('latin1')).toBe(kept.toString('latin1'));
    expect(ours.equals(kept)).toBe(true);
  });

  it('fails a refused recipient in plain words, and does not try again', async () => {
    const id = await queue('nobody@poplar.test', 'refused');
    const item = await sendNextDue(profile.db, account, settings);
    expect(item).toMatchObject({ id, state: 'failed', failureKind: 'recipient-rejected' });
    expect(item?.failureResponse).toMatch(/^5\d\d /);
    expect(failureWords('recipient-rejected')).toBe('The mail server refused one or more recipients: check the addresses.');
    expect(await sendNextDue(profile.db, account, settings)).toBeNull();
  });

  it('leaves an item to retry when the server is down', async () => {
    const id = await queue(postfix.address('bob'), 'later');
    // Port 1 on loopback: nothing listens there (tcpmux is never run), so the connection is refused.
    const down = { ...settings, port: 1 };
    const item = await sendNextDue(profile.db, account, down);
    expect(item).toMatchObject({ id, state: 'retry', failureKind: 'unreachable', attempts: 1 });
    expect(item?.nextAttemptAt).toBeGreaterThan(Date.now());
  });
});
