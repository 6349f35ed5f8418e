// messages.page without its count, messages.count beside it, and requests that a newer one with
// the same `supersedes` key overtook before they ran (search as you type).
import { afterEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { note } from './fixtures/mail.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

const inbox = { accountId: null, folder: 'inbox' as const, offset: 0, limit: 10 };

describe('messages.page and messages.count', () => {
  it('answers a page without counting when asked, and the count on its own', async () => {
    f = await engineFixture({ messages: Array.from({ length: 25 }, (_, i) => ({ uidl: `n${i + 1}`, body: note(i + 1) })) });
    await f.addAccount();
    const page = await f.call('messages.page', { ...inbox, count: false });
    expect(page.total).toBeNull();
    expect(page.items).toHaveLength(10);
    // A short page tells its total without a count; an empty one past the end does not.
    expect((await f.call('messages.page', { ...inbox, offset: 20, count: false })).total).toBe(25);
    expect((await f.call('messages.page', { ...inbox, offset: 40, count: false })).total).toBeNull();
    expect(await f.call('messages.count', { accountId: null, folder: 'inbox' })).toBe(25);
    expect(await f.call('messages.count', { accountId: null, folder: 'inbox', search: 'note' })).toBe(25);
    expect(await f.call('messages.count', { accountId: null, folder: 'trash' })).toBe(0);
  });

  it('skips a request that a newer one with its key overtook, and only that one', async () => {
    f = await engineFixture({ messages: Array.from({ length: 5 }, (_, i) => ({ uidl: `n${i + 1}`, body: note(i + 1) })) });
    await f.addAccount();
    // Sent back to back, as keystrokes queued while the engine was busy arrive. (Subject words:
    // they are found before and after the message's analysis.)
    const calls = [
      f.raw('messages.page', [{ ...inbox, search: 'no', supersedes: 'w1:first' }]),
      f.raw('messages.count', [{ accountId: null, folder: 'inbox', search: 'no', supersedes: 'w1:count' }]),
      f.raw('messages.page', [{ ...inbox, search: 'note', supersedes: 'w2:first' }]),
      f.raw('messages.page', [{ ...inbox, search: 'note 3', supersedes: 'w1:first' }]),
      f.raw('messages.count', [{ accountId: null, folder: 'inbox', search: 'note 3', supersedes: 'w1:count' }]),
    ];
    const [stale, staleCount, otherWindow, latest, latestCount] = await Promise.all(calls);
    expect(stale).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(staleCount).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(otherWindow).toMatchObject({ ok: true, value: { total: 5 } });
    expect(latest).toMatchObject({ ok: true, value: { total: 1 } });
    expect(latestCount).toEqual({ ok: true, value: 1 });
    // Nothing overtook this one: it runs.
    expect(await f.raw('messages.page', [{ ...inbox, search: 'note 2', supersedes: 'w1:first' }])).toMatchObject({
      ok: true,
      value: { total: 1 },
    });
    expect(f.log).toEqual([]);
  });
});
