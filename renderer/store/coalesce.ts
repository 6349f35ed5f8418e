// Bursts into single runs: the engine may push dozens of events in a second while a sync
// commits, and each would otherwise cause its own request and its own render.

/**
 * `run` at most once at a time: a call while it runs asks for one more run after it (however
 * many calls came meanwhile), so the last call always sees fresh data and a burst costs two runs.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const call = (): Promise<void> => {
    if (running === null) {
      running = run().finally(() => {
        running = null;
      });
      return running;
    }
    again ??= running
      .catch(() => undefined)
      .then(() => {
        again = null;
        return call();
      });
    return again;
  };
  return call;
}

/** Runs `flush` soon: at the next animation frame, or after `fallbackMs` where frames do not come (a hidden window, Node). */
export function nextFrame(flush: () => void, fallbackMs = 100): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, typeof requestAnimationFrame === 'function' ? fallbackMs : 0);
}
