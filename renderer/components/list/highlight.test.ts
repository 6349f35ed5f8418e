import { describe, expect, it } from 'vitest';
import { highlight, termPattern } from './highlight.ts';

const marked = (text: string, search: string) =>
  highlight(text, termPattern(search))
    .filter((p) => p.mark)
    .map((p) => p.text);

describe('search highlighting', () => {
  it('marks the free words where a word begins, in any case', () => {
    expect(marked('Summer party on Friday, summertime', 'summer')).toEqual(['Summer', 'summer']);
    expect(marked('consumer summer', 'summer')).toEqual(['summer']);
  });

  it('marks phrases and subject: values, but not the operators themselves', () => {
    expect(marked('The summer party is on', 'from:ann "summer party" is:unread')).toEqual(['summer party']);
    expect(marked('Invoice 42 from Ann', 'subject:invoice has:attachment')).toEqual(['Invoice']);
    expect(marked('unread mail', 'is:unread')).toEqual([]);
  });

  it('keeps the text whole, and takes regular expression characters literally', () => {
    const pieces = highlight('Price (USD) 3.50', termPattern('(usd) 3.50'));
    expect(pieces.map((p) => p.text).join('')).toBe('Price (USD) 3.50');
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['(USD)', '3.50']);
    expect(highlight('nothing', termPattern(''))).toEqual([{ text: 'nothing', mark: false }]);
  });
});
