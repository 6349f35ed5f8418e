// Pipelining (RFC 2449 §6.6): keep up to `window` commands in flight and read the replies
// in order. Without PIPELINING the window is 1, which is plain request/response.
import type { Pop3Connection } from '../connection.ts';
import { isPop3Error, Pop3Error } from '../errors.ts';
import type { ClientLine } from '../transcript.ts';

export interface PipelineStep<R> {
  /** The message this command is about (pipelined commands are per message: RETR, DELE). */
  readonly msg: number;
  readonly line: ClientLine;
  /** Reads this command's whole reply (status and any body) and returns its result. */
  read(): Promise<R>;
}

/** A command's own failure (-ERR to it); the connection is still in step. */
export interface StepFailure {
  readonly failed: true;
  readonly error: Error;
}

/**
 * Runs `steps` in order and hands each result (or its own failure) to `settle`. A failure
 * that breaks the connection (timeout, drop, protocol error) ends the run by throwing: the
 * replies of commands still in flight are lost with it, and the caller must treat those
 * commands as not done. So does a `settle` that throws; the connection is then closed, since
 * the replies still in flight would be read as the answers to later commands.
 */
export async function runPipelined<R>(
  conn: Pop3Connection,
  steps: readonly PipelineStep<R>[],
  window: number,
  settle: (result: R | StepFailure, step: PipelineStep<R>) => void | Promise<void>,
): Promise<void> {
  const size = Math.max(1, window);
  let sent = 0;
  const sendUpTo = (limit: number): void => {
    const batch = steps.slice(sent, Math.min(limit, steps.length)).map((step) => step.line);
    sent += batch.length;
    if (batch.length > 0) conn.send(...batch);
  };
  let replies = 0; // replies read to their end
  try {
    sendUpTo(size);
    for (const [index, step] of steps.entries()) {
      let result: R | StepFailure;
      try {
        result = await step.read();
      } catch (error) {
        if (!isStepFailure(error) || !conn.usable) throw error;
        result = { failed: true, error: error as Error };
      }
      replies++;
      // Refill the window before handling the result, so the server keeps sending while we
      // write the previous message to disk — once half of it has drained, so that one write
      // carries many commands instead of one write (a system call) per reply.
      if (sent - (index + 1) <= size / 2) sendUpTo(index + 1 + size);
      await settle(result, step);
    }
  } catch (error) {
    // The run stops (a settle that threw, a reply we could not finish reading) with replies
    // still unread. The next line on the connection belongs to one of them, so a later
    // command would read the wrong reply — worst, QUIT would take a RETR's "+OK" for its own
    // and report DELEs as committed (RFC 1939 §6). Close the connection instead: without
    // QUIT, the server rolls back the DELEs, the safe side.
    if (sent > replies && conn.usable) {
      conn.abort(
        new Pop3Error('aborted', {
          cause: error,
          message: `a pipelined run stopped with ${sent - replies} replies unread; the connection was closed because it was out of step`,
        }),
      );
    }
    throw error;
  }
}

/** -ERR to the command itself, or a local failure that left the reply fully read. */
function isStepFailure(error: unknown): boolean {
  if (isPop3Error(error)) return error.code === 'command-failed' || error.code === 'server-temporary' || error.code === 'server-permanent';
  return error instanceof ConsumerError;
}

/** Thrown when the body consumer failed (disk full…) but the reply was read to its end. */
export class ConsumerError extends Error {
  override readonly name = 'ConsumerError';
}

export function isStepFailureResult<R>(result: R | StepFailure): result is StepFailure {
  return typeof result === 'object' && result !== null && (result as StepFailure).failed === true;
}
