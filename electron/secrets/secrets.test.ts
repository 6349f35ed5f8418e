// The headless sources, the saved files, the two Node stores and the resolver, on a temp profile.
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account, PasswordSource } from '../../shared/account.ts';
import { FileSecretStore } from './file-store.ts';
import { passwordFromCommand, passwordFromEnv, passwordFromStdin } from './headless-sources.ts';
import { headlessSecretStore } from './headless-store.ts';
import { MemorySecretStore } from './memory-store.ts';
import { loadPassword, savePassword } from './password-files.ts';
import { passwordResolver } from './resolver.ts';
import { Secret } from './secret.ts';
import { accountSettings } from '../store/fixtures/account-settings.ts';

let profileDir: string;
beforeEach(async () => {
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'poplar-secrets-'));
});
afterEach(async () => {
  await rm(profileDir, { recursive: true, force: true });
});

const account = (id: number, passwordSource: PasswordSource): Account => ({
  ...accountSettings({ name: `Account ${id}`, passwordSource }),
  id,
  mailboxKey: 'pop.example.com:pop3:ann',
  createdAt: 0,
});

describe('headless sources', () => {
  it('stdin without its final line break, an environment variable, the first line of a command', async () => {
    expect((await passwordFromStdin(Readable.from(['pw-1\n'])))?.reveal()).toBe('pw-1');
    expect(await passwordFromStdin(Readable.from(['']))).toBeNull();
    expect(passwordFromEnv({ MAIL_PW: 'pw-2' }, 'MAIL_PW')?.reveal()).toBe('pw-2');
    expect(passwordFromEnv({ MAIL_PW: '' }, 'MAIL_PW')).toBeNull();
    expect((await passwordFromCommand("printf 'pw-3\\nsecond line\\n'"))?.reveal()).toBe('pw-3');
  });
});

describe('saved password files', () => {
  it('are 0600 in a 0700 folder, and refused once others can read them', async () => {
    const file = await savePassword(profileDir, 7, new Secret('pw-saved'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await loadPassword(profileDir, 7))?.reveal()).toBe('pw-saved');
    expect(await loadPassword(profileDir, 8)).toBeNull();
    await chmod(file, 0o644);
    await expect(loadPassword(profileDir, 7)).rejects.toThrow(/can be read by other users/);
  });
});

describe('the stores', () => {
  it('MemorySecretStore keeps passwords as Secrets: an inspect of it shows none', async () => {
    const store = new MemorySecretStore();
    await store.set(1, 'pw-memory');
    expect(await store.get(1)).toBe('pw-memory');
    expect(inspect(store, { showHidden: true, depth: 5 })).not.toContain('pw-memory');
    await store.delete(1);
    expect(await store.get(1)).toBeNull();
    expect(store.source).toEqual({ kind: 'prompt' });
  });

  it('FileSecretStore writes the saved files', async () => {
    const store = new FileSecretStore(profileDir);
    await store.set(3, 'pw-file');
    expect((await loadPassword(profileDir, 3))?.reveal()).toBe('pw-file');
    expect(await store.get(3)).toBe('pw-file');
    await store.delete(3);
    expect(await store.get(3)).toBeNull();
  });

  it('headlessSecretStore follows the profile: saved files when an account keeps one, memory otherwise', () => {
    expect(headlessSecretStore(profileDir, [account(1, { kind: 'prompt' })])).toBeInstanceOf(MemorySecretStore);
    expect(headlessSecretStore(profileDir, [account(1, { kind: 'prompt' }), account(2, { kind: 'file' })])).toBeInstanceOf(FileSecretStore);
  });
});

describe('passwordResolver', () => {
  it("reads each account's own source; prompt and keychain accounts have nothing headless", async () => {
    await savePassword(profileDir, 4, new Secret('pw-from-file'));
    const resolve = passwordResolver(profileDir, { MAIL_PW: 'pw-from-env' });
    expect((await resolve(account(1, { kind: 'env', variable: 'MAIL_PW' })))?.reveal()).toBe('pw-from-env');
    expect((await resolve(account(2, { kind: 'command', command: 'echo pw-from-command' })))?.reveal()).toBe('pw-from-command');
    expect((await resolve(account(4, { kind: 'file' })))?.reveal()).toBe('pw-from-file');
    expect(await resolve(account(5, { kind: 'prompt' }))).toBeNull();
    expect(await resolve(account(6, { kind: 'keychain' }))).toBeNull();
  });

  it('a password given on stdin wins over the source', async () => {
    const resolve = passwordResolver(profileDir, {}, new Secret('pw-given'));
    expect((await resolve(account(1, { kind: 'prompt' })))?.reveal()).toBe('pw-given');
  });
});

describe('the outgoing server slot', () => {
  it('keeps an account’s two passwords under their own keys; removing the account forgets both', async () => {
    for (const store of [new MemorySecretStore(), new FileSecretStore(profileDir)]) {
      await store.set(4, 'pw-incoming');
      await store.set(4, 'pw-outgoing', 'smtp');
      expect(await store.get(4)).toBe('pw-incoming');
      expect(await store.get(4, 'pop3')).toBe('pw-incoming');
      expect(await store.get(4, 'smtp')).toBe('pw-outgoing');
      expect(await store.get(5, 'smtp')).toBeNull();
      await store.delete(4, 'smtp');
      expect(await store.get(4, 'smtp')).toBeNull();
      expect(await store.get(4)).toBe('pw-incoming');
      await store.set(4, 'pw-outgoing', 'smtp');
      await store.delete(4);
      expect(await store.get(4)).toBeNull();
      expect(await store.get(4, 'smtp')).toBeNull();
    }
  });

  it('saves the outgoing password in its own 0600 file beside the incoming one', async () => {
    const incoming = await savePassword(profileDir, 9, new Secret('pw-in'));
    const outgoing = await savePassword(profileDir, 9, new Secret('pw-out'), 'smtp');
    expect(path.basename(incoming)).toBe('9.password');
    expect(path.basename(outgoing)).toBe('9.smtp.password');
    expect((await stat(outgoing)).mode & 0o777).toBe(0o600);
    expect((await loadPassword(profileDir, 9, 'smtp'))?.reveal()).toBe('pw-out');
    expect((await loadPassword(profileDir, 9))?.reveal()).toBe('pw-in');
  });
});
