import { describe, expect, it } from 'vitest';
import type { Account, OutgoingServer } from '../../shared/account.ts';
import { accountSettings, OUTGOING } from '../../shared/fixtures/account-settings.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { headlessSmtpPasswords, storeSmtpPasswords } from './account-smtp.ts';

function withOutgoing(passwordSource: OutgoingServer['passwordSource']): Account {
  return { ...accountSettings(), id: 7, mailboxKey: 'pop.example.com:995:ann', createdAt: 1, smtp: { ...OUTGOING, passwordSource } };
}

describe('the engine’s outgoing password lookup', () => {
  it('uses a password typed in the window when the account asks for one', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(7, 'typed-in-window', 'smtp');
    const lookup = storeSmtpPasswords(secrets, headlessSmtpPasswords('/nonexistent', {}));
    expect((await lookup.outgoing(withOutgoing({ kind: 'prompt' })))?.reveal()).toBe('typed-in-window');
  });

  it('uses the variable or the command the account names, not a password typed earlier (an OAuth 2 token must be fresh)', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(7, 'stale-typed-password', 'smtp');
    const lookup = storeSmtpPasswords(secrets, headlessSmtpPasswords('/nonexistent', { TOKEN_NOW: 'fresh-token' }));
    expect((await lookup.outgoing(withOutgoing({ kind: 'env', variable: 'TOKEN_NOW' })))?.reveal()).toBe('fresh-token');
    expect((await lookup.outgoing(withOutgoing({ kind: 'command', command: 'printf from-command' })))?.reveal()).toBe('from-command');
  });
});
