import { expect, it } from 'vitest';
import { formatSize } from './size.ts';

it('formats sizes in decimal units', () => {
  expect(formatSize(512)).toBe('512 B');
  expect(formatSize(1_500)).toBe('1.5 kB');
  expect(formatSize(48_200)).toBe('48 kB');
  expect(formatSize(3_400_000)).toBe('3.4 MB');
  expect(formatSize(2_000_000_000)).toBe('2.0 GB');
});
