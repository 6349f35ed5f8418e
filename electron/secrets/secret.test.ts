import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, Secret } from './secret.ts';

const PASSWORD = 'correct horse battery staple';

describe('Secret', () => {
  it('shows itself nowhere but through reveal()', () => {
    const s = new Secret(PASSWORD);
    expect(s.reveal()).toBe(PASSWORD);
    expect(String(s)).toBe(REDACTED);
    expect(`${s}`).toBe(REDACTED);
    expect(JSON.stringify({ s })).toBe(`{"s":"${REDACTED}"}`);
    expect(inspect(s)).toBe(REDACTED);
    expect(inspect({ deep: { s } }, { depth: 10, showHidden: true })).not.toContain('horse');
    expect(Object.keys(s)).toEqual([]);
  });
});
