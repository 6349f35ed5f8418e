// The engine's boundary: every call is checked against the contract before a handler runs,
// answered with an envelope, and never throws.
import { afterEach, describe, expect, it } from 'vitest';
import { channels } from '../../shared/contract.ts';
import type { DemoMailbox } from './demo.ts';
import { accountInput, engineFixture, type EngineFixture } from './fixtures/engine-fixture.ts';
import { handlers } from './handlers.ts';

let f: EngineFixture;
afterEach(async () => {
  await f?.close();
});

describe('handle: arguments', () => {
  it('an unknown channel is unknown-channel', async () => {
    f = await engineFixture();
    expect(await f.raw('accounts.drop', [])).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'there is no channel "accounts.drop"' },
    });
    expect(await f.raw(42, [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    // Not a way into Object.prototype.
    expect(await f.raw('constructor', [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it.each([
    ['messages.get', ['7'], 'messages.get: argument 1 must be a whole number'],
    ['messages.get', [0], 'messages.get: argument 1 must be at least 1'],
    ['messages.get', [], 'messages.get: argument must be 1 argument, not 0'],
    ['messages.markRead', [[1, 2], 'yes'], 'messages.markRead: argument 2 must be true or false'],
    [
      'messages.page',
      [{ accountId: null, folder: 'spam', offset: 0, limit: 10 }],
      'messages.page: argument 1.folder must be one of "inbox", "archive", "trash", "sent"',
    ],
    [
      'messages.page',
      [{ accountId: null, folder: 'inbox', offset: 0, limit: 10, sql: 'DROP' }],
      'messages.page: argument 1.sql is not expected',
    ],
    ['accounts.update', [1, { interval: 5 }], 'accounts.update: argument 2.interval is not expected'],
    ['sync.pauseAll', 'true', 'sync.pauseAll: argument must be a list of arguments'],
  ])('%s %j is invalid-argument: %s', async (channel, args, message) => {
    f = await engineFixture();
    expect(await f.raw(channel, args)).toEqual({ ok: false, error: { code: 'invalid-argument', message } });
  });

  it('an account with a bad port or host is refused before anything is stored', async () => {
    f = await engineFixture();
    expect(await f.raw('accounts.add', [accountInput(0)])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/port must be at least 1/) },
    });
    expect(await f.raw('accounts.add', [accountInput(110, { host: 'mail server' })])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await f.raw('accounts.add', [accountInput(110, { name: '--' })])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/account name/) },
    });
    expect(await f.call('accounts.list')).toEqual([]);
  });

  it('every channel of the contract has a handler, and nothing else does', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(channels).sort());
  });
});

describe('handle: errors as envelopes', () => {
  it('what does not exist is not-found', async () => {
    f = await engineFixture();
    expect(await f.raw('messages.get', [99])).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'there is no message with id 99' },
    });
    expect(await f.raw('diagnostics.get', [5])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await f.raw('accounts.update', [5, { name: 'x' }])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await f.raw('accounts.remove', [5])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await f.raw('sync.checkNow', [5])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('demo.holdMailbox is unavailable without a demo mailbox', async () => {
    f = await engineFixture();
    expect(await f.raw('demo.holdMailbox', [true])).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/--demo/) },
    });
  });

  it('demo.holdMailbox holds and frees the demo mailbox', async () => {
    const held: boolean[] = [];
    const demo: DemoMailbox = {
      host: '127.0.0.1',
      port: 1,
      user: 'demo',
      password: 'demo',
      hold: (on) => void held.push(on),
      close: () => undefined,
    };
    f = await engineFixture({ demo });
    expect(await f.call('demo.holdMailbox', true)).toEqual({ held: true });
    expect(await f.call('demo.holdMailbox', false)).toEqual({ held: false });
    expect(held).toEqual([true, false]);
  });

  it('after stop, calls are unavailable rather than failures', async () => {
    f = await engineFixture();
    await f.engine.stop();
    expect(await f.raw('accounts.list', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // Arguments are still checked first.
    expect(await f.raw('accounts.list', [1])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
