// messages.* against a profile filled by a real check of the scripted server.
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { ATTACHMENT_BYTES, IMAGE_BYTES, IMAGE_CID, note, RICH_MESSAGE } from './fixtures/mail.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

const inbox = { accountId: null, folder: 'inbox' as const, offset: 0, limit: 50 };

describe('messages.page', () => {
  it('pages newest first with the total, and searches the full-text index', async () => {
    f = await engineFixture({ messages: Array.from({ length: 25 }, (_, i) => ({ uidl: `n${i + 1}`, body: note(i + 1) })) });
    const account = await f.addAccount();
    const first = await f.call('messages.page', { ...inbox, accountId: account.id, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map((m) => m.subject)).toEqual(Array.from({ length: 10 }, (_, i) => `Note ${25 - i}`));
    const third = await f.call('messages.page', { ...inbox, offset: 20, limit: 10 });
    expect(third).toMatchObject({ total: 25 });
    expect(third.items.map((m) => m.subject)).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
    expect(third.items[0]).toEqual({
      id: expect.any(Number),
      accountId: account.id,
      fromName: 'Ada',
      fromAddress: 'ada@example.org',
      subject: 'Note 5',
      date: Date.UTC(2026, 10, 1) + 5 * 3_600_000,
      snippet: 'Body of note 5: word5.',
      size: expect.any(Number),
      hasAttachments: false,
      read: false,
      partial: false,
      flagged: false,
      folder: 'inbox',
      threadId: expect.any(Number),
      conversation: null,
    });

    const found = await f.call('messages.page', { ...inbox, search: 'word17' });
    expect(found.total).toBe(1);
    expect(found.items.map((m) => m.subject)).toEqual(['Note 17']);
    // Prefix match, several words all required, and punctuation is just text.
    expect((await f.call('messages.page', { ...inbox, search: 'note wor' })).total).toBe(25);
    // FTS5 operators typed by the user are words: "OR" is not an operator here (else 2 would match).
    expect((await f.call('messages.page', { ...inbox, search: 'word3 OR word4' })).total).toBe(0);
    expect((await f.call('messages.page', { ...inbox, search: '"word3" (note' })).total).toBe(1);
    expect((await f.call('messages.page', { ...inbox, search: '   ' })).total).toBe(25);
    expect(await f.call('messages.page', { ...inbox, accountId: account.id + 1 })).toEqual({ total: 0, items: [] });
  });
});

describe('messages.markRead / delete', () => {
  it('marks read and unread, and moves to Trash and back out of the Inbox', async () => {
    f = await engineFixture({ messages: Array.from({ length: 4 }, (_, i) => ({ uidl: `n${i + 1}`, body: note(i + 1) })) });
    const account = await f.addAccount();
    const ids = (await f.call('messages.page', inbox)).items.map((m) => m.id);
    const [a, b, c] = ids as [number, number, number];
    await f.call('messages.markRead', [a, b], true);
    expect((await f.call('accounts.list'))[0]?.unread).toBe(2);
    await f.call('messages.markRead', [b], false);
    expect((await f.call('messages.page', inbox)).items.filter((m) => m.read).map((m) => m.id)).toEqual([a]);

    await f.call('messages.delete', [b, c]);
    const after = await f.call('messages.page', inbox);
    expect(after.total).toBe(2);
    expect(after.items.map((m) => m.id)).not.toContain(b);
    const trash = await f.call('messages.page', { ...inbox, folder: 'trash' });
    expect(trash.items.map((m) => m.id)).toEqual([b, c]);
    // Trash does not count towards unread.
    expect((await f.call('accounts.list')).find((x) => x.id === account.id)?.unread).toBe(1);
    // Ids that are gone are skipped, not refused; the answer holds what changed, as it was.
    expect(await f.call('messages.markRead', [a, 9999], false)).toEqual({
      before: [{ id: a, folder: 'inbox', read: true, flagged: false }],
    });
  });
});

describe('messages.get and attachments', () => {
  it('reads the stored message: addresses, text, raw HTML, attachments with ids', async () => {
    f = await engineFixture({ messages: [{ uidl: 'rich', body: RICH_MESSAGE }] });
    await f.addAccount();
    const [summary] = (await f.call('messages.page', inbox)).items;
    expect(summary).toMatchObject({ subject: 'Quarterly figures okapi', hasAttachments: true });
    const m = await f.call('messages.get', summary?.id ?? 0);
    expect(m).toMatchObject({
      fromName: 'Grace Hopper',
      fromAddress: 'grace@example.org',
      to: [
        { name: 'Ann', address: 'ann@example.net' },
        { name: 'Bob', address: 'bob@example.net' },
      ],
      cc: [{ name: 'Carol', address: 'carol@example.net' }],
      parseError: null,
      remoteContentAllowed: false,
    });
    expect(m.text).toContain('The figures are attached, walrus.');
    // Raw: the cid: reference and the remote image are still there; the renderer sanitises.
    expect(m.html).toContain(`src="cid:${IMAGE_CID}"`);
    expect(m.html).toContain('https://tracker.example/pixel.gif');
    expect(m.attachments).toEqual([
      {
        id: expect.any(Number),
        filename: 'logo.png',
        contentType: 'image/png',
        size: IMAGE_BYTES.length,
        contentId: IMAGE_CID,
        inline: true,
      },
      {
        id: expect.any(Number),
        filename: 'report 2026.pdf',
        contentType: 'application/pdf',
        size: ATTACHMENT_BYTES.length,
        contentId: null,
        inline: false,
      },
    ]);
    expect(JSON.stringify(m)).not.toMatch(/"path"|\.eml|"uidl"/);
  });

  it('streams exactly the decoded bytes of one attachment, and of an inline part by Content-ID', async () => {
    f = await engineFixture({ messages: [{ uidl: 'rich', body: RICH_MESSAGE }] });
    await f.addAccount();
    const [summary] = (await f.call('messages.page', inbox)).items;
    const m = await f.call('messages.get', summary?.id ?? 0);
    const pdf = m.attachments.find((a) => a.filename === 'report 2026.pdf');
    const part = await f.engine.attachment(m.id, pdf?.id ?? 0);
    expect(part).toMatchObject({ filename: 'report 2026.pdf', contentType: 'application/pdf', size: ATTACHMENT_BYTES.length });
    expect((await buffer(must(part).stream)).equals(ATTACHMENT_BYTES)).toBe(true);

    const image = await f.engine.inlinePart(m.id, IMAGE_CID);
    expect(image).toMatchObject({ contentType: 'image/png' });
    expect((await buffer(must(image).stream)).equals(IMAGE_BYTES)).toBe(true);

    expect(await f.engine.attachment(m.id, 99_999)).toBeNull();
    expect(await f.engine.attachment(99_999, pdf?.id ?? 0)).toBeNull();
    expect(await f.engine.inlinePart(m.id, 'nope@poplar.test')).toBeNull();
  });

  it('a consumer that stops reading early ends the parse without an error', async () => {
    f = await engineFixture({ messages: [{ uidl: 'rich', body: RICH_MESSAGE }] });
    await f.addAccount();
    const [summary] = (await f.call('messages.page', inbox)).items;
    const m = await f.call('messages.get', summary?.id ?? 0);
    const part = await f.engine.attachment(m.id, m.attachments[1]?.id ?? 0);
    const closed = new Promise((resolve) => must(part).stream.once('close', resolve));
    must(part).stream.destroy();
    await closed;
    // The file can be read again at once: nothing was left half-open.
    const again = await f.engine.attachment(m.id, m.attachments[1]?.id ?? 0);
    expect((await buffer(must(again).stream)).length).toBe(ATTACHMENT_BYTES.length);
  });
});

describe('messages.allowRemoteContent', () => {
  it('allows one message, or every message from its sender', async () => {
    f = await engineFixture({
      messages: [
        { uidl: 'a', body: note(1, 'ada@example.org') },
        { uidl: 'b', body: note(2, 'ADA@example.org') },
        { uidl: 'c', body: note(3, 'eve@example.org') },
      ],
    });
    await f.addAccount();
    const items = (await f.call('messages.page', inbox)).items;
    const byFrom = (subject: string) => items.find((m) => m.subject === subject)?.id ?? 0;
    const allowed = async () =>
      Promise.all(['Note 1', 'Note 2', 'Note 3'].map(async (s) => (await f.call('messages.get', byFrom(s))).remoteContentAllowed));
    expect(await allowed()).toEqual([false, false, false]);
    await f.call('messages.allowRemoteContent', byFrom('Note 3'), 'message');
    expect(await allowed()).toEqual([false, false, true]);
    await f.call('messages.allowRemoteContent', byFrom('Note 1'), 'sender');
    // The sender is the address, whatever its case.
    expect(await allowed()).toEqual([true, true, true]);
    expect(await f.raw('messages.allowRemoteContent', [4242, 'sender'])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
