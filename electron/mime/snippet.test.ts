import { describe, expect, it } from 'vitest';
import { makeSnippet } from './snippet.ts';

describe('makeSnippet', () => {
  it('collapses white space and skips empty lines', () => {
    expect(makeSnippet('  Hello   Alice,\n\n\tthe  report\nis ready.  ')).toBe('Hello Alice, the report is ready.');
  });

  it('skips quoted lines and the attribution line before them', () => {
    const text = 'On Mon, 5 Jan 2026, Ada wrote:\n> Shall we meet?\n>> Earlier\n\nYes, Friday.\n> more quote\nSee you.';
    expect(makeSnippet(text)).toBe('Yes, Friday. See you.');
  });

  it('keeps a line ending in a colon when no quote follows', () => {
    expect(makeSnippet('Agenda:\n1. budget')).toBe('Agenda: 1. budget');
  });

  it('stops at the signature separator (RFC 3676 §4.3)', () => {
    expect(makeSnippet('Short note.\n-- \nAda Lovelace\nAnalytical Engines Ltd')).toBe('Short note.');
  });

  it('drops the link targets html-to-text writes', () => {
    expect(makeSnippet('Read the article [https://example.com/a?b=c] or unsubscribe [mailto:x@example.com]')).toBe(
      'Read the article or unsubscribe',
    );
  });

  it('is at most 200 characters and never splits a surrogate pair', () => {
    expect(makeSnippet('word '.repeat(100))).toHaveLength(199); // the cut falls on a space, trimmed
    const emoji = makeSnippet('a' + '😀'.repeat(150));
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(emoji.endsWith('😀')).toBe(true);
  });

  it('is empty for a message that is all quote', () => {
    expect(makeSnippet('> only\n> quoted')).toBe('');
  });
});
