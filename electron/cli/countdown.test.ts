// The LOGIN-DELAY wait of `poplar sync`: a countdown in place on a terminal, one plain line elsewhere.
import { describe, expect, it } from 'vitest';
import { countdown } from './countdown.ts';

describe('countdown', () => {
  it('on a terminal: counts the seconds down in place, then clears the line', async () => {
    const writes: string[] = [];
    const said: string[] = [];
    const until = Date.now() + 2200;
    await countdown(until, 'home: waiting', { say: (l) => said.push(l), tty: { write: (t) => writes.push(t) } });
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(said).toEqual([]);
    // (A timer that fires a millisecond early may repeat a second; it never skips one.)
    const shown = writes.slice(0, -1).filter((w, i, all) => w !== all[i - 1]);
    expect(shown).toEqual(['\r\x1b[Khome: waiting: 0:03', '\r\x1b[Khome: waiting: 0:02', '\r\x1b[Khome: waiting: 0:01']);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('elsewhere (a pipe, a cron log): one line, no carriage returns', async () => {
    const said: string[] = [];
    const until = Date.now() + 1500;
    await countdown(until, 'home: waiting', { say: (l) => said.push(l), tty: null });
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^home: waiting: [12] s, until \d\d:\d\d:\d\d\.$/);
  });
});
