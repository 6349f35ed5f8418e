import { describe, expect, it } from 'vitest';
import { channels, PoplarError, type PoplarApi } from '../../shared/contract.ts';
import { plainRefusal, withPlainErrors } from './plain-errors.ts';

describe('failures in words, without channel names', () => {
  it('says the rule an argument broke, without the channel or the argument’s place', () => {
    expect(plainRefusal('accounts.update: argument 2.port must be at least 1')).toBe('Port must be at least 1');
    expect(plainRefusal('messages.get: argument 1 must be a whole number')).toBe('A value must be a whole number');
    expect(plainRefusal('messages.page: argument 1.folder must be one of "inbox", "archive", "trash"')).toBe(
      'Folder must be one of "inbox", "archive", "trash"',
    );
  });

  it('rewrites refusals and unknown channels as they come back, and leaves other failures as they are', async () => {
    const failing = (error: Error): PoplarApi => ({ invoke: () => Promise.reject(error), on: () => () => {} });
    const refused = withPlainErrors(failing(new PoplarError('invalid-argument', 'messages.markRead: argument 2 must be true or false')));
    await expect(refused.invoke('messages.markRead', [1], true)).rejects.toMatchObject({
      code: 'invalid-argument',
      message: 'A value must be true or false',
    });
    const unknown = withPlainErrors(failing(new PoplarError('unknown-channel', 'there is no channel "messages.zap"')));
    const error: unknown = await unknown.invoke('accounts.list').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PoplarError);
    for (const name of Object.keys(channels)) expect((error as Error).message).not.toContain(name);
    const other = new PoplarError('not-found', 'That message is gone.');
    await expect(withPlainErrors(failing(other)).invoke('accounts.list')).rejects.toBe(other);
  });
});
