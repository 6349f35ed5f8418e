// The engine and the analysis workers: the window hears when listed messages are analysed, and
// a message opened before the workers reached it is analysed there and then, parts included.
import { afterEach, describe, expect, it } from 'vitest';
import { storeListed } from '../analysis/fixtures/listed-message.ts';
import { listAccounts } from '../store/accounts.ts';
import { unanalysedCount } from '../store/fixtures/inspect.ts';
import { openProfile } from '../store/profile.ts';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { RICH_MESSAGE, note } from './fixtures/mail.ts';
import { seconds } from '../../tests/support/timeouts.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

describe('engine and analysis', () => {
  it('tells the window, in one event, that the messages of a check were analysed', async () => {
    f = await engineFixture({ messages: Array.from({ length: 30 }, (_, i) => ({ uidl: `n${i}`, body: note(i + 1) })) });
    await f.addAccount(); // waits until every message is analysed
    // On a busy machine the workers may finish in more than one turn, each told in its own event.
    const told = (): number[] => f.events.flatMap((e) => (e.event === 'messages.analysed' ? [e.payload.count] : []));
    const sum = (): number => told().reduce((a, b) => a + b, 0);
    const until = Date.now() + seconds(10);
    while (sum() < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(sum()).toBe(30);
    expect(told().length).toBeLessThan(30);
  });

  it('a message opened before its analysis is analysed on opening: text, parts and snippet', async () => {
    f = await engineFixture({ messages: [{ uidl: 'first', body: note(1) }] });
    await f.addAccount();
    // A row as a download commits it (file durable, headers read), that no worker has reached yet.
    const profile = openProfile(f.profileDir);
    let id: number;
    try {
      const account = listAccounts(profile.db)[0];
      if (account === undefined) throw new Error('no account');
      id = await storeListed(profile, account.id, Buffer.from(RICH_MESSAGE), 'rich');
    } finally {
      profile.close();
    }
    expect(unanalysedCount(f.profileDir)).toBe(1);
    const listed = (await f.call('messages.page', { accountId: null, folder: 'inbox', offset: 0, limit: 10 })).items.find(
      (m) => m.id === id,
    );
    expect(listed).toMatchObject({ subject: 'Quarterly figures okapi', snippet: '' });
    const m = await f.call('messages.get', id);
    expect(m.text).toContain('The figures are attached, walrus.');
    expect(m.attachments.map((a) => a.filename)).toContain('report 2026.pdf');
    expect(unanalysedCount(f.profileDir)).toBe(0);
    const after = (await f.call('messages.page', { accountId: null, folder: 'inbox', offset: 0, limit: 10 })).items.find(
      (m) => m.id === id,
    );
    expect(after?.snippet).not.toBe('');
  });
});
