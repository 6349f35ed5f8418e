// sync.* and diagnostics.get, with the events they cause, against the scripted server.
import { afterEach, describe, expect, it } from 'vitest';
import { lockRefusal } from '../../tests/support/scripted-pop3.ts';
import { engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { note } from './fixtures/mail.ts';
import { timeMark } from '../../shared/time-marks.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

const IN_USE = '-ERR [IN-USE] Mailbox is locked by another POP3 session.';

describe('sync.checkNow and sync.status', () => {
  it('checks at once and says what came of it; new mail is an event', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }] });
    const account = await f.addAccount();
    f.server.deliver({ uidl: 'n2', body: note(2) }, { uidl: 'n3', body: note(3) });
    const newMail = f.next('messages.new');
    expect(await f.call('sync.checkNow', account.id)).toEqual({ kind: 'done', outcome: 'ok', downloaded: 2, message: null });
    expect(await newMail).toEqual({ accountId: account.id, count: 2 });
    const [status] = await f.call('sync.status');
    expect(status).toMatchObject({
      accountId: account.id,
      lastOutcome: 'ok',
      banner: null,
      state: { kind: 'waiting', until: expect.any(Number) },
    });
    // The interval from the end of the check: about ten minutes (plus up to a minute of jitter).
    const until = status?.state.kind === 'waiting' ? status.state.until : 0;
    expect(until - (status?.lastCheckAt ?? 0)).toBeGreaterThanOrEqual(10 * 60_000);
    expect(until - (status?.lastCheckAt ?? 0)).toBeLessThanOrEqual(11 * 60_000);
    // Never two sessions on the mailbox.
    expect(f.server.maxConcurrentSessions).toBe(1);
  });

  it('a lock refusal: a banner with the diagnosis and the retry time, an event for it, and "not before" for another check', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }], rules: [lockRefusal(IN_USE, 'PASS', { session: 2 })] });
    const account = await f.addAccount();
    f.advance(30 * 60_000); // the refusal does not follow Poplar's own check closely
    const bannerEvent = f.next('diagnosis.changed', (d) => d.banner !== null);
    const result = await f.call('sync.checkNow', account.id);
    expect(result).toEqual({ kind: 'done', outcome: 'locked', downloaded: 0, message: 'Another program or device is using this mailbox' });

    const [status] = await f.call('sync.status');
    expect(status).toMatchObject({ lastOutcome: 'locked', state: { kind: 'backoff', reason: 'waiting longer after each failure' } });
    // The retry time travels as a mark that the window says in its own locale (shared/time-marks.ts).
    const until = status?.state.kind === 'backoff' ? status.state.until : NaN;
    expect(status?.banner).toBe(`Another program or device is using this mailbox. Poplar tries again at ${timeMark(until, 'day')}.`);
    expect(await bannerEvent).toEqual({ accountId: account.id, banner: status?.banner });

    const again = await f.call('sync.checkNow', account.id);
    expect(again).toMatchObject({ kind: 'not-before', reason: 'waiting longer after each failure' });
    expect(again.kind === 'not-before' && again.at).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(f.server.sessions()).toHaveLength(2);
  });

  it('"check now" inside the LOGIN-DELAY the first check learned: not before the last login plus the delay, and no connection', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }], loginDelaySeconds: 300 });
    const account = await f.addAccount(); // its first check learns LOGIN-DELAY 300 from CAPA
    for (let i = 0; i < 100 && (await f.call('sync.status'))[0]?.state.kind === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(f.server.sessions()).toHaveLength(1);
    const loginAt = f.server.sessions()[0]?.openedAt ?? 0;
    f.advance(60_000);
    const again = await f.call('sync.checkNow', account.id);
    expect(again).toMatchObject({ kind: 'not-before', reason: 'the server’s LOGIN-DELAY' });
    const at = again.kind === 'not-before' ? again.at : 0;
    expect(at).toBeGreaterThanOrEqual(loginAt + 300_000);
    expect(at).toBeLessThan(loginAt + 302_000);
    expect(f.server.sessions()).toHaveLength(1);
    // Once the delay is over, "check now" checks, and the server accepts the login.
    f.advance(at - loginAt - 60_000 + 1000);
    expect(await f.call('sync.checkNow', account.id)).toMatchObject({ kind: 'done', outcome: 'ok' });
    expect(f.server.sessions().map((x) => x.user)).toEqual(['ann', 'ann']);
  });

  it('pauseAll pauses every account and resumes them', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }] });
    const account = await f.addAccount();
    const paused = f.next('sync.changed', (s) => s.state.kind === 'paused');
    await f.call('sync.pauseAll', true);
    expect(await paused).toMatchObject({ accountId: account.id, state: { kind: 'paused', why: 'global' } });
    await f.call('sync.pauseAll', false);
    expect((await f.call('sync.status'))[0]?.state.kind).toBe('waiting');
  });
});

describe('diagnostics.get', () => {
  it('explains the refusal with evidence, the day’s sessions, the redacted transcript and the report', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }], rules: [lockRefusal(IN_USE, 'PASS', { session: 2 })] });
    const account = await f.addAccount();
    f.advance(30 * 60_000);
    await f.call('sync.checkNow', account.id);
    const d = await f.call('diagnostics.get', account.id);
    expect(d).toMatchObject({
      cause: 'other-client',
      title: 'Another program or device is using this mailbox',
      nextCheckAt: expect.any(Number),
    });
    expect(d.evidence.join('\n')).toMatch(/QUIT/);
    expect(d.sessions.map((s) => [s.endedBy, s.errorCode, s.downloaded])).toEqual([
      ['lock-refused', 'mailbox-locked', 0],
      ['quit', null, 1],
    ]);
    const lines = d.transcript.map((t) => `${t.dir} ${t.line}`);
    expect(lines).toContain(`S ${IN_USE}`);
    expect(lines).toContain('C PASS [redacted]');
    expect(JSON.stringify(d)).not.toContain('pw-ann');
    expect(d.report).toContain('Home (localhost:'); // the mailbox key: 127.0.0.1 is written localhost (shared/mailbox-key.ts)
    expect(d.report).toContain('[cause: other-client]');
  });

  it('for an account that worked, says so', async () => {
    f = await engineFixture({ messages: [{ uidl: 'n1', body: note(1) }] });
    const account = await f.addAccount();
    expect(await f.call('diagnostics.get', account.id)).toMatchObject({ cause: 'none', title: 'The last check worked', transcript: [] });
  });
});
