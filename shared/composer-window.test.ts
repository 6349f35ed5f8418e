import { describe, expect, it } from 'vitest';
import { composerDraftId, composerUrl } from './composer-window.ts';

describe('the composer window address', () => {
  it('carries the draft id as its one query parameter, keeping the page and its fragment', () => {
    expect(composerUrl('poplar://mail/index.html', 12)).toBe('poplar://mail/index.html?composer=12');
    expect(composerUrl('http://127.0.0.1:8025/?x=1#token=abc', 7)).toBe('http://127.0.0.1:8025/?composer=7#token=abc');
    expect(composerDraftId('?composer=12')).toBe(12);
  });

  it('reads nothing else as a composer window', () => {
    for (const search of [
      '',
      '?composer=',
      '?composer=0',
      '?composer=-3',
      '?composer=1e3',
      '?composer=12&x=1',
      '?x=1',
      '?composer=99999999999999999',
    ])
      expect(composerDraftId(search), search).toBeNull();
  });
});
