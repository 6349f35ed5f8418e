// Migration 10 and the durable outbox: items move only as the state machine allows, a crash
// in 'sending' leaves an 'unknown' item that is never due again, and the bytes stay exact.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from './accounts.ts';
import { accountSettings } from './fixtures/account-settings.ts';
import { MIGRATIONS } from './migrations.ts';
import { applyEvent, enqueue, getItem, nextDue, recoverAfterCrash } from './outbox.ts';
import { openProfile, type Profile } from './profile.ts';

let dir: string;
let profile: Profile;
let account: number;
const raw = Buffer.from('Subject: x\r\nMessage-ID: <m@x>\r\n\r\n\u00e9 bytes\r\n', 'latin1');
const composed = { raw, messageId: '<m@x>', envelope: { from: 'a@x', to: ['b@y'] } };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-outbox-'));
  profile = openProfile(dir);
  account = addAccount(profile.db, accountSettings(), 1).id;
});
afterEach(async () => {
  profile.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the outbox in the store', () => {
  it('is migration 10', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(10);
    expect(profile.db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('drafts', 'outbox') ORDER BY name`).all()).toEqual([
      { name: 'drafts' },
      { name: 'outbox' },
    ]);
  });

  it('keeps the exact bytes and sends each item once', () => {
    const id = enqueue(profile.db, account, composed, 1000);
    expect(nextDue(profile.db, account, 1000)?.id).toBe(id);
    expect(getItem(profile.db, id)?.raw.equals(raw)).toBe(true);
    expect(applyEvent(profile.db, id, { type: 'start' }, 1001)).toBe(true);
    expect(nextDue(profile.db, account, 1001)).toBeNull();
    expect(applyEvent(profile.db, id, { type: 'start' }, 1002)).toBe(false);
    expect(applyEvent(profile.db, id, { type: 'accepted' }, 1003)).toBe(true);
    expect(getItem(profile.db, id)).toMatchObject({ state: 'sent', attempts: 1, failureKind: null });
  });

  it('retries an unreachable server after the backoff, fails on a 5xx', () => {
    const id = enqueue(profile.db, account, composed, 0);
    applyEvent(profile.db, id, { type: 'start' }, 0);
    expect(applyEvent(profile.db, id, { type: 'failure', kind: 'unreachable', attempt: 0 }, 0)).toBe(true);
    expect(getItem(profile.db, id)).toMatchObject({ state: 'retry', nextAttemptAt: 60_000, failureKind: 'unreachable' });
    expect(nextDue(profile.db, account, 59_999)).toBeNull();
    expect(nextDue(profile.db, account, 60_000)?.id).toBe(id);
    applyEvent(profile.db, id, { type: 'start' }, 60_000);
    applyEvent(profile.db, id, { type: 'failure', kind: 'recipient-rejected', attempt: 0 }, 60_001, '550 5.1.1 no such user');
    expect(getItem(profile.db, id)).toMatchObject({
      state: 'failed',
      attempts: 2,
      failureKind: 'recipient-rejected',
      failureResponse: '550 5.1.1 no such user',
    });
    expect(nextDue(profile.db, account, 1e12)).toBeNull();
  });

  it('after a crash in sending: unknown, never due, until the user answers', () => {
    const id = enqueue(profile.db, account, composed, 0);
    applyEvent(profile.db, id, { type: 'start' }, 0);
    profile.close();
    profile = openProfile(dir);
    expect(recoverAfterCrash(profile.db, 5)).toBe(1);
    expect(getItem(profile.db, id)?.state).toBe('unknown');
    expect(nextDue(profile.db, account, 1e12)).toBeNull();
    expect(applyEvent(profile.db, id, { type: 'start' }, 6)).toBe(false);
    expect(applyEvent(profile.db, id, { type: 'resolve', answer: 'send-again' }, 7)).toBe(true);
    expect(nextDue(profile.db, account, 7)?.id).toBe(id);
  });
});
