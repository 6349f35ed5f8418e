// The commands a client sends, one line at a time, however TCP split or joined them: several
// pipelined commands in one packet (RFC 2449 §6.6) are queued and answered in order. RFC 1939
// §3 ends a command with CRLF; a bare LF is accepted too, as most servers do.
//
// Memory is bounded twice: a line longer than `maxLineOctets` is dropped (its bytes are
// discarded as they arrive, and `next` reports it as too long), and while more than
// `maxPendingOctets` of complete lines wait to be answered the stream is paused.
import type { Duplex } from 'node:stream';

export type ReadLine = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'too-long' };

export interface LineBounds {
  readonly maxLineOctets: number;
  readonly maxPendingOctets: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class CommandReader {
  readonly #stream: Duplex;
  readonly #bounds: LineBounds;
  /** Complete lines not yet taken, with their sizes for the pending-input bound. */
  readonly #queue: Array<{ line: ReadLine; octets: number }> = [];
  #queuedOctets = 0;
  /** The start of a line whose end has not arrived. */
  #partial: Buffer[] = [];
  #partialOctets = 0;
  /** The current line passed the limit: drop its bytes until its line end. */
  #discarding = false;
  #ended = false;
  #waiter: ((line: ReadLine | null) => void) | null = null;

  readonly #onData = (chunk: Buffer): void => {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf < 0 ? chunk.length : lf;
      this.#append(chunk.subarray(start, end));
      if (lf < 0) break;
      this.#finishLine();
      start = lf + 1;
    }
    if (this.#queuedOctets > this.#bounds.maxPendingOctets) this.#stream.pause();
    this.#wake();
  };

  readonly #onEnd = (): void => {
    // A last line without its line end is dropped: the client never finished sending it.
    this.#ended = true;
    this.#wake();
  };

  constructor(stream: Duplex, bounds: LineBounds) {
    this.#stream = stream;
    this.#bounds = bounds;
    stream.on('data', this.#onData);
    stream.on('end', this.#onEnd);
    stream.on('close', this.#onEnd);
  }

  /** The next line without its line end, or null once the client is gone. */
  next(): Promise<ReadLine | null> {
    const taken = this.#take();
    if (taken !== undefined) return Promise.resolve(taken);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Stops reading; whatever was received and not yet taken is thrown away. */
  detach(): void {
    this.#stream.off('data', this.#onData);
    this.#stream.off('end', this.#onEnd);
    this.#stream.off('close', this.#onEnd);
    this.#queue.length = 0;
    this.#queuedOctets = 0;
    this.#partial = [];
    this.#partialOctets = 0;
    if (this.#stream.isPaused()) this.#stream.resume();
  }

  #append(bytes: Buffer): void {
    if (this.#discarding || bytes.length === 0) return;
    // +1: a CR just before the LF is part of the line end, not of the line.
    if (this.#partialOctets + bytes.length > this.#bounds.maxLineOctets + 1) {
      this.#discarding = true;
      this.#partial = [];
      this.#partialOctets = 0;
      return;
    }
    this.#partial.push(bytes);
    this.#partialOctets += bytes.length;
  }

  #finishLine(): void {
    if (this.#discarding) {
      this.#discarding = false;
      this.#queue.push({ line: { kind: 'too-long' }, octets: 1 });
      this.#queuedOctets += 1;
      return;
    }
    let bytes = Buffer.concat(this.#partial, this.#partialOctets);
    this.#partial = [];
    this.#partialOctets = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    const tooLong = bytes.length > this.#bounds.maxLineOctets;
    const line: ReadLine = tooLong ? { kind: 'too-long' } : { kind: 'line', text: bytes.toString('utf8') };
    this.#queue.push({ line, octets: bytes.length + 1 });
    this.#queuedOctets += bytes.length + 1;
  }

  /** A line, null at the end, undefined when nothing complete has arrived yet. */
  #take(): ReadLine | null | undefined {
    const entry = this.#queue.shift();
    if (entry === undefined) return this.#ended ? null : undefined;
    this.#queuedOctets -= entry.octets;
    if (this.#stream.isPaused() && this.#queuedOctets <= this.#bounds.maxPendingOctets / 2) this.#stream.resume();
    return entry.line;
  }

  #wake(): void {
    if (this.#waiter === null) return;
    const taken = this.#take();
    if (taken === undefined) return;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter(taken);
  }
}
