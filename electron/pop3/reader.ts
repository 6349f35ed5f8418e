// Framing: bytes from the socket → lines (status lines, listings) or a streamed body.
//
// The reader pulls from its own buffer and only waits when the buffer has no complete line,
// so a pipelined burst of responses is parsed without a promise per line. It pauses the
// socket while a body consumer is slow (backpressure), so a message streams from the socket
// to disk without ever being held whole in memory (DESIGN.md, "One session"). A plain TCP
// socket reads into one fixed buffer (ReceiveBuffer) instead of a new one per read, so a large
// message does not leave a trail of dead buffers behind either.
import type { Socket } from 'node:net';
import type { ReadBudget } from './budget.ts';
import { Pop3Error } from './errors.ts';
import { BodyUnstuffer } from './response.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Pause the socket when this much is buffered and unread; a body consumer writing to disk may lag. */
const HIGH_WATER_OCTETS = 1024 * 1024;

/** Size of a connection's fixed receive buffer (ReceiveBuffer). */
const RECEIVE_BUFFER_OCTETS = 256 * 1024;

/**
 * Where a streamed body goes; a returned promise is awaited before more is read (backpressure).
 * The chunk may be a view into the connection's receive buffer: it is valid until the consumer
 * returns, or until its promise settles. A consumer that keeps bytes longer must copy them.
 *
 * Returning (or resolving to) STOP_CONSUMING says "I have what I want": the consumer gets no
 * more chunks, and the reader drains the rest of the reply to its terminating dot, so the
 * session stays in step (a message past the size limit, cut to what was kept; issue 11 item 5).
 * To keep part of a chunk, store that part first, then return STOP_CONSUMING.
 */
// `void` in the union on purpose: every existing consumer returns nothing (or a write's
// promise), and a union of two function types cannot be wrapped without casts.
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export type BodyConsumer = (chunk: Buffer) => void | ConsumerSignal | Promise<void | ConsumerSignal>;

export const STOP_CONSUMING = 'stop' as const;
export type ConsumerSignal = typeof STOP_CONSUMING;

/** What readBody received: all of the body, and how much of it the consumer was handed. */
export interface BodyRead {
  /** Octets of the body after unstuffing, whether or not the consumer took them. */
  readonly received: number;
  /** Octets handed to the consumer: `received`, unless it stopped early. */
  readonly delivered: number;
  /** The consumer returned STOP_CONSUMING. */
  readonly stopped: boolean;
}

/**
 * One fixed buffer a socket reads into (Node's `onread` socket option), instead of a new
 * 64 KiB Buffer for every read. Those buffers die at once, but V8 frees them only when their
 * total passes its external-memory GC threshold: a 100 MB message left ~50 MB of dead buffers
 * in the process at its peak (electron/sync/memory.dovecot.test.ts). With the fixed buffer,
 * every read pauses the socket until the reader has used the bytes — handed them to the body
 * consumer and waited for it, or copied them — so they are never overwritten while needed.
 *
 * Only plain TCP uses it (transport.ts): Node's TLS socket keeps delivering decrypted records
 * into the buffer after the callback returned false, and a STLS upgrade ignores `onread`.
 * TLS connections keep 'data' events.
 */
export class ReceiveBuffer {
  readonly buffer: Buffer = Buffer.allocUnsafe(RECEIVE_BUFFER_OCTETS);
  #sink: ((chunk: Buffer) => void) | null = null;
  readonly #early: Buffer[] = [];

  /** The `onread.callback`: false pauses the socket until the reader resumes it. */
  readonly callback = (nread: number): boolean => {
    const chunk = this.buffer.subarray(0, nread);
    if (this.#sink === null) {
      this.#early.push(Buffer.from(chunk)); // no reader yet (the greeting): keep a copy
      return true;
    }
    this.#sink(chunk);
    return false;
  };

  /** Routes every later read to `sink`; returns what arrived before, in order. */
  attach(sink: (chunk: Buffer) => void): Buffer[] {
    this.#sink = sink;
    return this.#early.splice(0);
  }
}

export class SocketReader {
  readonly #socket: Socket;
  #idleTimeoutMs: number;
  /** Received bytes not yet read: `#buffer`, then the chunks of `#queue` in order. */
  #buffer: Buffer = Buffer.alloc(0);
  // Chunks are queued as they arrive and joined only when a line spans them. Joining each
  // chunk onto the buffer as it came (Buffer.concat) copied up to HIGH_WATER_OCTETS per chunk,
  // several copies of every byte of a large body; V8 frees such dead buffers only in batches,
  // and a 100 MB message held ~120 MB of them at the peak (memory.dovecot.test.ts).
  #queue: Buffer[] = [];
  #queued = 0;
  /** The socket reads into a ReceiveBuffer: it stays paused while the reader holds a view into it. */
  readonly #fixed: boolean;
  #failure: Pop3Error | null = null;
  #wake: (() => void) | null = null;
  #detached = false;
  readonly #onData = (chunk: Buffer): void => {
    this.#queue.push(chunk);
    this.#queued += chunk.length;
    if (this.buffered > HIGH_WATER_OCTETS) this.#socket.pause();
    this.#notify();
  };
  readonly #onEnd = (): void => this.#fail(new Pop3Error('connection-closed', { message: 'the server closed the connection' }));
  readonly #onClose = (): void => this.#fail(new Pop3Error('connection-closed', { message: 'the connection was closed' }));
  readonly #onError = (error: Error): void => this.#fail(socketError(error));

  constructor(socket: Socket, idleTimeoutMs: number, receive: ReceiveBuffer | null = null) {
    this.#socket = socket;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#fixed = receive !== null;
    if (receive) for (const chunk of receive.attach(this.#onData)) this.#onData(chunk);
    else socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', this.#onError);
  }

  set idleTimeoutMs(ms: number) {
    this.#idleTimeoutMs = ms;
  }

  /** Bytes received and not yet read (for STLS: there must be none, RFC 2595 §4). */
  get buffered(): number {
    return this.#buffer.length + this.#queued;
  }

  /** The first failure seen on the socket, if any. */
  get failure(): Pop3Error | null {
    return this.#failure;
  }

  /** Fails the reader (and any waiting read) with `error`; later reads throw it too. */
  fail(error: Pop3Error): void {
    this.#fail(error);
  }

  /** Stops reading this socket (before a TLS upgrade takes it over). */
  detach(): void {
    this.#detached = true;
    this.#socket.off('data', this.#onData);
    this.#socket.off('end', this.#onEnd);
    this.#socket.off('close', this.#onClose);
    this.#socket.off('error', this.#onError);
  }

  /**
   * The next line without its line ending. CRLF is the POP3 line end (RFC 1939 §3); a bare
   * LF is accepted too, because some servers send one. A line longer than `maxOctets`
   * fails with 'line-too-long' instead of buffering without bound.
   */
  async readLine(maxOctets: number, budget: ReadBudget | null = null): Promise<Buffer> {
    let scanned = 0; // #buffer before this offset holds no LF
    for (;;) {
      this.#checkBudget(budget);
      const lf = this.#buffer.indexOf(LF, scanned);
      if (lf !== -1) {
        const end = lf > 0 && this.#buffer[lf - 1] === CR ? lf - 1 : lf;
        if (end > maxOctets) throw this.#tooLong(maxOctets);
        // A line is small: from a fixed receive buffer, copy it rather than lend a view.
        const line = this.#fixed ? Buffer.from(this.#buffer.subarray(0, end)) : this.#buffer.subarray(0, end);
        this.#consume(lf + 1);
        return line;
      }
      scanned = this.#buffer.length;
      if (this.#buffer.length > maxOctets + 1) throw this.#tooLong(maxOctets);
      const next = this.#dequeue();
      if (next !== undefined) this.#buffer = this.#buffer.length === 0 ? next : Buffer.concat([this.#buffer, next]);
      else await this.#waitForData(budget);
    }
  }

  /**
   * Streams a dot-stuffed multi-line body (RETR, TOP) to `consume` until the terminating
   * "." line. `budget` bounds the whole body, however steadily it arrives: a server that never
   * sends the terminator (or sends a 10 MB body for a 100-octet LIST entry) is cut off.
   */
  async readBody(consume: BodyConsumer, budget: ReadBudget | null = null): Promise<BodyRead> {
    const unstuffer = new BodyUnstuffer();
    let received = 0;
    let delivered = 0;
    let stopped = false;
    for (;;) {
      this.#checkBudget(budget);
      let chunk: Buffer | undefined;
      if (this.#buffer.length > 0) {
        chunk = this.#buffer;
        this.#buffer = Buffer.alloc(0);
      } else {
        chunk = this.#dequeue();
      }
      if (chunk !== undefined) {
        const result = unstuffer.push(chunk);
        if (result.done) this.#buffer = result.rest;
        // 'data' events: let the socket refill while the consumer writes. A fixed receive
        // buffer is released only once its bytes are written (#waitForData).
        this.#resumeIfLow();
        for (const data of result.data) {
          received += data.length;
          if (stopped) continue;
          delivered += data.length;
          const answer = consume(data);
          const signal = answer === undefined || typeof answer === 'string' ? answer : await answer;
          if (signal === STOP_CONSUMING) stopped = true;
        }
        if (result.done) return { received, delivered, stopped };
        continue;
      }
      await this.#waitForData(budget);
    }
  }

  /** Fails the reader when the reply's total budget is spent, even while bytes keep coming. */
  #checkBudget(budget: ReadBudget | null): void {
    if (budget === null || Date.now() < budget.deadline) return;
    const error = budget.expired('total', 0);
    this.#fail(error);
    throw error;
  }

  #dequeue(): Buffer | undefined {
    const next = this.#queue.shift();
    if (next !== undefined) this.#queued -= next.length;
    return next;
  }

  #consume(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
    this.#resumeIfLow();
  }

  /**
   * Fixed receive buffer: lets the socket read into it again. Whatever the reader still holds
   * (the start of a line) is copied first, as the next read overwrites the buffer.
   */
  release(): void {
    if (!this.#fixed || this.#detached) return;
    if (this.#buffer.length > 0) this.#buffer = Buffer.from(this.#buffer);
    this.#queue = this.#queue.map((chunk) => Buffer.from(chunk));
    this.#socket.resume();
  }

  #resumeIfLow(): void {
    if (this.#fixed) return; // resumed by release(), only when the reader waits for data
    if (this.buffered <= HIGH_WATER_OCTETS / 2 && this.#socket.isPaused() && !this.#detached) this.#socket.resume();
  }

  #tooLong(maxOctets: number): Pop3Error {
    const error = new Pop3Error('line-too-long', { message: `the server sent a line longer than ${maxOctets} octets` });
    this.#fail(error);
    return error;
  }

  #waitForData(budget: ReadBudget | null): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    this.release();
    return new Promise<void>((resolve, reject) => {
      const now = Date.now();
      const idle = budget?.idleMs ?? this.#idleTimeoutMs;
      const left = budget === null ? Number.POSITIVE_INFINITY : Math.max(0, budget.deadline - now);
      const wait = Math.min(idle, left);
      const timer = setTimeout(() => {
        this.#wake = null;
        const kind = left <= idle ? 'total' : 'idle';
        const error =
          budget !== null
            ? budget.expired(kind, wait)
            : new Pop3Error('timeout', { message: `the server was silent for ${Math.round(wait / 1000)} s` });
        this.#fail(error);
        reject(error);
      }, wait);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        if (this.#failure && this.buffered === 0) reject(this.#failure);
        else resolve();
      };
    });
  }

  #notify(): void {
    this.#wake?.();
  }

  #fail(error: Pop3Error): void {
    this.#failure ??= error;
    // A reader that failed (timeout, an over-long or unreadable line, the peer gone) can never
    // be trusted to be in step again: drop the connection now rather than leave it to callers.
    // What was already received stays in #buffer and can still be read.
    if (!this.#detached && !this.#socket.destroyed) this.#socket.destroy();
    this.#notify();
  }
}

/** Maps a Node socket error to the POP3 error a person can act on. */
export function socketError(error: Error & { code?: string }): Pop3Error {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new Pop3Error('connection-refused', { cause: error, message: 'nothing accepted the connection on that host and port' });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new Pop3Error('dns', { cause: error, message: `the server name could not be found (${error.code})` });
    case 'ETIMEDOUT':
      return new Pop3Error('timeout', { cause: error, message: 'the connection timed out' });
    case 'ECONNRESET':
    case 'EPIPE':
      return new Pop3Error('connection-closed', { cause: error, message: `the connection was cut (${error.code})` });
    default:
      return new Pop3Error('network', { cause: error, message: `network error: ${error.message}` });
  }
}
