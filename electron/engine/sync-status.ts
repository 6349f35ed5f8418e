// Each account's sync status for the window: the scheduler's state, how the last check ended,
// and for a failed one a banner — the diagnosis title and when Poplar tries again.
//
// The diagnosis reads up to SESSIONS_READ sessions with their transcripts, and the status is
// asked for on every scheduler state change, so a banner is computed once per newest session
// (and settings) and kept until either changes.
import type { Account } from '../../shared/account.ts';
import type { SyncStateView, SyncStatusView } from '../../shared/contract.ts';
import { mailboxReport } from '../diagnostics/mailbox.ts';
import { REASONS } from '../diagnostics/mailbox-state.ts';
import { isFinished } from '../diagnostics/session-facts.ts';
import { timeAndDay } from '../diagnostics/when.ts';
import type { Profile } from '../store/profile.ts';
import { listSessions } from '../store/sessions.ts';
import { historyEntry } from '../sync/history.ts';
import type { Clock, KeyState } from '../sync/scheduler.ts';
import { demoHolds, type DemoMailbox } from './demo.ts';

/** Finished sessions looked at for "the last check": the newest may still be running. */
const RECENT = 5;

export function stateView(state: KeyState | null): SyncStateView {
  if (state === null) return { kind: 'idle' };
  switch (state.kind) {
    case 'idle':
      return { kind: 'idle' };
    case 'waiting':
      return { kind: 'waiting', until: state.until };
    case 'running':
      return { kind: 'running', since: state.since };
    case 'backoff':
      return { kind: 'backoff', until: state.until, reason: REASONS[state.reason] };
    case 'paused':
      return { kind: 'paused', why: state.why };
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** "… Poplar tries again at 10:14." A clock time (a mark the window says, when.ts), not "in 4 minutes", so the banner does not change every minute. */
function retryWords(state: SyncStateView, plannedAt: number | null, now: number): string {
  switch (state.kind) {
    case 'running':
      return 'Poplar is checking again now.';
    case 'waiting':
    case 'backoff':
      return state.until <= now ? 'Poplar tries again now.' : `Poplar tries again at ${timeAndDay(state.until)}.`;
    case 'paused':
      return state.why === 'auth-failed'
        ? 'Poplar stopped checking; press “Check now” after fixing the password.'
        : state.why === 'login-refused'
          ? 'Poplar stopped checking after the server refused the login several times; check the password, then press “Check now”.'
          : 'Checking is paused.';
    case 'idle':
      return plannedAt === null ? '' : `Poplar tries again at ${timeAndDay(plannedAt)}.`;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

export class StatusTracker {
  readonly #profile: Profile;
  readonly #clock: Clock;
  readonly #stateOf: (key: string) => KeyState | null;
  readonly #titles = new Map<number, { key: string; title: string; plannedAt: number | null }>();
  readonly #banners = new Map<number, string | null>();

  readonly #demo: DemoMailbox | null;

  constructor(profile: Profile, clock: Clock, stateOf: (key: string) => KeyState | null, demo: DemoMailbox | null = null) {
    this.#demo = demo;
    this.#profile = profile;
    this.#clock = clock;
    this.#stateOf = stateOf;
  }

  status(account: Account): SyncStatusView {
    const now = this.#clock.now();
    const state = stateView(this.#stateOf(account.mailboxKey));
    const last = listSessions(this.#profile.db, account.mailboxKey, RECENT).find(isFinished) ?? null;
    const outcome = last ? (historyEntry(last)?.outcome ?? null) : null;
    let banner: string | null = null;
    if (last && outcome !== null && outcome !== 'ok') {
      const { title, plannedAt } = this.#diagnosis(account, last.id, now);
      banner = `${title}. ${retryWords(state, plannedAt, now)}`.trim();
    }
    return { accountId: account.id, state, lastCheckAt: last?.endedAt ?? null, lastOutcome: outcome, banner };
  }

  /**
   * Records `banner` as the one the window shows for the account; true when it differs from
   * the last one recorded (the engine then emits 'diagnosis.changed').
   */
  bannerChanged(accountId: number, banner: string | null): boolean {
    const before = this.#banners.has(accountId) ? this.#banners.get(accountId) : null;
    this.#banners.set(accountId, banner);
    return before !== banner;
  }

  forget(accountId: number): void {
    this.#titles.delete(accountId);
    this.#banners.delete(accountId);
  }

  #diagnosis(account: Account, sessionId: number, now: number): { title: string; plannedAt: number | null } {
    // The diagnosis also depends on the settings (interval, pause): they are part of the key.
    const key = JSON.stringify([sessionId, account.mailboxKey, account.intervalMinutes, account.paused]);
    const cached = this.#titles.get(account.id);
    if (cached?.key === key) return cached;
    const report = mailboxReport(this.#profile.db, account, now, demoHolds(this.#demo, account));
    const entry = { key, title: report.diagnosis.title, plannedAt: report.nextCheckAt };
    this.#titles.set(account.id, entry);
    return entry;
  }
}
