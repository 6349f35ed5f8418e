import { describe, expect, it } from 'vitest';
import { highlightTerms, isEmptySearch, parseSearch } from './search-query.ts';

describe('parseSearch', () => {
  it('reads words, phrases and every operator', () => {
    const q = parseSearch(
      'party "summer fun" from:ann to:"Bob B" subject:plans has:attachment is:unread is:flagged before:2026-02-01 after:2026-01-15',
    );
    expect(q.words).toEqual(['party']);
    expect(q.phrases).toEqual(['summer fun']);
    expect(q.from).toEqual(['ann']);
    expect(q.to).toEqual(['Bob B']);
    expect(q.subject).toEqual(['plans']);
    expect(q).toMatchObject({
      hasAttachment: true,
      read: false,
      flagged: true,
      before: Date.UTC(2026, 1, 1),
      after: Date.UTC(2026, 0, 15),
    });
    expect(highlightTerms(q)).toEqual(['party', 'summer fun', 'plans', 'ann']);
  });

  it('keeps what is not an operator as a word', () => {
    const q = parseSearch('x:y is:big before:2026-02-30 10:30 from:');
    expect(q.words).toEqual(['x:y', 'is:big', 'before:2026-02-30', '10:30', 'from:']);
    expect(q.before).toBeNull();
    expect(parseSearch('is:read').read).toBe(true);
    expect(isEmptySearch(parseSearch('  '))).toBe(true);
    expect(isEmptySearch(parseSearch('is:flagged'))).toBe(false);
  });
});
