import { describe, expect, it } from 'vitest';
import { highlight } from '../list/highlight.ts';
import { bodyPattern } from './body-highlight.ts';

const marked = (search: string, text: string): string[] =>
  highlight(text, bodyPattern(search))
    .filter((p) => p.mark)
    .map((p) => p.text);

describe('bodyPattern', () => {
  it('marks free words and phrases where a word begins, not operator values', () => {
    expect(marked('party "summer party" from:ann subject:budget', 'Summer party, the party-goers; ann and budget; departy')).toEqual([
      'Summer party',
      'party',
    ]);
    expect(marked('ocel', 'Ocelots and an ocelot')).toEqual(['Ocel', 'ocel']);
    expect(bodyPattern('is:unread has:attachment')).toBeNull();
    expect(marked('a.b (x)', 'a.b (x) axb')).toEqual(['a.b', '(x)']);
  });
});
