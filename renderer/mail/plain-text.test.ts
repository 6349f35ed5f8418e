import { describe, expect, it } from 'vitest';
import { findLinks, splitQuotes } from './plain-text.ts';

describe('quoted text', () => {
  it('separates quoted runs from the reply, keeping blank lines inside a quote', () => {
    const body = 'Sounds good.\n\nOn Tue, Ann wrote:\n> first\n>\n> second\n\n> third\n\n-- \nBob';
    expect(splitQuotes(body)).toEqual([
      { kind: 'text', text: 'Sounds good.\n\nOn Tue, Ann wrote:', lines: 3 },
      { kind: 'quote', text: '> first\n>\n> second\n\n> third', lines: 5 },
      { kind: 'text', text: '-- \nBob', lines: 2 },
    ]);
  });

  it('handles CRLF, empty bodies and bodies that are all quote', () => {
    expect(splitQuotes('')).toEqual([]);
    expect(splitQuotes('> a\r\n> b\r\n')).toEqual([{ kind: 'quote', text: '> a\n> b', lines: 2 }]);
  });
});

describe('links in plain text', () => {
  it('finds http, https and mailto links and leaves punctuation outside', () => {
    expect(findLinks('See https://example.org/a?b=1, or (mailto:ann@example.org).')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/a?b=1', url: 'https://example.org/a?b=1' },
      { kind: 'text', text: ', or (' },
      { kind: 'link', text: 'mailto:ann@example.org', url: 'mailto:ann@example.org' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('keeps a closing parenthesis the URL opened itself', () => {
    expect(findLinks('https://en.wikipedia.org/wiki/Poplar_(tree)')).toEqual([
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Poplar_(tree)', url: 'https://en.wikipedia.org/wiki/Poplar_(tree)' },
    ]);
  });

  it('does not make javascript: or file: into links', () => {
    expect(findLinks('javascript:alert(1) file:///etc/passwd')).toEqual([{ kind: 'text', text: 'javascript:alert(1) file:///etc/passwd' }]);
  });
});
