// The engine's events (shared/contract.ts Events) and their listeners. A listener that throws
// is logged and skipped: one broken window must not stop the scheduler that emits.
import type { EventName, Events } from '../../shared/contract.ts';

export type Listener<E extends EventName> = (payload: Events[E]) => void;

export class EngineEvents {
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => void set.delete(entry);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        this.#log(`poplar engine: a listener of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
