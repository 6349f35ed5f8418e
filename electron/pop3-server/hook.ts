// The rule hook: before the server answers a moment of a session (the greeting, a command, or
// a login whose credentials were accepted), it asks the hook what to do instead. No answer: the
// server's own. An action can change the reply, delay it, drip it, cut it off, never give it,
// or end the connection; a test server builds its fault rules on it, the demo its "another
// device holds the mailbox" switch.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloseMode, Connection } from './connection.ts';

/**
 * What the hook is asked about. `command` is a verb as the client sent it (upper-cased), or one
 * of two moments that are not commands:
 * - `GREETING`: the server's first line, before the client has said anything;
 * - `LOGIN`: credentials were accepted (by PASS, APOP or AUTH) and the server is about to
 *   lock the maildrop. This is where real servers refuse with `[IN-USE]` (RFC 2449 §8.1.2:
 *   "the authentication was successful, but the user's maildrop is currently in use").
 */
export interface Moment {
  readonly command: string;
  /** The text after the verb (`RETR 2` → `'2'`); the user name at `LOGIN`. */
  readonly arg: string;
  /** 1-based index of the session (connection) on this server. */
  readonly session: number;
  /** 1-based occurrence of `command` within the session. */
  readonly nth: number;
}

/**
 * What to do instead of, or around, the default handling of a moment. In order: wait
 * `delayMs`; `stall` (answer nothing, ever); send `raw`, then `reply`; when neither `raw` nor
 * `reply` is given, run the default handler (limited to `dropAfterBytes` bytes when set);
 * finally close the connection if `close` or `dropAfterBytes` says so. An action that replies
 * does not change the session's state: a `-ERR` at PASS leaves it in AUTHORIZATION, as a
 * real refusal does.
 */
export interface Action {
  /** Lines to send; CRLF is added to each. */
  reply?: string | readonly string[];
  /** Exact bytes to send (garbage, an over-long line, a bare LF). Sent before `reply`. */
  raw?: Buffer | string;
  /** Milliseconds to wait before acting (real time: this is socket I/O). */
  delayMs?: number;
  /** Never answer this command nor any later one, until the connection closes. */
  stall?: boolean;
  /**
   * Send only the first N bytes of the default response (RETR, TOP, LIST, UIDL, ...), then
   * close the connection (with `close`, default `end`). The connection is closed even when
   * the response was shorter than N.
   */
  dropAfterBytes?: number;
  /**
   * Close after acting. `reset` waits until the bytes before it have been handed to the
   * kernel, but the peer may still discard unread bytes when the RST arrives; use `end`
   * when a test counts the bytes that arrived.
   */
  close?: CloseMode;
  /**
   * Send what the action (or the default handler) answers `bytes` at a time, one piece every
   * `everyMs`: a server that is never silent for long and never finishes (a drip-feed).
   */
  drip?: { bytes: number; everyMs: number };
  /**
   * Answer with `status` (default `+OK`), then `line` + CRLF, `linesPerTick` times every
   * `everyMs`, for as long as the connection lasts: a multi-line reply without its end.
   */
  endless?: { status?: string; line?: string; everyMs: number; linesPerTick?: number };
}

export type Hook = (moment: Moment) => Action | undefined;

/** What an action needs of the session it acts in. */
export interface ActionSession {
  readonly conn: Connection;
  /** False once the session has ended for the server. */
  live(): boolean;
  /** No more commands are answered; lines still arriving are only heard. */
  stopAnswering(): void;
  /** A line the client sent while the session no longer answers. */
  heard(line: string): void;
  /** The session ends from the server's side. */
  serverClosed(): void;
}

/** Runs `action` around `fallback`, the server's own handling of the moment. */
export async function perform(action: Action, session: ActionSession, fallback: () => Promise<void>): Promise<void> {
  const { conn } = session;
  if (action.delayMs !== undefined) await sleep(action.delayMs);
  if (action.stall === true) {
    // Hung: what the client sends is still heard, never answered, until it closes.
    session.stopAnswering();
    for (let read = await conn.next(); read !== null; read = await conn.next()) {
      if (read.kind === 'line') session.heard(read.text);
    }
    return;
  }
  if (action.endless !== undefined) return endless(action.endless, session);
  if (action.dropAfterBytes !== undefined) conn.limit(action.dropAfterBytes);
  if (action.drip !== undefined) conn.capture();
  if (action.raw !== undefined) conn.write(action.raw);
  if (action.reply !== undefined) conn.reply(...[action.reply].flat());
  if (action.raw === undefined && action.reply === undefined) await fallback();
  if (action.drip !== undefined) await drip(conn.release(), action.drip, session);
  if (action.dropAfterBytes !== undefined || action.close !== undefined) {
    session.stopAnswering();
    session.serverClosed();
    await conn.close(action.close ?? 'end');
  }
}

/** Sends `bytes` a few at a time, for as long as the client stays (a drip-feed). */
async function drip(bytes: Buffer, { bytes: size, everyMs }: { bytes: number; everyMs: number }, session: ActionSession): Promise<void> {
  const step = Math.max(1, size);
  for (let at = 0; at < bytes.length && !session.conn.gone && session.live(); at += step) {
    session.conn.write(bytes.subarray(at, at + step));
    await sleep(everyMs);
  }
}

/** A multi-line reply that never ends: lines at a steady pace until the client hangs up. */
async function endless(spec: NonNullable<Action['endless']>, session: ActionSession): Promise<void> {
  const { status = '+OK', line = 'X'.repeat(998), everyMs, linesPerTick = 1 } = spec;
  session.stopAnswering(); // nothing after this is answered
  session.conn.reply(status);
  const tick = Buffer.from(`${line}\r\n`.repeat(linesPerTick));
  while (!session.conn.gone && session.live()) {
    session.conn.write(tick);
    await Promise.all([session.conn.flushed(), sleep(everyMs)]);
  }
}
