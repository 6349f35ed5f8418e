// Answers delivered a frame at a time. At start and while scrolling, several answers arrive
// within one frame (the first page, its count, the accounts, the pages ahead); each would set
// the store and render on its own. Handing them over together, at the next animation frame,
// lets React render once for all of them — and nothing is painted later than it would be.
import type { PoplarApi } from '../../shared/contract.ts';
import { nextFrame } from '../store/coalesce.ts';

export function frameBatched(api: PoplarApi, schedule: (flush: () => void) => void = (flush) => nextFrame(flush)): PoplarApi {
  let queue: Array<() => void> | null = null;
  const later = (run: () => void): void => {
    if (queue === null) {
      const mine: Array<() => void> = (queue = []);
      schedule(() => {
        queue = null;
        for (const deliver of mine) deliver();
      });
    }
    queue.push(run);
  };
  return {
    invoke: (channel, ...args) =>
      new Promise((resolve, reject) => {
        api.invoke(channel, ...args).then(
          (value) => later(() => resolve(value)),
          (error: unknown) => later(() => reject(error as Error)),
        );
      }),
    on: (event, listener) => api.on(event, listener),
  };
}
