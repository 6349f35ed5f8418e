import { describe, expect, it } from 'vitest';
import { FakeClock, mulberry32 } from './fake-clock.ts';

describe('FakeClock', () => {
  it('fires due timers in time order, each at its own time, and no others', () => {
    const clock = new FakeClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['c', clock.now()]), 300);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 5000);
    clock.advanceTo(1250);
    expect(fired).toEqual([
      ['a', 1100],
      ['b', 1200],
    ]);
    expect(clock.now()).toBe(1250);
    expect(clock.nextTimerAt()).toBe(1300);
    expect(clock.pendingTimers()).toBe(2);
    clock.advanceBy(50);
    expect(fired.at(-1)).toEqual(['c', 1300]);
  });

  it('fires timers due at the same moment in the order they were set', () => {
    const clock = new FakeClock();
    const order: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => order.push(n), 10);
    clock.advanceBy(10);
    expect(order).toEqual([1, 2, 3]);
  });

  it('fires a timer set by a callback when it falls due within the same advance', () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const tick = (): void => {
      at.push(clock.now());
      clock.setTimeout(tick, 60);
    };
    clock.setTimeout(tick, 60);
    clock.advanceBy(200);
    expect(at).toEqual([60, 120, 180]);
    expect(clock.nextTimerAt()).toBe(240);
    expect(clock.firedTimers).toBe(3);
  });

  it('treats a zero or negative delay as "at once" and forgets cleared timers', () => {
    const clock = new FakeClock(50);
    let ran = 0;
    clock.setTimeout(() => ran++, -5);
    const cleared = clock.setTimeout(() => (ran += 100), 10);
    clock.clearTimeout(cleared);
    clock.clearTimeout(undefined);
    expect(clock.pendingTimers()).toBe(1);
    clock.advanceBy(0);
    expect(ran).toBe(1);
    clock.advanceBy(1000);
    expect(ran).toBe(1);
    expect(clock.nextTimerAt()).toBeNull();
    expect(clock.advanceToNextTimer()).toBe(false);
  });

  it('sleeping moves the time without firing; the late timers fire on the next advance', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 100);
    clock.sleepBy(10_000);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(10_000);
    clock.advanceBy(0);
    expect(fired).toEqual([10_000]);
  });

  it('advancing asynchronously also fires the timers that settled work sets', async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    // Each tick sets the next one only after an await, as a session that ends and replans does.
    const tick = (): void => {
      at.push(clock.now());
      void Promise.resolve().then(() => clock.setTimeout(tick, 60));
    };
    clock.setTimeout(tick, 60);
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    await clock.advanceToAsync(400, settle);
    expect(at).toEqual([60, 120, 180, 240, 300, 360]);
    expect(clock.now()).toBe(400);
  });

  it('never goes back', () => {
    const clock = new FakeClock(100);
    expect(() => clock.advanceTo(99)).toThrow(/cannot go back/);
    expect(() => clock.sleepTo(99)).toThrow(/cannot go back/);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
