// The one setting behind every timeout of the suite (tests/support/timeouts.ts), and that the
// Vitest projects take their defaults from it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_TIME_SCALE, scaled, seconds, testTimeScaleFor } from './timeouts.ts';

describe('POPLAR_TEST_TIME_SCALE', () => {
  it('is 1 by default, 2 under CI, and what it says when set', () => {
    expect(testTimeScaleFor({})).toBe(1);
    expect(testTimeScaleFor({ CI: 'true' })).toBe(2);
    expect(testTimeScaleFor({ POPLAR_TEST_TIME_SCALE: '3' })).toBe(3);
    expect(testTimeScaleFor({ POPLAR_TEST_TIME_SCALE: '1.5', CI: 'true' })).toBe(1.5);
    expect(testTimeScaleFor({ POPLAR_TEST_TIME_SCALE: ' ', CI: 'true' })).toBe(2);
  });

  it.each(['0', '0.5', '-2', 'fast', 'NaN', 'Infinity', '101'])('refuses %j rather than shrinking or removing every timeout', (text) => {
    expect(() => testTimeScaleFor({ POPLAR_TEST_TIME_SCALE: text })).toThrow(/POPLAR_TEST_TIME_SCALE must be a number from 1 to 100/);
  });

  it('scales seconds and milliseconds by the scale of this run', () => {
    expect(seconds(30)).toBe(30_000 * TEST_TIME_SCALE);
    expect(scaled(250)).toBe(Math.round(250 * TEST_TIME_SCALE));
  });

  it('every Vitest project takes its test and hook timeouts from seconds(), none from a bare number', () => {
    const config = readFileSync(new URL('../../vitest.config.ts', import.meta.url), 'utf8');
    const projects = config.match(/name: '[a-z0-9]+'/g) ?? [];
    expect(projects.length).toBeGreaterThanOrEqual(4);
    expect(config.match(/testTimeout: seconds\(\d+\)/g)?.length).toBe(projects.length);
    expect(config.match(/hookTimeout: seconds\(\d+\)/g)?.length).toBe(projects.length);
    expect(config).not.toMatch(/(test|hook)Timeout: \d/);
  });

  it('no test file gives a test, hook or wait a bare number of milliseconds (use seconds() or scaled())', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = ['electron', 'renderer', 'shared', 'tests', 'tools', 'bench'].flatMap((dir) =>
      (readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => path.join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(50);
    const bare: string[] = [];
    for (const file of files) {
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // `}, 60_000);` closing an it/beforeAll, `{ timeout: 60_000 }`, page.setDefaultTimeout(15_000)
          if (!/^\s*\/\//.test(line) && /^\s*\}, \d[\d_]*\);\s*$|\btimeout: \d|setDefaultTimeout\(\d/.test(line))
            bare.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bare).toEqual([]);
  });
});
