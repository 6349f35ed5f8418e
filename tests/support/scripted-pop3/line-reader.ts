import type { Duplex } from 'node:stream';

/**
 * The lines a client sends, one at a time and in order, however they were split into TCP
 * packets: several pipelined commands in one packet (RFC 2449 §6.6) are queued here and
 * answered one after the other. RFC 1939 §3 ends a command with CRLF; a bare LF is
 * accepted too, as most servers do. A last line without its line end is dropped.
 */
export class LineReader {
  #stream: Duplex;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #waiter: ((line: string | null) => void) | null = null;

  #onData = (chunk: Buffer): void => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#wake();
  };

  #onEnd = (): void => {
    this.#ended = true;
    this.#wake();
  };

  constructor(stream: Duplex) {
    this.#stream = stream;
    stream.on('data', this.#onData);
    stream.on('end', this.#onEnd);
    stream.on('close', this.#onEnd);
  }

  /** The next line without its line end, or null once the client has closed. */
  next(): Promise<string | null> {
    const line = this.#take();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Stops reading; returns the bytes received but not yet read as lines. */
  detach(): Buffer {
    this.#stream.off('data', this.#onData);
    this.#stream.off('end', this.#onEnd);
    this.#stream.off('close', this.#onEnd);
    const rest = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    return rest;
  }

  /** A line, null at the end, undefined when nothing complete has arrived yet. */
  #take(): string | null | undefined {
    const lf = this.#buffer.indexOf(0x0a);
    if (lf >= 0) {
      const end = lf > 0 && this.#buffer[lf - 1] === 0x0d ? lf - 1 : lf;
      const line = this.#buffer.subarray(0, end).toString('utf8');
      this.#buffer = this.#buffer.subarray(lf + 1);
      return line;
    }
    return this.#ended ? null : undefined;
  }

  #wake(): void {
    if (this.#waiter === null) return;
    const line = this.#take();
    if (line === undefined) return;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter(line);
  }
}
