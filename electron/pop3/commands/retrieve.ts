// RETR and TOP (RFC 1939 §7): a message, or its headers and first lines, streamed to a
// consumer — never buffered whole. If the consumer fails (a full disk), the rest of the reply
// is still read and dropped, so the session stays in step and can end with QUIT.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Pop3Connection } from '../connection.ts';
import type { BodyConsumer } from '../reader.ts';
import { command, type CommandLine } from '../transcript.ts';
import { ConsumerError, type PipelineStep } from './pipeline.ts';
import { expectOk } from './status.ts';

export interface Retrieved {
  readonly msg: number;
  /** Octets after dot-unstuffing: exactly what was handed to the consumer. */
  readonly octets: number;
}

export function retrLine(msg: number): CommandLine {
  return command('RETR', String(msg));
}

export function topLine(msg: number, lines: number): CommandLine {
  return command('TOP', String(msg), String(lines));
}

/** Reads the reply to `RETR msg` (already sent) into `consume`. */
export async function readRetrieved(conn: Pop3Connection, verb: 'RETR' | 'TOP', msg: number, consume: BodyConsumer): Promise<Retrieved> {
  await expectOk(conn, verb);
  let failure: unknown = null;
  const guarded: BodyConsumer = (chunk) => {
    if (failure !== null) return;
    try {
      const pending = consume(chunk);
      if (pending) return pending.catch((error: unknown) => void (failure = error));
    } catch (error) {
      failure = error;
    }
  };
  const octets = await conn.readBody(guarded, verb === 'TOP' ? 'message headers' : 'message body');
  if (failure !== null) throw consumerError(msg, failure);
  return { msg, octets };
}

function consumerError(msg: number, failure: unknown): ConsumerError {
  return new ConsumerError(`message ${msg} could not be stored: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
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
