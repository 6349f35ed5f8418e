// The full analysis of stored messages: mailparser over each file (mime/parse.ts), then one
// transaction that records them all (store/message-insert.ts recordAnalysis). Run by the
// analysis workers (worker.ts) on their own connection, and inline (analysePending) where no
// pool runs: the tests of a single session, and the CLI commands that read one profile once.
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { isMainThread } from 'node:worker_threads';
import { transaction } from '../store/database.ts';
import type { MessageFiles } from '../store/message-files.ts';
import { recordAnalysis, recordAnalysisFailure, unindexedMessages, type UnindexedMessage } from '../store/message-insert.ts';
import { parseMessageFile, type ParsedMessage } from '../mime/parse.ts';

/** Rows analysed and recorded together: one short write transaction per batch. */
export const ANALYSIS_BATCH = 16;
/** Files up to this size are read whole (analyseFile). */
const WHOLE_READ_BYTES = 4 * 1024 * 1024;
/** Blocking reads only off the engine's thread: in a worker (worker.ts), not inline (analysePending). */
const readWhole = !isMainThread;

/**
 * The analysis of one stored file, or why there is none: a file that cannot be read (ENOENT,
 * EACCES, EIO) is not a bad message but a missing one, and its row keeps what the header pass
 * read instead of being indexed as if it were empty.
 */
export async function analyseFile(files: MessageFiles, row: UnindexedMessage): Promise<ParsedMessage | string> {
  try {
    // A worker has its own thread: a small file is read in one blocking call, which costs less
    // than a stream's round trips through the thread pool the downloads are using. A large one
    // is streamed, so its memory stays bounded (mime/parse.ts).
    const file = files.absolute(row.path);
    const source = readWhole && row.size <= WHOLE_READ_BYTES ? readFileSync(file) : file;
    return await parseMessageFile(source, { partial: row.partial, sizeHint: row.size });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `The stored copy of this message cannot be read (${code}). It may have been moved or deleted outside Poplar.`;
  }
}

/** Analyses `rows` and records them in one transaction; returns the ids recorded (rows deleted meanwhile are not). */
export async function analyseRows(
  db: DatabaseSync,
  files: MessageFiles,
  rows: readonly UnindexedMessage[],
  now: () => number,
): Promise<number[]> {
  const parsed: Array<[UnindexedMessage, ParsedMessage | string]> = [];
  for (const row of rows) parsed.push([row, await analyseFile(files, row)]);
  const done: number[] = [];
  transaction(db, () => {
    const at = now();
    for (const [row, p] of parsed) {
      const recorded = typeof p === 'string' ? recordAnalysisFailure(db, row.id, p, at) : recordAnalysis(db, row.id, p, at);
      if (recorded) done.push(row.id);
    }
  });
  return done;
}

/** Analyses every row still waiting, on this thread; returns how many were recorded. */
export async function analysePending(db: DatabaseSync, files: MessageFiles, now: () => number): Promise<number> {
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = unindexedMessages(db, ANALYSIS_BATCH, after);
    const last = rows.at(-1);
    if (last === undefined) return count;
    count += (await analyseRows(db, files, rows, now)).length;
    after = last.id;
  }
}
