// RETR and TOP (RFC 1939 §7): a message, or its headers and first lines, streamed to a
// consumer — never buffered whole. If the consumer fails (a full disk), the rest of the reply
// is still read and dropped, so the session stays in step and can end with QUIT.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { commandBudget } from '../budget.ts';
import type { Pop3Connection } from '../connection.ts';
import { retrieveBudgetMs } from '../limits.ts';
import type { BodyConsumer } from '../reader.ts';
import { command, type CommandLine } from '../transcript.ts';
import { ConsumerError, type PipelineStep } from './pipeline.ts';
import { expectOk } from './expect-ok.ts';

export interface Retrieved {
  readonly msg: number;
  /** Octets after dot-unstuffing: exactly what was handed to the consumer. */
  readonly octets: number;
  /** Octets of the whole body after unstuffing; more than `octets` when the consumer stopped early. */
  readonly received: number;
  /** The consumer returned STOP_CONSUMING (reader.ts): the rest was read and dropped. */
  readonly stopped: boolean;
  /** The size LIST announced for this message in this session, when it was asked. */
  readonly listed: number | null;
}

export function retrLine(msg: number): CommandLine {
  return command('RETR', String(msg));
}

export function topLine(msg: number, lines: number): CommandLine {
  return command('TOP', String(msg), String(lines));
}

/** Reads the reply to `RETR msg` (already sent) into `consume`. */
/**
 * Reads the reply to `RETR msg` / `TOP msg n` (already sent) into `consume`, within a budget
 * counted from now and scaled by the size LIST announced (limits.ts, retrieveBudgetMs). In a
 * pipelined run `now` is when the reply before it was read to its end: each reply its own.
 */
export async function readRetrieved(conn: Pop3Connection, verb: 'RETR' | 'TOP', msg: number, consume: BodyConsumer): Promise<Retrieved> {
  const listed = conn.maildrop.sizes.get(msg) ?? null;
  const size = listed === null ? '' : `, listed as ${listed} octets`;
  const budget = commandBudget(verb, `message ${msg} (${verb}${size})`, retrieveBudgetMs(conn.limits, listed, verb));
  await expectOk(conn, verb, budget);
  let failure: unknown = null;
  const guarded: BodyConsumer = (chunk) => {
    if (failure !== null) return;
    try {
      const answer = consume(chunk);
      if (answer instanceof Promise) return answer.catch((error: unknown) => void (failure = error));
      return answer;
    } catch (error) {
      failure = error;
    }
  };
  const read = await conn.readBody(guarded, verb === 'TOP' ? 'message headers' : 'message body', budget);
  if (failure !== null) throw consumerError(msg, failure);
  return { msg, octets: read.delivered, received: read.received, stopped: read.stopped, listed };
}

function consumerError(msg: number, failure: unknown): ConsumerError {
  return new ConsumerError(`message ${msg} could not be stored: ${failure instanceof Error ? failure.message : String(failure)}`, {
    cause: failure,
  });
}

export async function retr(conn: Pop3Connection, msg: number, consume: BodyConsumer): Promise<Retrieved> {
  conn.send(retrLine(msg));
  return readRetrieved(conn, 'RETR', msg, consume);
}

export async function top(conn: Pop3Connection, msg: number, lines: number, consume: BodyConsumer): Promise<Retrieved> {
  conn.send(topLine(msg, lines));
  return readRetrieved(conn, 'TOP', msg, consume);
}

export function retrStep(conn: Pop3Connection, msg: number, open: () => BodyConsumer): PipelineStep<Retrieved> {
  return {
    msg,
    line: retrLine(msg),
    read: async () => {
      // A consumer that cannot even be opened (the file cannot be created) fails this message
      // like one that fails while writing: the reply is still read to its end, so the
      // pipelined replies behind it stay in step and the other messages go on.
      let consume: BodyConsumer = () => undefined;
      let openFailed = false;
      let openFailure: unknown;
      try {
        consume = open();
      } catch (error) {
        openFailed = true;
        openFailure = error;
      }
      const retrieved = await readRetrieved(conn, 'RETR', msg, consume);
      if (openFailed) throw consumerError(msg, openFailure);
      return retrieved;
    },
  };
}

/** A consumer that writes into a stream and waits for 'drain' when it is full. */
export function intoWritable(stream: Writable): BodyConsumer {
  return (chunk) => {
    // A copy: the stream may keep the chunk queued after we return, and the chunk can be a
    // view into the connection's receive buffer, valid only until then (reader.ts).
    if (stream.write(Buffer.from(chunk))) return;
    return once(stream, 'drain').then(() => undefined);
  };
}
