// One POP3 connection: put a line, get a status line, get a listing, stream a body
// (poplib's layering). Commands (commands/*.ts) are small functions over this; the client
// class (client.ts) strings them into a session. Every line in and out goes through the
// transcript recorder, which sees client lines only in their redacted form.
import type { Socket } from 'node:net';
import type { ReadBudget } from './budget.ts';
import { Pop3Error } from './errors.ts';
import { DEFAULT_LIMITS, MAX_LISTING_OCTETS, MAX_RESPONSE_LINE_OCTETS, type Pop3Limits } from './limits.ts';
import { SocketReader, type BodyConsumer, type BodyRead, type ReceiveBuffer } from './reader.ts';
import { parseAuthReply, parseStatusLine, unstuffLine, type AuthReply, type StatusLine } from './response.ts';
import { renderForWire, type ClientLine, type TranscriptRecorder } from './transcript.ts';

/**
 * LIST sizes by message number, for the RETR budgets: 8 octets a message in one typed array,
 * not a Map (a 100,000-message mailbox costs 800 KB, not several MB; issue 11, item 6).
 */
export class SizeTable {
  #sizes = new Float64Array(0);

  set(msg: number, octets: number): void {
    if (!Number.isSafeInteger(msg) || msg < 1 || msg > 10_000_000) return;
    if (msg >= this.#sizes.length) {
      const grown = new Float64Array(Math.max(msg + 1, this.#sizes.length * 2, 64)).fill(Number.NaN);
      grown.set(this.#sizes);
      this.#sizes = grown;
    }
    this.#sizes[msg] = octets;
  }

  get(msg: number): number | null {
    const octets = this.#sizes[msg];
    return octets === undefined || Number.isNaN(octets) ? null : octets;
  }
}

export class Pop3Connection {
  #socket: Socket;
  #reader: SocketReader;
  /** The session's time limits; commands take their budgets from here (limits.ts). */
  readonly limits: Pop3Limits;
  readonly transcript: TranscriptRecorder | null;
  /** Bytes received from the server, for the session record. */
  bytesReceived = 0;
  #timeoutNoted = false;
  /** What the session has learned of the maildrop: scales listing and RETR budgets. */
  readonly maildrop: { count: number | null; readonly sizes: SizeTable } = { count: null, sizes: new SizeTable() };

  /** `receive`: the fixed buffer `socket` reads into, when it was opened with one (transport.ts). */
  constructor(socket: Socket, limits: Pop3Limits | number, transcript: TranscriptRecorder | null, receive: ReceiveBuffer | null = null) {
    this.#socket = socket;
    this.limits = typeof limits === 'number' ? { ...DEFAULT_LIMITS, idleTimeoutMs: limits } : limits;
    this.#reader = new SocketReader(socket, this.limits.idleTimeoutMs, receive);
    this.transcript = transcript;
    // Small commands must leave at once (request/response); pipelined batches are written
    // as one buffer, so Nagle's algorithm would only add latency.
    socket.setNoDelay(true);
  }

  get socket(): Socket {
    return this.#socket;
  }

  /** True while the socket can still carry a command. */
  get usable(): boolean {
    return this.#reader.failure === null && !this.#socket.destroyed && this.#socket.writable;
  }

  /** Sends one or more client lines in a single write (a pipelined batch, RFC 2449 §6.6). */
  send(...lines: ClientLine[]): void {
    this.#throwIfFailed();
    const wire = lines.map((line) => renderForWire(line)).join('');
    for (const line of lines) this.transcript?.client(line);
    this.#socket.write(wire);
  }

  /** Reads a status line within `budget` (budget.ts); without one, only the idle timeout applies. */
  async readStatus(budget: ReadBudget | null = null): Promise<StatusLine> {
    const line = await this.#readLine(budget);
    return this.#parsed(() => parseStatusLine(line));
  }

  /** Reads one line as text, unparsed (the greeting, which may not even be POP3). */
  readLine(budget: ReadBudget | null = null): Promise<string> {
    return this.#readLine(budget);
  }

  /** Reads a reply during AUTH: a "+ challenge" continuation or a status line (RFC 5034 §4). */
  async readAuthReply(budget: ReadBudget | null = null): Promise<AuthReply> {
    const line = await this.#readLine(budget);
    return this.#parsed(() => parseAuthReply(line));
  }

  /**
   * The lines of a multi-line listing after its +OK (CAPA, LIST, UIDL), dot-unstuffed.
   * `budget(lines)` is asked again every 1,024 lines, so a listing's budget can grow with
   * the messages it turns out to have (limits.ts, listingBudgetMs).
   */
  async readListing(verb: string, budget: ((lines: number) => ReadBudget) | ReadBudget | null = null): Promise<string[]> {
    const lines: string[] = [];
    await this.readListingEach(verb, (line) => void lines.push(line), budget);
    return lines;
  }

  /**
   * Like `readListing`, but hands each line to `onLine` as it is read instead of keeping them:
   * for UIDL and LIST of large mailboxes, whose lines go straight into the store (sync/
   * session.ts), so a 100,000-message listing is never an array of strings. Same bound
   * (MAX_LISTING_OCTETS) and the same transcript entries as `readListing`.
   */
  async readListingEach(
    verb: string,
    onLine: (line: string) => void,
    budget: ((lines: number) => ReadBudget) | ReadBudget | null = null,
  ): Promise<{ lines: number; octets: number }> {
    const first: string[] = []; // the transcript keeps a short listing (and all of CAPA) line by line
    const shown = verb === 'CAPA' ? Number.POSITIVE_INFINITY : 20;
    let lines = 0;
    let octets = 0;
    const budgetAt = (n: number): ReadBudget | null => (typeof budget === 'function' ? budget(n) : budget);
    let current = budgetAt(0);
    for (;;) {
      if (lines > 0 && lines % 1024 === 0) current = budgetAt(lines);
      const raw = await this.#noted(this.#reader.readLine(MAX_RESPONSE_LINE_OCTETS, current));
      this.bytesReceived += raw.length + 2;
      const line = unstuffLine(raw);
      if (line === null) break;
      octets += raw.length + 2;
      if (octets > MAX_LISTING_OCTETS) {
        const error = new Pop3Error('response-too-large', {
          command: verb,
          message: `the ${verb} listing exceeded ${MAX_LISTING_OCTETS} octets`,
        });
        this.#reader.fail(error);
        throw error;
      }
      const text = line.toString('latin1');
      lines++;
      if (first.length <= shown) first.push(text);
      try {
        onLine(text);
      } catch (error) {
        // The rest of the listing is still on its way: nothing read after it could be trusted
        // to answer a later command, so the connection ends here (like an unreadable line).
        this.#reader.fail(
          error instanceof Pop3Error
            ? error
            : new Pop3Error('aborted', {
                command: verb,
                cause: error,
                message: `the ${verb} listing could not be taken in: ${(error as Error).message}`,
              }),
        );
        throw error;
      }
    }
    if (lines <= shown) for (const line of first) this.transcript?.server(line);
    else this.transcript?.listing(verb, lines, octets);
    this.transcript?.server('.');
    return { lines, octets };
  }

  /** Streams a multi-line body after its +OK (RETR, TOP) within `budget`; returns its unstuffed size. */
  async readBody(
    consume: BodyConsumer,
    what: 'message body' | 'message headers' = 'message body',
    budget: ReadBudget | null = null,
  ): Promise<BodyRead> {
    const read = await this.#noted(this.#reader.readBody(consume, budget));
    // Octets on the wire ≈ unstuffed octets + the ".CRLF" terminator: a transfer figure, not a checksum.
    this.bytesReceived += read.received + 3;
    this.transcript?.body(read.received, what);
    return read;
  }

  /**
   * Hands the socket to a TLS upgrade (STLS). Nothing may be buffered: bytes received in the
   * clear before the handshake could be an injection by an attacker (RFC 2595 §4, CVE-2011-0411).
   */
  detachForUpgrade(): Socket {
    if (this.#reader.buffered > 0) {
      const error = new Pop3Error('protocol', { command: 'STLS', message: 'the server sent data after +OK to STLS, before TLS started' });
      this.#reader.fail(error);
      throw error;
    }
    this.#reader.detach();
    return this.#socket;
  }

  /** Continues over the upgraded socket. */
  attach(socket: Socket): void {
    this.#socket = socket;
    this.#reader = new SocketReader(socket, this.limits.idleTimeoutMs);
    socket.setNoDelay(true);
  }

  /** Fails pending and later reads with `error` and drops the connection. */
  abort(error: Pop3Error): void {
    this.#reader.fail(error);
    this.#socket.destroy();
  }

  /** Ends the connection politely (FIN after what is queued) and resolves once closed. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      const timer = setTimeout(() => this.#socket.destroy(), 1000);
      this.#socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#reader.release(); // a paused fixed-buffer socket would not read the server's FIN
      this.#socket.end();
    });
  }

  /** Drops the connection at once (RST when possible). */
  destroy(): void {
    if (!this.#socket.destroyed) this.#socket.destroy();
  }

  async #readLine(budget: ReadBudget | null): Promise<string> {
    const raw = await this.#noted(this.#reader.readLine(MAX_RESPONSE_LINE_OCTETS, budget));
    this.bytesReceived += raw.length + 2;
    // Status lines are ASCII (RFC 1939 §3); latin1 keeps any stray byte as one character.
    const line = raw.toString('latin1');
    this.transcript?.server(line);
    return line;
  }

  /**
   * Runs a status parser; if the line is not a status, fails the connection. After an
   * unreadable status line we no longer know which reply answers which command (it may be
   * the first line of a body, or pipelined replies may follow), so nothing read afterwards
   * can be trusted — least of all a "+OK" taken for the answer to QUIT, which would report
   * DELEs as committed (RFC 1939 §6) on no evidence. Same treatment as an over-long line.
   */
  #parsed<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof Pop3Error) this.#reader.fail(error);
      throw error;
    }
  }

  /**
   * A time limit that ran out is written into the transcript once, in words ("the server took
   * longer than 120 s to send its UIDL listing"), so the session record shows where it stalled.
   */
  async #noted<T>(read: Promise<T>): Promise<T> {
    try {
      return await read;
    } catch (error) {
      if (!this.#timeoutNoted && error instanceof Pop3Error && error.code === 'timeout') {
        this.#timeoutNoted = true;
        this.transcript?.event(`${error.message}; the connection was dropped`);
      }
      throw error;
    }
  }

  #throwIfFailed(): void {
    const failure = this.#reader.failure;
    if (failure) throw failure;
    if (this.#socket.destroyed || !this.#socket.writable) throw new Pop3Error('connection-closed', { message: 'the connection is closed' });
  }
}
