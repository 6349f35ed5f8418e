// The composer's and the outbox's channels on a real profile (SQLite, message files) filled by
// a real check of the scripted POP3 server; the outgoing server is a closed loopback port, so
// the engine's sender meets a real refused connection.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PoplarError } from '../../shared/contract.ts';
import type { DraftInput, DraftView } from '../../shared/compose-contract.ts';
import { seconds } from '../../tests/support/timeouts.ts';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { ATTACHMENT_BYTES, RICH_MESSAGE } from './fixtures/mail.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A submission server of a few lines (RFC 5321 §4.1, RFC 1870 SIZE): announces SIZE `limit`,
 * takes every message, and keeps what DATA carried. Beside Postfix (the dovecot tier) so the
 * unit tier sees the sender's success path and the SIZE it learns.
 */
async function tinySmtp(limit: number): Promise<{ port: number; received: Buffer[]; close(): Promise<void> }> {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    let data: Buffer[] | null = null;
    let pending = '';
    socket.write('220 tiny ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      if (data !== null) {
        data.push(chunk);
        const all = Buffer.concat(data);
        if (all.subarray(-5).toString('latin1') === '\r\n.\r\n') {
          received.push(all.subarray(0, all.length - 3));
          data = null;
          socket.write('250 2.0.0 queued as TINY\r\n');
        }
        return;
      }
      pending += chunk.toString('latin1');
      let end;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, end).toUpperCase();
        pending = pending.slice(end + 2);
        if (line.startsWith('EHLO')) socket.write(`250-tiny\r\n250 SIZE ${limit}\r\n`);
        else if (line.startsWith('DATA')) {
          data = pending === '' ? [] : [Buffer.from(pending, 'latin1')];
          pending = '';
          socket.write('354 go on\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const identity = { fromName: 'Ann', fromAddress: 'ann@example.net', replyTo: null, signature: 'Ann\nexample.net' };

async function withAccount(smtp: boolean, smtpPort?: number): Promise<{ accountId: number; messageId: number }> {
  f = await engineFixture({ messages: [{ uidl: 'rich', body: RICH_MESSAGE }] });
  const port = smtpPort ?? (await closedPort());
  const account = await f.addAccount({
    identity,
    ...(smtp ? { smtp: { host: '127.0.0.1', port, security: 'none', user: null, samePassword: true, fingerprint: null } } : {}),
  });
  const page = await f.call('messages.page', { accountId: account.id, folder: 'inbox', offset: 0, limit: 10 });
  return { accountId: account.id, messageId: page.items[0]?.id ?? 0 };
}

/** A draft as 'drafts.save' takes it back: the text fields only. */
function inputOf(d: DraftView): DraftInput {
  return {
    id: d.id,
    accountId: d.accountId,
    to: [...d.to],
    cc: [...d.cc],
    bcc: [...d.bcc],
    subject: d.subject,
    text: d.text,
    html: d.html,
    inReplyTo: d.inReplyTo,
    references: [...d.references],
  };
}

async function refusal(promise: Promise<unknown>): Promise<PoplarError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PoplarError)) throw new Error(`expected a PoplarError, got ${String(error)}`);
  return error;
}

describe('drafts', () => {
  it('saves, lists, attaches and detaches; a save keeps the attachments', async () => {
    const { accountId } = await withAccount(false);
    const draft = await f.call('compose.new', accountId);
    expect(draft.text).toBe('\n\n-- \nAnn\nexample.net');
    const saved = await f.call('drafts.save', {
      id: draft.id,
      accountId,
      to: [{ name: 'Bob', address: 'bob@example.net' }],
      cc: [],
      bcc: [],
      subject: 'Hello',
      text: 'Hi Bob',
      html: null,
      inReplyTo: null,
      references: [],
    });
    expect(saved.id).toBe(draft.id);
    const attached = await f.call('drafts.attach', draft.id, {
      filename: 'a.bin',
      contentType: 'application/octet-stream',
      base64: ATTACHMENT_BYTES.toString('base64'),
    });
    expect(attached.attachments).toEqual([{ filename: 'a.bin', contentType: 'application/octet-stream', size: ATTACHMENT_BYTES.length }]);
    await f.call('drafts.save', { ...inputOf(await f.call('drafts.get', draft.id)), subject: 'Hello again' });
    const again = await f.call('drafts.get', draft.id);
    expect(again).toMatchObject({ subject: 'Hello again', text: 'Hi Bob', attachments: [{ filename: 'a.bin' }] });
    expect((await f.call('drafts.detach', draft.id, 0)).attachments).toEqual([]);
    expect((await f.call('drafts.list', null)).map((d) => d.id)).toEqual([draft.id]);
    expect((await f.call('folders.list')).counts[0]).toMatchObject({ drafts: 1, outbox: 0 });
    expect((await refusal(f.call('drafts.detach', draft.id, 0))).code).toBe('not-found');
    await f.call('drafts.remove', draft.id);
    expect((await refusal(f.call('drafts.get', draft.id))).code).toBe('not-found');
  });

  it('replies to all, forwards inline with the attachments and as the exact message', async () => {
    const { accountId, messageId } = await withAccount(false);
    const reply = await f.call('compose.reply', messageId, true);
    expect(reply.subject).toBe('Re: Quarterly figures okapi');
    // Ann is the user (her identity): left out of reply all (shared/compose/recipients.ts).
    expect(reply.to.map((a) => a.address)).toEqual(['grace@example.org', 'bob@example.net']);
    expect(reply.cc.map((a) => a.address)).toEqual(['carol@example.net']);
    expect(reply.inReplyTo).toBe('<rich-1@poplar.test>');
    expect(reply.text).toContain('> The figures are attached, walrus.');
    expect(reply.text.startsWith('\n\n-- \nAnn\nexample.net')).toBe(true);

    const inline = await f.call('compose.forward', messageId, 'inline');
    expect(inline.subject).toBe('Fwd: Quarterly figures okapi');
    expect(inline.attachments).toEqual([{ filename: 'report 2026.pdf', contentType: 'application/pdf', size: ATTACHMENT_BYTES.length }]);
    const attached = await f.call('compose.forward', messageId, 'attachment');
    expect(attached.attachments).toEqual([
      { filename: 'Quarterly figures okapi.eml', contentType: 'message/rfc822', size: Buffer.byteLength(RICH_MESSAGE) },
    ]);
    expect((await f.call('drafts.list', accountId)).length).toBe(3);
  });

  it('makes a draft of a mailto: link (RFC 6068), ignoring headers it does not take', async () => {
    const { accountId } = await withAccount(false);
    const d = await f.call(
      'compose.mailto',
      accountId,
      'mailto:bob@example.net,carol@example.net?cc=dan@example.net&subject=Caf%C3%A9%20a+b&body=line%201%0D%0Aline%202&x-evil=1&From=me@evil',
    );
    expect(d.to.map((a) => a.address)).toEqual(['bob@example.net', 'carol@example.net']);
    expect(d.cc.map((a) => a.address)).toEqual(['dan@example.net']);
    expect(d.subject).toBe('Café a+b');
    expect(d.text).toBe('line 1\nline 2\n\n-- \nAnn\nexample.net');
    expect((await refusal(f.call('compose.mailto', accountId, 'mailto:%ZZ'))).code).toBe('invalid-argument');
  });

  it('completes addresses from stored messages, most used first', async () => {
    await withAccount(false);
    const found = await f.call('compose.addresses', 'car', 10);
    expect(found).toEqual([{ name: 'Carol', address: 'carol@example.net' }]);
    expect((await f.call('compose.addresses', 'hopper', 10)).map((a) => a.address)).toEqual(['grace@example.org']);
  });
});

describe('outbox', () => {
  it('refuses with words: no outgoing server, no recipient, a bad address', async () => {
    const { accountId } = await withAccount(false);
    const d = await f.call('compose.new', accountId);
    expect((await refusal(f.call('outbox.send', d.id, 0))).message).toMatch(/no outgoing server/);
    expect((await f.call('drafts.list', accountId)).length).toBe(1);
  });

  it(
    'queues in one step, retries an unreachable server, and cancels back to a draft',
    async () => {
      const { accountId } = await withAccount(true);
      const d = await f.call('compose.new', accountId);
      const base = { id: d.id, accountId, cc: [], bcc: [], subject: 'S', text: 'T', html: null, inReplyTo: null, references: [] };
      await f.call('drafts.save', { ...base, to: [] });
      expect((await refusal(f.call('outbox.send', d.id, 0))).message).toMatch(/add a recipient/);
      await f.call('drafts.save', { ...base, to: [{ name: '', address: 'not an address' }] });
      expect((await refusal(f.call('outbox.send', d.id, 0))).message).toMatch(/"not an address" is not an email address/);
      await f.call('drafts.save', {
        ...base,
        to: [{ name: 'Bob', address: 'bob@example.net' }],
        bcc: [{ name: '', address: 'hid@example.net' }],
      });
      const waited = f.next('outbox.changed', (e) => e.state === 'retry');
      const queued = await f.call('outbox.send', d.id, 0);
      expect(queued).toMatchObject({ state: 'queued', subject: 'S', to: ['bob@example.net', 'hid@example.net'] });
      expect(await f.call('drafts.list', accountId)).toEqual([]);
      await waited;
      const [item] = await f.call('outbox.list', accountId);
      expect(item).toMatchObject({ state: 'retry', attempts: 1, problem: expect.stringMatching(/could not be reached/) });
      expect(item?.nextAttemptAt).toBeGreaterThan(Date.now());
      expect((await f.call('folders.list')).counts[0]).toMatchObject({ outbox: 1, outboxProblems: 0, drafts: 0 });
      const back = await f.call('outbox.cancel', queued.id);
      expect(back).toMatchObject({
        subject: 'S',
        text: 'T\n',
        to: [{ name: 'Bob', address: 'bob@example.net' }],
        bcc: [{ address: 'hid@example.net' }],
      });
      expect(await f.call('outbox.list', null)).toEqual([]);
      expect((await refusal(f.call('outbox.retry', queued.id))).code).toBe('not-found');
    },
    seconds(30),
  );

  it(
    'sends, keeps the exact bytes in Sent, and refuses a later draft over the SIZE the server announced',
    async () => {
      const smtp = await tinySmtp(20_000);
      try {
        const { accountId } = await withAccount(true, smtp.port);
        const d = await f.call('compose.new', accountId);
        await f.call('drafts.save', { ...inputOf(d), to: [{ name: 'Bob', address: 'bob@example.net' }], subject: 'Small' });
        const done = f.next('outbox.changed', (e) => e.state === 'sent');
        const queued = await f.call('outbox.send', d.id, 0);
        expect((await done).id).toBe(queued.id);
        const sent = await f.call('messages.page', { accountId, folder: 'sent', offset: 0, limit: 10 });
        expect(sent.items).toMatchObject([{ subject: 'Small', read: true, folder: 'sent' }]);
        // What the server received, after RFC 5321 §4.5.2 un-stuffing, is what Sent's file holds.
        const opened = await f.call('messages.get', sent.items[0]?.id ?? 0);
        expect(opened.text).toContain('-- \nAnn');
        expect(smtp.received).toHaveLength(1);
        expect(smtp.received[0]?.toString('latin1')).toContain('Subject: Small');
        expect((await f.call('folders.list')).counts[0]).toMatchObject({ sent: { total: 1, unread: 0 }, outbox: 0 });
        expect((await f.call('compose.addresses', 'bob', 5)).map((a) => a.address)).toEqual(['bob@example.net']);

        const big = await f.call('compose.new', accountId);
        await f.call('drafts.save', { ...inputOf(big), to: [{ name: 'Bob', address: 'bob@example.net' }], subject: 'Big' });
        await f.call('drafts.attach', big.id, {
          filename: 'a.bin',
          contentType: 'application/octet-stream',
          base64: ATTACHMENT_BYTES.toString('base64'),
        });
        expect((await refusal(f.call('outbox.send', big.id, 0))).message).toMatch(
          /^The message is 95 KB, larger than the 20 KB the outgoing server accepts: remove or shrink attachments\.$/,
        );
        expect((await f.call('drafts.list', accountId)).map((x) => x.id)).toEqual([big.id]);
      } finally {
        await smtp.close();
      }
    },
    seconds(30),
  );

  it(
    'holds a message for its undo-send time: taken back meanwhile it is a draft again and nothing was sent; else it goes after',
    async () => {
      const smtp = await tinySmtp(1_000_000);
      try {
        const { accountId } = await withAccount(true, smtp.port);
        const write = async (subject: string): Promise<number> => {
          const d = await f.call('compose.new', accountId);
          await f.call('drafts.save', { ...inputOf(d), to: [{ name: 'Bob', address: 'bob@example.net' }], subject });
          return d.id;
        };
        const held = await f.call('outbox.send', await write('Held'), 30);
        expect(held.state).toBe('queued');
        expect(held.nextAttemptAt).toBeGreaterThan(Date.now() + 25_000);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // a sender that ignored the hold would have sent it
        expect(smtp.received).toHaveLength(0);
        const back = await f.call('outbox.cancel', held.id);
        expect(back.subject).toBe('Held');
        expect(await f.call('outbox.list', accountId)).toEqual([]);

        const done = f.next('outbox.changed', (e) => e.state === 'sent');
        const started = Date.now();
        const short = await f.call('outbox.send', await write('After a second'), 1);
        expect((await done).id).toBe(short.id);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(smtp.received).toHaveLength(1);
        expect(smtp.received[0]?.toString('latin1')).toContain('Subject: After a second');
      } finally {
        await smtp.close();
      }
    },
    seconds(30),
  );
});
