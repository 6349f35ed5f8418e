import { describe, expect, it } from 'vitest';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { account, status } from '../test-data.ts';
import { checkNoticeText, selectAllPaused, selectIsChecking, syncDot, syncStateText } from './selectors.ts';

const clock = (at: number) => new Date(at).toISOString().slice(11, 16);
const T = Date.UTC(2025, 5, 12, 10, 42);

describe('sync state in words and colours', () => {
  it('maps every scheduler state to a dot', () => {
    expect(syncDot(undefined)).toBe('idle');
    expect(syncDot(status(1))).toBe('idle');
    expect(syncDot(status(1, { state: { kind: 'waiting', until: T } }))).toBe('idle');
    expect(syncDot(status(1, { state: { kind: 'running', since: T } }))).toBe('checking');
    expect(syncDot(status(1, { state: { kind: 'backoff', until: T, reason: 'locked' } }))).toBe('backoff');
    expect(syncDot(status(1, { state: { kind: 'paused', why: 'user' } }))).toBe('paused');
    expect(syncDot(status(1, { state: { kind: 'paused', why: 'auth-failed' } }))).toBe('error');
    expect(syncDot(status(1, { lastOutcome: 'locked' }))).toBe('error');
  });

  it('says what the account is doing', () => {
    expect(syncStateText(status(1, { state: { kind: 'backoff', until: T, reason: 'locked' } }), clock)).toBe('Backing off until 10:42');
    expect(syncStateText(status(1, { state: { kind: 'waiting', until: T } }), clock)).toBe('Next check at 10:42');
    expect(syncStateText(status(1, { state: { kind: 'running', since: T } }), clock)).toBe('Checking…');
    expect(syncStateText(status(1, { state: { kind: 'paused', why: 'global' } }), clock)).toBe('Paused (all accounts)');
    expect(syncStateText(undefined, clock)).toBe('Not checked yet');
  });

  it('words the answers to "Check now"', () => {
    expect(checkNoticeText({ kind: 'not-before', at: T, reason: '' }, clock)).toBe('The server allows the next check at 10:42.');
    expect(checkNoticeText({ kind: 'done', outcome: 'ok', downloaded: 3, message: null }, clock)).toBe('3 new messages.');
    expect(checkNoticeText({ kind: 'done', outcome: 'ok', downloaded: 0, message: null }, clock)).toBe('No new messages.');
    expect(checkNoticeText({ kind: 'done', outcome: 'locked', downloaded: 0, message: null }, clock)).toBe('The mailbox was locked.');
  });
});

describe('the sync slice', () => {
  it('loads statuses, applies pushes and banners', async () => {
    const api = fakeApi({ 'sync.status': () => [status(1), status(2)] });
    const store = createAppStore(fakeDeps(api));
    const s = store.getState;
    await s().loadSyncStatus();
    s().applySyncStatus(status(2, { state: { kind: 'running', since: T } }));
    expect(selectIsChecking(2)(s())).toBe(true);
    s().applyBanner(1, 'The mailbox is locked.');
    expect(s().syncStatus[1]?.banner).toBe('The mailbox is locked.');
    s().applyBanner(9, 'unknown account: ignored');
    expect(s().syncStatus[9]).toBeUndefined();
  });

  it('keeps the "not before" answer and sends one request while one is pending', async () => {
    let calls = 0;
    const api = fakeApi({
      'sync.checkNow': async () => {
        calls++;
        await settle();
        return { kind: 'not-before', at: T, reason: 'LOGIN-DELAY' };
      },
    });
    const s = createAppStore(fakeDeps(api)).getState;
    const first = s().checkNow(1);
    const second = s().checkNow(1);
    expect(selectIsChecking(1)(s())).toBe(true);
    await Promise.all([first, second]);
    expect(calls).toBe(1);
    expect(s().checkNotices[1]).toEqual({ kind: 'not-before', at: T, reason: 'LOGIN-DELAY' });
    expect(selectIsChecking(1)(s())).toBe(false);
    s().dismissCheckNotice(1);
    expect(s().checkNotices[1]).toBeUndefined();
  });

  it('turns a failed request into a notice and reloads after mail arrived', async () => {
    const api = fakeApi({
      'sync.checkNow': (id) => {
        if (id === 1) throw new Error('not connected');
        return { kind: 'done', outcome: 'ok', downloaded: 2, message: null };
      },
      'accounts.list': () => [account(1), account(2, { unread: 2 })],
      'messages.page': () => ({ total: 0, items: [] }),
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().checkNow(1);
    expect(s().checkNotices[1]).toEqual({ kind: 'failed', message: 'not connected' });
    await s().checkNow(2);
    await settle();
    expect(api.callsTo('accounts.list').length).toBe(1);
    expect(s().accounts[1]?.unread).toBe(2);
  });

  it('knows when every account is paused by "Pause all"', async () => {
    const api = fakeApi({
      'sync.status': () => [
        status(1, { state: { kind: 'paused', why: 'global' } }),
        status(2, { state: { kind: 'paused', why: 'global' } }),
      ],
    });
    const s = createAppStore(fakeDeps(api)).getState;
    expect(selectAllPaused(s())).toBe(false);
    await s().loadSyncStatus();
    expect(selectAllPaused(s())).toBe(true);
  });
});
