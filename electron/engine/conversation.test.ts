// messages.conversation against a profile filled by a real check of the scripted server: the
// thread oldest first without its Trash, and a message opened in the Trash alone.
import { afterEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

/** Message n of one thread: each replies to the one before (References / In-Reply-To). */
function reply(n: number): string {
  const date = new Date(Date.UTC(2026, 10, 1) + n * 3_600_000).toUTCString().replace('GMT', '+0000');
  const parent = n > 1 ? [`In-Reply-To: <party-${n - 1}@poplar.test>`, `References: <party-${n - 1}@poplar.test>`] : [];
  return [
    'From: Ada <ada@example.org>',
    'To: ann@example.net',
    `Subject: ${n > 1 ? 'Re: ' : ''}Party`,
    `Date: ${date}`,
    `Message-ID: <party-${n}@poplar.test>`,
    ...parent,
    '',
    `Part ${n}.`,
    '',
  ].join('\r\n');
}

const inbox = { accountId: null, folder: 'inbox' as const, offset: 0, limit: 50 };

describe('messages.conversation', () => {
  it('lists the thread oldest first without its Trash; a message in the Trash is its own conversation', async () => {
    f = await engineFixture({ messages: [1, 2, 3].map((n) => ({ uidl: `p${n}`, body: reply(n) })) });
    await f.addAccount();
    const ids = (await f.call('messages.page', inbox)).items.map((m) => m.id); // newest first
    const [third, second, first] = ids as [number, number, number];
    expect((await f.call('messages.conversation', third)).map((m) => m.id)).toEqual([first, second, third]);

    await f.call('messages.delete', [second]);
    expect((await f.call('messages.conversation', first)).map((m) => m.id)).toEqual([first, third]);
    const trashed = await f.call('messages.conversation', second);
    expect(trashed.map((m) => [m.id, m.folder])).toEqual([[second, 'trash']]);
  });
});
