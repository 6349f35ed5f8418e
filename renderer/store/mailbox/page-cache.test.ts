import { describe, expect, it } from 'vitest';
import { summary } from '../test-data.ts';
import { cachedRows, indexOfId, mapRows, PageLru, rowAt, withPages } from './page-cache.ts';
import { neighbourPages, pageRuns, PAGE_SIZE } from './paging.ts';

const page = (n: number) => Array.from({ length: PAGE_SIZE }, (_, i) => summary(n * PAGE_SIZE + i + 1));

describe('the page cache', () => {
  it('finds rows by index and by message id across pages', () => {
    const pages = { 0: page(0), 3: page(3) };
    expect(rowAt(pages, 0)?.id).toBe(1);
    expect(rowAt(pages, 305)?.id).toBe(306);
    expect(rowAt(pages, 150)).toBeUndefined();
    expect(rowAt(pages, -1)).toBeUndefined();
    expect(indexOfId(pages, 306)).toBe(305);
    expect(indexOfId(pages, 150)).toBeNull();
    expect(cachedRows(pages).map((r) => r.id)).toEqual([...page(0), ...page(3)].map((r) => r.id));
  });

  it('changes rows without copying the pages where nothing changed', () => {
    const pages = { 0: page(0), 1: page(1) };
    const next = mapRows(pages, (r) => (r.id === 150 ? { ...r, read: false } : r));
    expect(next[0]).toBe(pages[0]);
    expect(next[1]).not.toBe(pages[1]);
    expect(rowAt(next, 149)?.read).toBe(false);
    expect(withPages(next, { 2: page(2) }, [0])).toEqual({ 1: next[1], 2: page(2) });
  });

  it('evicts the least recently used pages beyond its bound, never one it must keep', () => {
    const lru = new PageLru(3);
    lru.touch([0, 1, 2, 3, 4]);
    expect(lru.evict(new Set([0]))).toEqual([1, 2]);
    lru.touch([0]);
    lru.touch([5]);
    expect(lru.evict(new Set())).toEqual([3]);
    expect(lru.evict(new Set())).toEqual([]);
  });
});

describe('paging', () => {
  it('groups missing pages into runs of at most five', () => {
    expect(pageRuns([4, 2, 3, 9])).toEqual([
      { first: 2, count: 3 },
      { first: 9, count: 1 },
    ]);
    expect(pageRuns([0, 1, 2, 3, 4, 5, 6])).toEqual([
      { first: 0, count: 5 },
      { first: 5, count: 2 },
    ]);
    expect(pageRuns([])).toEqual([]);
  });

  it('names the pages either side of the view, within the list', () => {
    expect(neighbourPages([4, 5], 1, null)).toEqual([6, 3]);
    expect(neighbourPages([0], 2, 250)).toEqual([1, 2]);
    expect(neighbourPages([2], 1, 250)).toEqual([1]);
    expect(neighbourPages([], 1, null)).toEqual([]);
  });
});
