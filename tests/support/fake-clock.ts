// A deterministic clock for the scheduler's tests (STYLE.md, "Time is a parameter"): time
// moves only when the test says, and timers fire in time order, each with now() equal to
// its due time, so days of simulated time run in milliseconds and every run is the same.
//
//   const clock = new FakeClock(Date.UTC(2026, 0, 5, 8));
//   const scheduler = new Scheduler({ clock, random: mulberry32(seed), ... });
//   clock.advanceBy(10 * MINUTE);   // fires what fell due, in order
//   clock.sleepBy(3 * HOUR);        // the computer slept: time moved, no timer fired yet
import type { Clock } from '../../electron/sync/scheduler.ts';

// The mulberry32 generator already in the test support, under the name tests look for.
export { seededRandom as mulberry32 } from './messages.ts';

interface Timer {
  readonly at: number;
  /** Order of creation: timers due at the same moment fire in the order they were set. */
  readonly seq: number;
  readonly callback: () => void;
}

/** An opaque timer handle, as `setTimeout` returns one. */
export interface FakeTimerHandle {
  readonly fakeTimer: number;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #fired = 0;
  readonly #timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Like the global setTimeout: a negative, NaN or missing delay means "as soon as possible". */
  setTimeout(callback: () => void, ms: number): FakeTimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#now + delay, seq, callback });
    return { fakeTimer: seq };
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'object' && handle !== null && 'fakeTimer' in handle && typeof handle.fakeTimer === 'number') {
      this.#timers.delete(handle.fakeTimer);
    }
  }

  /**
   * Moves time forward to `t`, firing every timer due by then in time order (timers set by
   * a callback fire too when they fall due by `t`). A callback runs with now() equal to its
   * due time. Moving backwards is an error: a monotonic clock never does.
   */
  advanceTo(t: number): void {
    if (t < this.#now) throw new Error(`the fake clock cannot go back from ${this.#now} to ${t}`);
    for (let timer = this.#due(t); timer !== null; timer = this.#due(t)) {
      this.#timers.delete(timer.seq);
      this.#now = Math.max(this.#now, timer.at);
      this.#fired += 1;
      timer.callback();
    }
    this.#now = t;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /**
   * Like advanceTo, one due time at a time, awaiting `settle()` after each: a timer often
   * starts asynchronous work that sets the next timer only when it finishes (a session ends,
   * then the scheduler plans the next one), and that timer must fire too when due by `t`.
   */
  async advanceToAsync(t: number, settle: () => Promise<void>): Promise<void> {
    if (t < this.#now) throw new Error(`the fake clock cannot go back from ${this.#now} to ${t}`);
    await settle();
    for (let next = this.nextTimerAt(); next !== null && next <= t; next = this.nextTimerAt()) {
      this.advanceTo(Math.max(next, this.#now));
      await settle();
    }
    this.advanceTo(t);
    await settle();
  }

  /** Fires the earliest pending timer (and any due at the same moment); false when none is set. */
  advanceToNextTimer(): boolean {
    const at = this.nextTimerAt();
    if (at === null) return false;
    this.advanceTo(Math.max(at, this.#now));
    return true;
  }

  /**
   * The computer slept: the clock moves to `t` but no timer fires. Timers that fell due fire
   * late, on the next advance, as real timers do after a resume.
   */
  sleepTo(t: number): void {
    if (t < this.#now) throw new Error(`the fake clock cannot go back from ${this.#now} to ${t}`);
    this.#now = t;
  }

  sleepBy(ms: number): void {
    this.sleepTo(this.#now + ms);
  }

  /** When the earliest pending timer is due, or null when none is set. */
  nextTimerAt(): number | null {
    let next: number | null = null;
    for (const timer of this.#timers.values()) if (next === null || timer.at < next) next = timer.at;
    return next;
  }

  /** How many timers are set and have not fired nor been cleared. */
  pendingTimers(): number {
    return this.#timers.size;
  }

  /** How many timer callbacks have run since the clock was made. */
  get firedTimers(): number {
    return this.#fired;
  }

  #due(t: number): Timer | null {
    let first: Timer | null = null;
    for (const timer of this.#timers.values()) {
      if (timer.at > t) continue;
      if (first === null || timer.at < first.at || (timer.at === first.at && timer.seq < first.seq)) first = timer;
    }
    return first;
  }
}
