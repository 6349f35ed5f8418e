// The demo mailbox through Poplar's own POP3 client: a whole session works, every message
// parses cleanly, the message kinds the demo promises are there, and the lock behaves like
// a real server's (a second session and `hold` are refused as 'mailbox-locked').
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client, type Pop3ClientOptions } from '../pop3/client.ts';
import { Pop3Error } from '../pop3/errors.ts';
import type { BodyConsumer } from '../pop3/reader.ts';
import { Secret } from '../secrets/secret.ts';
import { parseMessageFile, type ParsedMessage } from '../mime/parse.ts';
import { demoMessages } from './content/catalog.ts';
import { must } from './fixtures/must.ts';
import { startDemoMailbox, type DemoMailbox } from './mailbox.ts';

const NOW = Date.UTC(2025, 4, 20, 9, 30);
const now = (): number => NOW;

function options(mailbox: DemoMailbox): Pop3ClientOptions {
  return {
    host: mailbox.host,
    port: mailbox.port,
    security: 'none',
    auth: 'user',
    credentials: { kind: 'password', user: mailbox.user, password: new Secret(mailbox.password) },
    connectBudgetMs: 2000,
    idleTimeoutMs: 2000,
  };
}

function collect(): { consume: BodyConsumer; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  return { consume: (chunk) => void chunks.push(Buffer.from(chunk)), bytes: () => Buffer.concat(chunks) };
}

async function failure(promise: Promise<unknown>): Promise<Pop3Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Pop3Error) return error;
    throw error;
  }
  throw new Error('expected a Pop3Error');
}

const mailboxes: DemoMailbox[] = [];
afterEach(async () => {
  await Promise.all(mailboxes.splice(0).map((mailbox) => mailbox.close()));
});

async function start(): Promise<DemoMailbox> {
  const mailbox = await startDemoMailbox({ now });
  mailboxes.push(mailbox);
  return mailbox;
}

describe('demo mailbox: every message through a real session', () => {
  let dir = '';
  const parsed: Array<{ uidl: string; raw: Buffer; message: ParsedMessage }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'poplar-demo-'));
    const mailbox = await startDemoMailbox({ now });
    try {
      const client = await Pop3Client.connect(options(mailbox));
      const uidls = await client.uidl();
      const bodies = new Map<number, ReturnType<typeof collect>>();
      await client.retrMany(
        uidls.map((u) => u.msg),
        (msg) => {
          const sink = collect();
          bodies.set(msg, sink);
          return sink.consume;
        },
        () => undefined,
      );
      expect((await client.quit()).acknowledged).toBe(true);
      for (const { msg, uidl } of uidls) {
        const raw = must(bodies.get(msg), `body of message ${msg}`).bytes();
        const file = join(dir, `${msg}.eml`);
        await writeFile(file, raw);
        parsed.push({ uidl, raw, message: await parseMessageFile(file) });
      }
    } finally {
      await mailbox.close();
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const find = (predicate: (m: ParsedMessage) => boolean): ParsedMessage[] => parsed.map((p) => p.message).filter(predicate);

  it('holds about fifty messages with unique UIDLs, received byte for byte (dot-stuffing undone)', () => {
    expect(parsed.length).toBeGreaterThanOrEqual(45);
    expect(parsed.length).toBeLessThanOrEqual(60);
    expect(new Set(parsed.map((p) => p.uidl)).size).toBe(parsed.length);
    const expected = demoMessages(NOW);
    expect(parsed.map((p) => p.raw)).toEqual(expected.map((m) => m.bytes));
    // Some of them do start lines with "." (RFC 1939 §3 byte-stuffing is exercised).
    expect(parsed.some((p) => /\r\n\./.test(p.raw.toString('latin1')))).toBe(true);
  });

  it('parses every message without a problem, dated within the two weeks before now', () => {
    for (const { uidl, message } of parsed) {
      expect.soft(message.parseError, uidl).toBeNull();
      expect.soft(message.date, uidl).not.toBeNull();
      expect.soft(message.date ?? 0, uidl).toBeLessThanOrEqual(NOW);
      expect.soft(message.date ?? 0, uidl).toBeGreaterThan(NOW - 14 * 24 * 3600_000);
      expect.soft(message.from[0]?.address ?? '', uidl).toMatch(/@([a-z0-9-]+\.)*example\.(com|org|net)$/);
    }
  });

  it('has a welcome message from the Poplar team that explains the demo', () => {
    const welcome = must(find((m) => m.from[0]?.name === 'Poplar team')[0], 'welcome message');
    expect(welcome.text).toContain('Check now');
    expect(welcome.text).toContain('[IN-USE] Mailbox is locked by another POP3 session.');
    expect(welcome.text).toMatch(/remote/i);
  });

  it('has an HTML newsletter with remote images and a tracking pixel', () => {
    const newsletters = find((m) => m.html !== null && /<img[^>]+src="https:\/\/images\.example\.com\//.test(m.html));
    expect(newsletters.length).toBeGreaterThanOrEqual(2);
    expect(newsletters.some((m) => /<img[^>]+src="https:\/\/track\.example\.net\/[^"]+"[^>]*width="1" height="1"/.test(m.html ?? ''))).toBe(
      true,
    );
    // One of them comes without a text alternative: its text is derived from the HTML.
    expect(newsletters.some((m) => m.text.includes('Weekend escapes'))).toBe(true);
  });

  it('has attachments: a PDF, a text file, a PNG photo, and an inline cid: image', () => {
    const attachments = parsed.flatMap((p) => p.message.attachments);
    expect(attachments).toContainEqual(
      expect.objectContaining({ contentType: 'application/pdf', filename: 'Solara-invoice-SE-48213.pdf', inline: false }),
    );
    expect(attachments).toContainEqual(
      expect.objectContaining({ contentType: 'text/plain', filename: 'planning-notes.txt', inline: false }),
    );
    expect(attachments).toContainEqual(expect.objectContaining({ contentType: 'image/png', filename: 'pier-sunset.png', inline: false }));
    const withCid = must(find((m) => m.attachments.some((a) => a.inline && a.contentId !== null))[0], 'message with a cid: image');
    const cid = must(withCid.attachments.find((a) => a.inline)?.contentId, 'Content-ID');
    expect(withCid.html).toContain(`src="cid:${cid}"`);
    expect(withCid.hasAttachments).toBe(false);
    const pdf = must(
      parsed.find((p) => p.message.attachments.some((a) => a.contentType === 'application/pdf')),
      'message with a PDF',
    );
    expect(pdf.message.hasAttachments).toBe(true);
  });

  it('decodes the non-English messages: ISO-8859-1 QP, UTF-8 base64, ISO-2022-JP, RFC 2047 subjects', () => {
    const german = must(find((m) => m.subject === 'Grüße aus München')[0], 'German message');
    expect(german.text).toContain('Schöne Grüße');
    expect(german.attachments.map((a) => a.filename)).toEqual(['Wanderung-Übersicht.txt']);
    const russian = must(find((m) => m.subject === 'Рецепт сырников, как обещала')[0], 'Russian message');
    expect(russian.from[0]?.name).toBe('Анна Соколова');
    expect(russian.text).toContain('творога');
    const japanese = must(find((m) => m.subject === 'お花見のお知らせ')[0], 'Japanese message');
    expect(japanese.from[0]?.name).toBe('田中 由紀');
    expect(japanese.text).toContain('桜の木の下です');
    expect(find((m) => m.subject === 'Café samedi ? ☕')).toHaveLength(1);
  });

  it('has a long thread linked by In-Reply-To and References, with quoted text', () => {
    const thread = find((m) => m.subject.endsWith('Summer party at the allotments'));
    expect(thread.length).toBeGreaterThanOrEqual(6);
    const byId = new Map(thread.map((m) => [m.messageId, m]));
    const [first, ...replies] = thread;
    expect(must(first).inReplyTo).toBeNull();
    for (const reply of replies) {
      const parent = must(byId.get(reply.inReplyTo), `parent of ${reply.messageId}`);
      expect(reply.references).toContain(must(first).messageId);
      expect(reply.text).toMatch(/^> /m);
      expect(parent.date ?? Infinity).toBeLessThan(reply.date ?? 0);
    }
  });
});

describe('demo mailbox: the lock, hold, and deletions', () => {
  it('refuses a second concurrent session as mailbox-locked, and lets it in after QUIT', async () => {
    const mailbox = await start();
    const first = await Pop3Client.connect(options(mailbox));
    const error = await failure(Pop3Client.connect(options(mailbox)));
    expect(error.code).toBe('mailbox-locked');
    expect(error.responseCode).toBe('IN-USE');
    expect((await first.quit()).acknowledged).toBe(true);
    const second = await Pop3Client.connect(options(mailbox));
    await second.quit();
  });

  it('hold(true) refuses every login as mailbox-locked until hold(false)', async () => {
    const mailbox = await start();
    mailbox.hold(true);
    expect(mailbox.held()).toBe(true);
    for (let i = 0; i < 2; i++) {
      const error = await failure(Pop3Client.connect(options(mailbox)));
      expect(error.code).toBe('mailbox-locked');
      expect(error.serverText).toBe('Mailbox is locked by another POP3 session.');
    }
    mailbox.hold(false);
    expect(mailbox.held()).toBe(false);
    const client = await Pop3Client.connect(options(mailbox));
    await client.quit();
  });

  it('refuses a wrong password as auth-failed', async () => {
    const mailbox = await start();
    const wrong = { ...options(mailbox), credentials: { kind: 'password' as const, user: mailbox.user, password: new Secret('not it') } };
    expect((await failure(Pop3Client.connect(wrong))).code).toBe('auth-failed');
  });

  it('DELE then QUIT removes the message for good', async () => {
    const mailbox = await start();
    const client = await Pop3Client.connect(options(mailbox));
    const before = await client.stat();
    const first = must((await client.uidl())[0]);
    await client.dele(first.msg);
    expect((await client.quit()).acknowledged).toBe(true);
    const again = await Pop3Client.connect(options(mailbox));
    expect((await again.stat()).count).toBe(before.count - 1);
    expect((await again.uidl()).map((u) => u.uidl)).not.toContain(first.uidl);
    await again.quit();
  });

  it('deliver() adds a message the next session sees', async () => {
    const mailbox = await start();
    const before = await Pop3Client.connect(options(mailbox));
    const count = (await before.stat()).count;
    await before.quit();
    const delivered = mailbox.deliver();
    expect(delivered.subject).not.toBe('');
    const after = await Pop3Client.connect(options(mailbox));
    const uidls = await after.uidl();
    expect(uidls).toHaveLength(count + 1);
    expect(uidls.at(-1)?.uidl).toBe(delivered.uidl);
    const sink = collect();
    await after.retr(count + 1, sink.consume);
    expect(sink.bytes().toString('latin1')).toContain(`Subject: ${delivered.subject}`);
    await after.quit();
    expect(mailbox.deliver().uidl).not.toBe(delivered.uidl);
  });
});
