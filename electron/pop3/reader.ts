// Framing: bytes from the socket → lines (status lines, listings) or a streamed body.
//
// The reader pulls from its own buffer and only waits when the buffer has no complete line,
// so a pipelined burst of responses is parsed without a promise per line. It pauses the
// socket while a body consumer is slow (backpressure), so a message streams from the socket
// to disk without ever being held whole in memory (DESIGN.md, "One session").
import type { Socket } from 'node:net';
import { Pop3Error } from './errors.ts';
import { BodyUnstuffer } from './response.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Pause the socket when this much is buffered and unread; a body consumer writing to disk may lag. */
const HIGH_WATER_OCTETS = 1024 * 1024;

/** Where a streamed body goes; a returned promise is awaited before more is read (backpressure). */
export type BodyConsumer = (chunk: Buffer) => void | Promise<void>;

export class SocketReader {
  readonly #socket: Socket;
  #idleTimeoutMs: number;
  #buffer: Buffer = Buffer.alloc(0);
  #failure: Pop3Error | null = null;
  #wake: (() => void) | null = null;
  #detached = false;
  readonly #onData = (chunk: Buffer): void => {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > HIGH_WATER_OCTETS) this.#socket.pause();
    this.#notify();
  };
  readonly #onEnd = (): void => this.#fail(new Pop3Error('connection-closed', { message: 'the server closed the connection' }));
  readonly #onClose = (): void => this.#fail(new Pop3Error('connection-closed', { message: 'the connection was closed' }));
  readonly #onError = (error: Error): void => this.#fail(socketError(error));

  constructor(socket: Socket, idleTimeoutMs: number) {
    this.#socket = socket;
    this.#idleTimeoutMs = idleTimeoutMs;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', this.#onError);
  }

  set idleTimeoutMs(ms: number) {
    this.#idleTimeoutMs = ms;
  }

  /** Bytes received and not yet read (for STLS: there must be none, RFC 2595 §4). */
  get buffered(): number {
    return this.#buffer.length;
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
  async readLine(maxOctets: number, deadline: number | null = null): Promise<Buffer> {
    for (;;) {
      const lf = this.#buffer.indexOf(LF);
      if (lf !== -1) {
        const end = lf > 0 && this.#buffer[lf - 1] === CR ? lf - 1 : lf;
        if (end > maxOctets) throw this.#tooLong(maxOctets);
        const line = this.#buffer.subarray(0, end);
        this.#consume(lf + 1);
        return line;
      }
      if (this.#buffer.length > maxOctets + 1) throw this.#tooLong(maxOctets);
      await this.#waitForData(deadline);
    }
  }

  /**
   * Streams a dot-stuffed multi-line body (RETR, TOP) to `consume` until the terminating
   * "." line and returns its size in octets after unstuffing.
   */
  async readBody(consume: BodyConsumer): Promise<number> {
    const unstuffer = new BodyUnstuffer();
    let octets = 0;
    for (;;) {
      if (this.#buffer.length > 0) {
        const chunk = this.#buffer;
        this.#buffer = Buffer.alloc(0);
        const result = unstuffer.push(chunk);
        if (result.done) this.#buffer = result.rest;
        this.#resumeIfLow();
        for (const data of result.data) {
          octets += data.length;
          const pending = consume(data);
          if (pending) await pending;
        }
        if (result.done) return octets;
        continue;
      }
      await this.#waitForData(null);
    }
  }

  #consume(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
    this.#resumeIfLow();
  }

  #resumeIfLow(): void {
    if (this.#buffer.length <= HIGH_WATER_OCTETS / 2 && this.#socket.isPaused() && !this.#detached) this.#socket.resume();
  }

  #tooLong(maxOctets: number): Pop3Error {
    const error = new Pop3Error('line-too-long', { message: `the server sent a line longer than ${maxOctets} octets` });
    this.#fail(error);
    return error;
  }

  #waitForData(deadline: number | null): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      const now = Date.now();
      const wait = deadline === null ? this.#idleTimeoutMs : Math.min(this.#idleTimeoutMs, Math.max(0, deadline - now));
      const timer = setTimeout(() => {
        this.#wake = null;
        const budget = deadline !== null && deadline - now <= this.#idleTimeoutMs;
        const error = new Pop3Error('timeout', {
          message: budget ? 'the server did not answer in time' : `the server was silent for ${Math.round(wait / 1000)} s`,
        });
        this.#fail(error);
        reject(error);
      }, wait);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        if (this.#failure && this.#buffer.length === 0) reject(this.#failure);
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
