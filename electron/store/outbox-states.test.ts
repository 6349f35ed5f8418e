import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  failureWords,
  MAX_ATTEMPTS,
  nextState,
  recoveredState,
  type OutboxEvent,
  type OutboxState,
  type SmtpFailureKind,
} from './outbox-states.ts';

const STATES: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'retry', 'unknown'];
const KINDS: SmtpFailureKind[] = [
  'unreachable',
  'tls',
  'auth',
  'temporary',
  'recipient-rejected',
  'too-large',
  'relay-denied',
  'dropped-during-data',
  'rejected',
];

describe('outbox state machine', () => {
  it.each<[OutboxState, OutboxEvent, OutboxState | null]>([
    ['queued', { type: 'start' }, 'sending'],
    ['retry', { type: 'start' }, 'sending'],
    ['sending', { type: 'accepted' }, 'sent'],
    ['sending', { type: 'failure', kind: 'recipient-rejected', attempt: 1 }, 'failed'],
    ['sending', { type: 'failure', kind: 'too-large', attempt: 1 }, 'failed'],
    ['sending', { type: 'failure', kind: 'relay-denied', attempt: 1 }, 'failed'],
    ['sending', { type: 'failure', kind: 'auth', attempt: 1 }, 'failed'],
    ['sending', { type: 'failure', kind: 'unreachable', attempt: 1 }, 'retry'],
    ['sending', { type: 'failure', kind: 'temporary', attempt: MAX_ATTEMPTS - 1 }, 'retry'],
    ['sending', { type: 'failure', kind: 'temporary', attempt: MAX_ATTEMPTS }, 'failed'],
    ['sending', { type: 'failure', kind: 'dropped-during-data', attempt: 1 }, 'unknown'],
    ['unknown', { type: 'resolve', answer: 'sent' }, 'sent'],
    ['unknown', { type: 'resolve', answer: 'send-again' }, 'queued'],
    ['failed', { type: 'user-retry' }, 'queued'],
    ['retry', { type: 'user-retry' }, 'queued'],
    // Never sent again without being asked, never sent twice:
    ['unknown', { type: 'start' }, null],
    ['sent', { type: 'start' }, null],
    ['sending', { type: 'start' }, null],
    ['failed', { type: 'start' }, null],
    ['sent', { type: 'resolve', answer: 'send-again' }, null],
    ['queued', { type: 'accepted' }, null],
    ['sent', { type: 'user-retry' }, null],
  ])('%s + %j → %s', (state, event, next) => {
    expect(nextState(state, event)).toBe(next);
  });

  it('only "start" leads into sending, and only from queued or retry', () => {
    const events: OutboxEvent[] = [
      { type: 'start' },
      { type: 'accepted' },
      { type: 'user-retry' },
      { type: 'resolve', answer: 'sent' },
      { type: 'resolve', answer: 'send-again' },
      ...KINDS.map((kind) => ({ type: 'failure', kind, attempt: 1 }) as const),
    ];
    for (const state of STATES)
      for (const event of events)
        if (nextState(state, event) === 'sending') {
          expect(event.type).toBe('start');
          expect(['queued', 'retry']).toContain(state);
        }
  });

  it('after a crash an item found sending becomes unknown; others stay', () => {
    expect(recoveredState('sending')).toBe('unknown');
    for (const state of STATES.filter((s) => s !== 'sending')) expect(recoveredState(state)).toBe(state);
  });

  it('backs off 1, 2, 4 … minutes, at most an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 60, 60, 60]);
  });

  it('says every failure in plain words', () => {
    for (const kind of KINDS) {
      const words = failureWords(kind);
      expect(words).toMatch(/^[A-Z].*\.$/);
      expect(words).not.toMatch(/[-_][a-z]|\d{3}/);
    }
  });
});
