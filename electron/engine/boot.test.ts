// The one assembly of an engine, as `poplar serve` (a 'headless' secret store) and the app (its
// own store) call it: a real profile in a temp folder, real SQLite, the real demo mailbox.
import { analysisWorkerScript } from '../analysis/worker-script.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seconds } from '../../tests/support/timeouts.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { addAccount } from '../store/accounts.ts';
import { accountSettings } from '../store/fixtures/account-settings.ts';
import { openProfile } from '../store/profile.ts';
import { bootEngine, type BootedEngine } from './boot.ts';
import { DEMO_ACCOUNT_NAME } from './demo.ts';

let root: string;
let booted: BootedEngine | null = null;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-boot-'));
});

afterEach(async () => {
  await booted?.stop();
  booted = null;
  await rm(root, { recursive: true, force: true });
});

const dirs = () => ({ profileDir: path.join(root, 'profile'), lockDir: path.join(root, 'locks') });

describe('bootEngine', () => {
  it(
    "the serve path: with the demo switch, the profile gets the demo account and its check downloads the demo's mail",
    async () => {
      booted = await bootEngine({ ...dirs(), secrets: 'headless', demo: true, env: {}, analysisWorker: analysisWorkerScript() });
      const accounts = await booted.client.invoke('accounts.list');
      expect(accounts.map((a) => a.name)).toEqual([DEMO_ACCOUNT_NAME]);
      const demo = accounts[0];
      if (!demo) throw new Error('no demo account');
      // Started as `poplar serve` starts it, the demo account checks at start-up, with the password
      // the demo mailbox gave it (never a store's). A "Check now" racing that check may rightly
      // answer not-before (the demo's LOGIN-DELAY), so the test waits for that check's mail.
      const client = booted.client;
      booted.engine.start();
      const deadline = Date.now() + seconds(20);
      const seen = async () => ({
        total: (await client.invoke('messages.page', { accountId: demo.id, folder: 'inbox', offset: 0, limit: 1 })).total,
        outcome: (await client.invoke('sync.status')).find((s) => s.accountId === demo.id)?.lastOutcome ?? null,
      });
      let now = await seen();
      while ((now.total === 0 || now.outcome !== 'ok') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await seen();
      }
      expect(now.outcome).toBe('ok');
      expect(now.total).toBeGreaterThan(0);
      // Passwords typed in the window of a profile without saved passwords stay in memory.
      expect(booted.secrets.source).toEqual({ kind: 'prompt' });
      expect(await booted.client.invoke('demo.holdMailbox', true)).toEqual({ held: true });
    },
    seconds(30),
  );

  it('the serve path keeps saved passwords saved when the profile already has some', async () => {
    const profile = openProfile(dirs().profileDir);
    addAccount(profile.db, accountSettings({ name: 'Saved', passwordSource: { kind: 'file' } }), Date.now());
    profile.close();
    booted = await bootEngine({ ...dirs(), secrets: 'headless', demo: false, env: {}, analysisWorker: analysisWorkerScript() });
    expect(booted.secrets.source).toEqual({ kind: 'file' });
  });

  it('the app path: its own secret store, and without the demo switch no demo account and no demo mailbox', async () => {
    const secrets = new MemorySecretStore();
    booted = await bootEngine({ ...dirs(), secrets, demo: false, env: {}, analysisWorker: analysisWorkerScript() });
    expect(booted.secrets).toBe(secrets);
    expect(await booted.client.invoke('accounts.list')).toEqual([]);
    await expect(booted.client.invoke('demo.holdMailbox', true)).rejects.toMatchObject({ name: 'PoplarError', code: 'unavailable' });
  });
});
