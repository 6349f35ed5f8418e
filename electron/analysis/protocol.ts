// Messages between the analysis pool (pool.ts) and its workers (worker.ts).
import type { UnindexedMessage } from '../store/message-insert.ts';

export interface WorkerSetup {
  readonly dbPath: string;
  /** The profile's messages folder (MessageFiles root). */
  readonly filesRoot: string;
}

export interface Job {
  readonly job: number;
  readonly rows: readonly UnindexedMessage[];
}

/** The ids recorded, or why the job failed as a whole (the rows stay waiting). */
export type JobAnswer = { readonly job: number; readonly done: number[] } | { readonly job: number; readonly error: string };
