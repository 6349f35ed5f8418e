// The engine's typed in-process client over a real engine (from boot, on a temp profile, real
// SQLite): results typed by the contract, errors as PoplarErrors with the closed ErrorCode.
import { analysisWorkerScript } from '../analysis/worker-script.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { PoplarError, type AccountView, type ErrorCode, type SyncStatusView } from '../../shared/contract.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';
import { bootEngine, type BootedEngine } from './boot.ts';

let root: string;
let booted: BootedEngine;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-client-'));
  const dirs = { profileDir: path.join(root, 'profile'), lockDir: path.join(root, 'locks') };
  booted = await bootEngine({ ...dirs, secrets: new MemorySecretStore(), demo: false, env: {}, analysisWorker: analysisWorkerScript() });
});

afterEach(async () => {
  await booted.stop();
  await rm(root, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<PoplarError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PoplarError)) throw new Error(`expected a PoplarError, got ${String(error)}`);
  return error;
}

describe('engineClient', () => {
  it('invoke answers with the value, typed by the channel', async () => {
    const accounts = await booted.client.invoke('accounts.list');
    expectTypeOf(accounts).toEqualTypeOf<AccountView[]>();
    expect(accounts).toEqual([]);
    const statuses = await booted.client.invoke('sync.status');
    expectTypeOf(statuses).toEqualTypeOf<SyncStatusView[]>();
    expect(statuses).toEqual([]);
    const page = await booted.client.invoke('messages.page', { accountId: null, folder: 'inbox', offset: 0, limit: 10 });
    expect(page).toEqual({ total: 0, items: [] });
  });

  it("an engine error comes back as a PoplarError with the envelope's closed code", async () => {
    const error = await rejection(booted.client.invoke('messages.get', 99));
    expectTypeOf(error.code).toEqualTypeOf<ErrorCode>();
    expect(error).toMatchObject({ code: 'not-found', message: 'there is no message with id 99' });
    expect(await rejection(booted.client.invoke('accounts.remove', 5))).toMatchObject({ code: 'not-found' });
  });

  it("in-process calls are checked against the channel's schema too", async () => {
    // The type says a number; the schema says at least 1, and it is checked here as for the window's calls.
    const bad = booted.client.invoke('messages.get', 0);
    expect(await rejection(bad)).toMatchObject({ code: 'invalid-argument', message: 'messages.get: argument 1 must be at least 1' });
  });

  it('after stop, calls are unavailable', async () => {
    await booted.engine.stop();
    expect(await rejection(booted.client.invoke('accounts.list'))).toMatchObject({
      code: 'unavailable',
      message: 'Poplar is shutting down.',
    });
  });
});
