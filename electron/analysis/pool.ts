// The analysis pool (issue 13): after a download commits a message (listed, from its header
// pass), its full MIME analysis and full-text row are made here, by worker threads, in the
// order the rows were stored. Nothing here is on a session's path: a session only calls kick().
//
// Resumable by construction: the work list is the rows with indexed_at null (a partial index),
// read from the database each time, so rows left by a crash or a closed app are picked up by
// the next pool. A job (up to ANALYSIS_BATCH rows) that fails as a whole leaves its rows
// waiting; a worker that dies on a job (a parser bug, its heap limit) has the job's rows tried
// one at a time, and a row that kills a worker on its own is recorded as failed rather than
// tried forever (store/message-insert.ts recordAnalysisFailure).
import os from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { recordAnalysisFailure, unindexedMessages, type UnindexedMessage } from '../store/message-insert.ts';
import { ANALYSIS_BATCH } from './analyse.ts';
import type { Job, JobAnswer, WorkerSetup } from './protocol.ts';

/** What a session needs of the analysis: to say that rows are waiting. */
export interface Analyser {
  kick(): void;
}

/** Workers stop after this long without work, and start again on the next kick. */
const IDLE_STOP_MS = 15_000;
/** After a job failed as a whole (a full disk, a database busy for long), the next try waits this long. */
const RETRY_AFTER_MS = 5_000;
/**
 * A worker's heap. A message the guards let through (mime/parse-limits.ts) needs less: the
 * parser streams attachments and caps text. V8 lets a heap grow towards its limit before it
 * collects in earnest, so a high limit costs memory (256 MB: two workers took a 20,000-message
 * first sync from 313 to 380 MB), and one near the live set costs time (48 MB: the same sync
 * took 320 s instead of 35 s, collecting). A parser gone wrong is stopped here instead of
 * taking the app's memory.
 */
const WORKER_HEAP_MB = 128;
/** The young generation: short-lived parser objects; V8's default (16 MB and up) is sized for throughput. */
const WORKER_YOUNG_MB = 8;

/**
 * One worker per core beside the engine's thread, at least one, at most four. Each costs its
 * own heap (about 100 MB with mailparser's tables), and the workers run at the lowest priority
 * (worker.ts): on two cores one worker keeps up with a download, and a second one only added
 * memory (20,000 messages: 313 MB peak instead of 278 MB).
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export interface AnalysisPoolOptions {
  /** The engine's connection: where the rows waiting are found. */
  readonly db: DatabaseSync;
  readonly setup: WorkerSetup;
  /** worker.ts, or its bundle (worker-script.ts). */
  readonly workerScript: URL | string;
  readonly size?: number;
  /** Rows recorded (called per job): for the window to show their snippets and attachments. */
  readonly onAnalysed?: (ids: readonly number[]) => void;
  /** A job failed as a whole, or a row could not be analysed; the text is for the log. */
  readonly onProblem?: (text: string) => void;
  readonly now?: () => number;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
}

export class AnalysisPool implements Analyser {
  readonly #o: AnalysisPoolOptions;
  readonly #size: number;
  readonly #slots = new Set<Slot>();
  /** Ids sent to a worker and not yet answered. */
  readonly #inflight = new Set<number>();
  /** Rows to try one at a time (their job's worker died). */
  readonly #singles: UnindexedMessage[] = [];
  /** Rows that killed a worker on their own once already. */
  readonly #suspects = new Set<number>();
  #cursor = 0;
  #nextJob = 1;
  #idleWaiters: Array<() => void> = [];
  #idleTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: AnalysisPoolOptions) {
    this.#o = options;
    this.#size = Math.max(1, options.size ?? defaultPoolSize());
  }

  /** Rows are waiting (a commit, a start): analyse them. Cheap when there is nothing to do. */
  kick(): void {
    if (this.#closed) return;
    if (this.#idleTimer !== null) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
    try {
      this.#pump();
    } catch (error) {
      // The engine's connection failed to list the rows (closed, damaged): they wait for the next kick.
      this.#o.onProblem?.(`could not list the messages waiting for analysis: ${(error as Error).message}`);
      this.#settle();
    }
  }

  /** Resolves when no row is waiting and no job runs (kicks first). */
  whenIdle(): Promise<void> {
    const idle = new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    this.kick();
    return idle;
  }

  /** Stops the workers; a job running is abandoned (its rows stay waiting for the next pool). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of [this.#idleTimer, this.#retryTimer]) if (timer !== null) clearTimeout(timer);
    const slots = [...this.#slots];
    this.#slots.clear();
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.#inflight.clear();
    this.#resolveIdle();
  }

  #pump(): void {
    for (;;) {
      const free = [...this.#slots].find((s) => s.job === null);
      if (free === undefined && this.#slots.size >= this.#size) return;
      const rows = this.#nextRows();
      if (rows.length === 0) {
        if (this.#inflight.size === 0) this.#settle();
        return;
      }
      const slot = free ?? this.#spawn();
      const job: Job = { job: this.#nextJob++, rows };
      slot.job = job;
      for (const r of rows) this.#inflight.add(r.id);
      slot.worker.postMessage(job);
    }
  }

  #nextRows(): UnindexedMessage[] {
    const single = this.#singles.shift();
    if (single !== undefined) return [single];
    if (this.#retryTimer !== null) return [];
    let rows = unindexedMessages(this.#o.db, ANALYSIS_BATCH, this.#cursor).filter((r) => !this.#inflight.has(r.id));
    // A row inserted under an id below the cursor (SQLite reuses the highest id after a
    // delete) is found by starting over once nothing else is running.
    if (rows.length === 0 && this.#cursor > 0 && this.#inflight.size === 0) {
      this.#cursor = 0;
      rows = unindexedMessages(this.#o.db, ANALYSIS_BATCH, 0);
    }
    const last = rows[rows.length - 1];
    if (last !== undefined) this.#cursor = last.id;
    return rows;
  }

  #spawn(): Slot {
    const worker = new Worker(this.#o.workerScript, {
      workerData: this.#o.setup,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    worker.unref();
    const slot: Slot = { worker, job: null };
    this.#slots.add(slot);
    worker.on('message', (answer: JobAnswer) => this.#answered(slot, answer));
    worker.on('error', (error) => this.#died(slot, error.message));
    worker.on('exit', (code) => this.#died(slot, `the analysis worker exited (code ${code})`));
    return slot;
  }

  #answered(slot: Slot, answer: JobAnswer): void {
    const job = slot.job;
    if (job === null || job.job !== answer.job) return;
    slot.job = null;
    for (const r of job.rows) this.#inflight.delete(r.id);
    if ('error' in answer) {
      this.#o.onProblem?.(`analysis of ${job.rows.length} message(s) failed, tried again later: ${answer.error}`);
      this.#retryTimer ??= setTimeout(() => {
        this.#retryTimer = null;
        this.kick();
      }, RETRY_AFTER_MS);
    } else if (answer.done.length > 0) {
      this.#o.onAnalysed?.(answer.done);
    }
    this.kick();
  }

  #died(slot: Slot, reason: string): void {
    if (!this.#slots.delete(slot)) return; // 'error' is followed by 'exit'
    const job = slot.job;
    slot.job = null;
    if (this.#closed || job === null) return;
    for (const r of job.rows) this.#inflight.delete(r.id);
    if (job.rows.length > 1) {
      this.#singles.push(...job.rows);
    } else {
      const row = job.rows[0];
      if (row !== undefined && this.#suspects.has(row.id)) {
        this.#suspects.delete(row.id);
        const text = `Poplar could not analyse this message (${reason}); it is listed by its headers only.`;
        if (recordAnalysisFailure(this.#o.db, row.id, text, (this.#o.now ?? Date.now)())) this.#o.onAnalysed?.([row.id]);
      } else if (row !== undefined) {
        this.#suspects.add(row.id);
        this.#singles.push(row);
      }
    }
    this.#o.onProblem?.(reason);
    this.kick();
  }

  #settle(): void {
    this.#resolveIdle();
    if (this.#idleTimer === null && this.#slots.size > 0 && !this.#closed) {
      this.#idleTimer = setTimeout(() => {
        this.#idleTimer = null;
        if (this.#inflight.size > 0) return;
        const slots = [...this.#slots];
        this.#slots.clear();
        for (const s of slots) void s.worker.terminate();
      }, IDLE_STOP_MS);
      this.#idleTimer.unref();
    }
  }

  #resolveIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
