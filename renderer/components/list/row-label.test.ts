import { describe, expect, it } from 'vitest';
import { summary } from '../../store/test-data.ts';
import { rowLabel } from './row-label.ts';

describe('a row’s accessible name', () => {
  it('names each part with commas between them', () => {
    const row = summary(1, { subject: 'Lunch', read: false, flagged: true, hasAttachments: true });
    expect(rowLabel(row, '12 May')).toBe('From Ann, Subject Lunch, 12 May, unread, flagged, with attachments');
    expect(rowLabel(summary(2, { subject: '', fromName: '', fromAddress: 'x@example.org' }), '')).toBe(
      'From x@example.org, Subject (no subject)',
    );
  });

  it('says how many messages a conversation holds and how many are unread', () => {
    const row = summary(3, {
      subject: 'Summer party',
      read: false,
      conversation: { threadId: 3, count: 8, unread: 2, participants: ['Ann', 'Bob'] },
    });
    expect(rowLabel(row, '3 Jun')).toBe('From Ann, Bob, Subject Summer party, 3 Jun, 8 messages, 2 unread');
  });
});
