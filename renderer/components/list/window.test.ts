import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleWindow } from './window.ts';

describe('the list window', () => {
  it('renders only the rows in view plus the overscan', () => {
    expect(visibleWindow(0, 400, 40, 10_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(4_000, 400, 40, 10_000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleWindow(399_800, 400, 40, 10_000, 5)).toEqual({ start: 9_990, end: 10_000 });
  });

  it('copes with empty lists, negative scroll (rubber-banding) and partial rows', () => {
    expect(visibleWindow(0, 400, 40, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleWindow(-30, 400, 40, 3, 0)).toEqual({ start: 0, end: 3 });
    expect(visibleWindow(20, 50, 40, 100, 0)).toEqual({ start: 0, end: 2 });
  });

  it('scrolls a row into view only when it is not', () => {
    expect(scrollToShow(5, 0, 400, 40)).toBeNull();
    expect(scrollToShow(12, 0, 400, 40)).toBe(120);
    expect(scrollToShow(2, 200, 400, 40)).toBe(80);
  });
});
