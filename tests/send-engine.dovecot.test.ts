// Sending through the engine's channels (issue 15) against a real Postfix delivering into a
// real Dovecot: a draft is sent with 'outbox.send', the engine's own sender takes it, Sent
// keeps its exact bytes, and what Bob downloads by POP3 is those bytes under Postfix's trace
// headers. A refused recipient fails with words and is not tried again.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Events } from '../shared/contract.ts';
import { analysisWorkerScript } from '../electron/analysis/worker-script.ts';
import { engineClient } from '../electron/engine/client.ts';
import { createEngine, type Engine } from '../electron/engine/engine.ts';
import { MemorySecretStore } from '../electron/secrets/memory-store.ts';
import { addAccount } from '../electron/store/accounts.ts';
import { openProfile } from '../electron/store/profile.ts';
import { accountSettings } from '../shared/fixtures/account-settings.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { retrieveAll } from './support/sent-mail.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Sm7p-Subm1ssion';

describeWithAll([DOVECOT, POSTFIX], 'sending through the engine, Postfix and Dovecot', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let dir: string;
  let engine: Engine;
  let accountId: number;

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: PASSWORD },
        { name: 'bob', password: PASSWORD },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'], messageSizeLimit: 200_000 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-send-engine-'));
    const profile = openProfile(path.join(dir, 'profile'));
    accountId = addAccount(
      profile.db,
      accountSettings({
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        checkAtStartup: false,
        smtp: {
          host: '127.0.0.1',
          port: postfix.submissionPort,
          security: 'starttls',
          user: 'ann',
          passwordSource: { kind: 'prompt' },
          caFile: dovecot.caFile,
          fingerprint: null,
        },
        identity: { fromName: 'Ann Grüße', fromAddress: postfix.address('ann'), replyTo: null, signature: 'Ann' },
      }),
      Date.now(),
    ).id;
    profile.close();
    const secrets = new MemorySecretStore();
    await secrets.set(accountId, PASSWORD, 'smtp');
    engine = createEngine({
      profileDir: path.join(dir, 'profile'),
      lockDir: path.join(dir, 'locks'),
      secrets,
      log: () => undefined,
      analysisWorker: analysisWorkerScript(),
    });
    engine.start();
  }, seconds(60));

  afterAll(async () => {
    await engine?.stop();
    await postfix?.stop();
    await dovecot?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const call = (): ReturnType<typeof engineClient>['invoke'] => engineClient(engine).invoke;

  function settled(id: number): Promise<Events['outbox.changed']> {
    return new Promise((resolve) => {
      const off = engine.on('outbox.changed', (e) => {
        if (e.id !== id || e.state === 'queued' || e.state === 'sending') return;
        off();
        resolve(e);
      });
    });
  }

  async function draftTo(to: string, subject: string): Promise<number> {
    const d = await call()('compose.new', accountId);
    await call()('drafts.save', {
      id: d.id,
      accountId,
      cc: [],
      bcc: [],
      html: null,
      inReplyTo: null,
      references: [],
      to: [{ name: 'Bob 山田', address: to }],
      subject,
      text: `Hallo Bob,\n${d.text}`,
    });
    await call()('drafts.attach', d.id, {
      filename: 'notes.txt',
      contentType: 'text/plain',
      base64: Buffer.from('attached\n').toString('base64'),
    });
    return d.id;
  }

  async function downloadAll(user: string, wait: number): Promise<Buffer[]> {
    const until = Date.now() + wait;
    const got: Buffer[] = [];
    for (;;) {
      got.push(...(await retrieveAll({ port: dovecot.port, user, password: PASSWORD }, { dele: true })));
      if (got.length > 0 || Date.now() > until) return got;
      await sleep(300);
    }
  }

  it(
    'sends a draft once; Sent holds the exact bytes Bob downloads',
    async () => {
      const draft = await draftTo(postfix.address('bob'), 'Größenänderung');
      const queued = await call()('outbox.send', draft, 0);
      const ended = await settled(queued.id);
      expect(ended.state).toBe('sent');
      expect(await call()('drafts.list', accountId)).toEqual([]);
      expect(await call()('outbox.list', accountId)).toEqual([]);
      const page = await call()('messages.page', { accountId, folder: 'sent', offset: 0, limit: 10 });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ subject: 'Größenänderung', read: true, folder: 'sent' });
      const counts = (await call()('folders.list')).counts.find((c) => c.accountId === accountId);
      expect(counts).toMatchObject({ sent: { total: 1, unread: 0 }, drafts: 0, outbox: 0 });
      // A word of its body is found at once: the Sent row is analysed without waiting for a sync.
      const found = async (): Promise<number> =>
        (await call()('messages.page', { accountId, folder: 'sent', offset: 0, limit: 10, search: 'Hallo' })).items.length;
      await expect.poll(found, { timeout: seconds(20) }).toBe(1);
      // Sent's file, found by its row (a read-only look at the profile the engine writes).
      const db = new DatabaseSync(path.join(dir, 'profile', 'poplar.db'), { readOnly: true });
      const row = db.prepare('SELECT path, uidl FROM messages WHERE id = ?').get(page.items[0]?.id ?? 0) as {
        path: string;
        uidl: string | null;
      };
      db.close();
      expect(row.uidl).toBeNull();
      const kept = await readFile(path.join(dir, 'profile', 'messages', row.path));
      const arrived = await downloadAll('bob', seconds(10));
      expect(arrived).toHaveLength(1);
      const text = arrived[0]?.toString('latin1') ?? '';
      const firstLine = kept.toString('latin1').split('\r\n')[0] ?? '';
      const ours = Buffer.from(text.slice(text.indexOf(firstLine)), 'latin1');
      expect(ours.equals(kept)).toBe(true);
      expect(kept.toString('latin1')).toContain('notes.txt');
    },
    seconds(60),
  );

  it(
    'fails a refused recipient with words and the server answer, and does not try again',
    async () => {
      const draft = await draftTo('nobody@poplar.test', 'refused');
      const queued = await call()('outbox.send', draft, 0);
      expect((await settled(queued.id)).state).toBe('failed');
      const [item] = await call()('outbox.list', accountId);
      expect(item).toMatchObject({
        id: queued.id,
        state: 'failed',
        attempts: 1,
        problem: 'The mail server refused one or more recipients: check the addresses.',
      });
      expect(item?.serverResponse).toMatch(/^5\d\d /);
      const counts = (await call()('folders.list')).counts.find((c) => c.accountId === accountId);
      expect(counts).toMatchObject({ outbox: 1, outboxProblems: 1 });
      // Back to a draft, fixable.
      const back = await call()('outbox.cancel', queued.id);
      expect(back.to.map((a) => a.address)).toEqual(['nobody@poplar.test']);
      expect(back.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
    },
    seconds(60),
  );
});
