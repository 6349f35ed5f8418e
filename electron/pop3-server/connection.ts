// The socket under one session: lines in, bytes out (waiting while the client is slow to read),
// a byte budget for cut-off responses, capture for drip-fed ones, the STLS upgrade, and the
// ways the server ends a connection.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { LINGER_MS } from './limits.ts';
import { CommandReader, type LineBounds, type ReadLine } from './line-reader.ts';

/** How the server ends a connection: `end` sends FIN after what was written; `reset` sends RST. */
export type CloseMode = 'end' | 'reset';

export class Connection {
  /** Settles when the TCP connection is closed. */
  readonly closed: Promise<void>;
  readonly #raw: Socket;
  readonly #bounds: LineBounds;
  #stream: Socket | TLSSocket;
  #reader: CommandReader;
  /** Bytes still allowed out, or null for no limit. */
  #budget: number | null = null;
  /** While set, writes are collected here instead of sent (for a drip-fed reply). */
  #captured: Buffer[] | null = null;
  #lastWrite: Promise<void> = Promise.resolve();
  #linger: NodeJS.Timeout | null = null;

  constructor(raw: Socket, bounds: LineBounds) {
    this.#raw = raw;
    this.#bounds = bounds;
    this.#stream = raw;
    this.#reader = new CommandReader(raw, bounds);
    // A reset by the client is an ordinary end of a session here; 'close' follows it.
    raw.on('error', () => undefined);
    raw.setNoDelay(true);
    this.closed = new Promise((resolve) =>
      raw.once('close', () => {
        if (this.#linger !== null) clearTimeout(this.#linger);
        resolve();
      }),
    );
  }

  get secure(): boolean {
    return this.#stream instanceof TLSSocket;
  }

  /** Calls `onIdle` once the client has been silent for `ms` (0: never). */
  idleTimeout(ms: number, onIdle: () => void): void {
    if (ms > 0) this.#raw.setTimeout(ms, onIdle);
  }

  /** The next line from the client, or null once it has closed its side. */
  next(): Promise<ReadLine | null> {
    return this.#reader.next();
  }

  /** From now on, send at most `bytes` more bytes (a response cut off mid-way). */
  limit(bytes: number): void {
    this.#budget = bytes;
  }

  /** True once nothing more can be sent. */
  get gone(): boolean {
    return this.#stream.destroyed || this.#stream.writableEnded;
  }

  /** From now on, collect what is written instead of sending it; `release()` returns it. */
  capture(): void {
    this.#captured = [];
  }

  release(): Buffer {
    const out = Buffer.concat(this.#captured ?? []);
    this.#captured = null;
    return out;
  }

  /** Resolves once what was written so far has been handed to the kernel. */
  flushed(): Promise<void> {
    return this.#lastWrite;
  }

  write(data: string | Buffer): void {
    if (this.gone) return;
    let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.#captured !== null) {
      this.#captured.push(bytes);
      return;
    }
    if (this.#budget !== null) {
      bytes = bytes.subarray(0, Math.max(0, this.#budget));
      this.#budget -= bytes.length;
      if (bytes.length === 0) return;
    }
    const stream = this.#stream;
    this.#lastWrite = new Promise((resolve) => stream.write(bytes, () => resolve()));
  }

  reply(...lines: string[]): void {
    this.write(lines.map((line) => `${line}\r\n`).join(''));
  }

  /** Writes, then waits while the client is slow to read (pipelined RETRs, RFC 2449 §6.6). */
  async send(bytes: Buffer): Promise<void> {
    this.write(bytes);
    const stream = this.#stream;
    if (this.gone || !stream.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }

  /** Closes as asked: FIN after what was written, or RST once it has left. */
  async close(mode: CloseMode): Promise<void> {
    if (mode === 'end') return this.end();
    // The bytes before the reset must have reached the kernel, or the cut comes too early.
    await this.#lastWrite;
    if (!this.#raw.destroyed) this.#raw.resetAndDestroy();
  }

  /** FIN after what was written; the socket is destroyed if the client lingers past LINGER_MS. */
  end(): void {
    if (this.#raw.destroyed) return;
    if (!this.#stream.writableEnded) this.#stream.end();
    if (this.#linger === null) {
      this.#linger = setTimeout(() => this.destroy(), LINGER_MS);
      this.#linger.unref();
    }
  }

  destroy(): void {
    this.#stream.destroy();
    this.#raw.destroy();
  }

  /** RFC 2595 §4: after the "+OK" to STLS, the TLS handshake starts on this connection. */
  startTls(credentials: { key: string | Buffer; cert: string | Buffer }): void {
    // Plaintext pipelined after STLS is thrown away, never read as if it came inside TLS
    // (the STARTTLS command injection of CVE-2011-0411).
    this.#reader.detach();
    const secure = new TLSSocket(this.#raw, { isServer: true, key: credentials.key, cert: credentials.cert });
    secure.on('error', () => this.#raw.destroy());
    this.#stream = secure;
    this.#reader = new CommandReader(secure, this.#bounds);
  }
}
