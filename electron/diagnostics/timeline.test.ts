import { describe, expect, it } from 'vitest';
import { at, failed, ok, refused } from './fixtures/sessions.ts';
import type { SessionRecord } from '../store/sessions.ts';
import { timeline } from './timeline.ts';

const unfinished = (startedAt: number): SessionRecord => ({
  id: 500,
  mailboxKey: 'pop.example.com:995:dana',
  accountId: 1,
  trigger: 'timer',
  startedAt,
});

describe('timeline', () => {
  it('one line per session, newest first: time, how it ended, what happened, how long', () => {
    const lines = timeline([refused(at(10, 5)), ok(at(10, 2), { downloaded: 3, ms: 1200 })], at(10, 6));
    expect(lines).toEqual([
      '10:05  lock-refused  mailbox-locked: [IN-USE] Mailbox is locked by another POP3 session.   (0.3 s)',
      '10:02  quit          3 new, 0 deleted   (1.2 s)',
    ]);
  });

  it('shows a check in progress, and one that never recorded its end', () => {
    const lines = timeline([unfinished(at(10, 4)), unfinished(at(8, 0))], at(10, 6));
    expect(lines).toEqual([
      '10:04  running       started 2 minutes ago',
      '08:00  no end        no end was recorded: Poplar stopped during this check',
    ]);
  });

  it('dates the sessions of other days and keeps the columns aligned', () => {
    const lines = timeline(
      [ok(at(0, 10)), failed(at(23, 50, 0, 10), 'network-drop', { code: 'timeout', message: 'POP3 RETR failed (timeout)' }, true)],
      at(10, 6),
    );
    expect(lines).toEqual([
      '00:10             quit          0 new, 0 deleted   (1.2 s)',
      '2025-06-10 23:50  network-drop  timeout: POP3 RETR failed (timeout)   (0.4 s)',
    ]);
  });

  it('says what a failure stored before it failed, and cuts a long server text', () => {
    const long = refused(at(10, 0), { code: 'server-temporary', responseCode: 'SYS/TEMP', serverText: 'x'.repeat(300) });
    const [line] = timeline([{ ...long, downloaded: 2 }], at(10, 6));
    expect(line).toMatch(/^10:00 {2}lock-refused {2}server-temporary: \[SYS\/TEMP\] x+… \(2 new, 0 deleted\) {3}\(0\.3 s\)$/);
    expect(line?.length).toBeLessThan(180);
  });
});
