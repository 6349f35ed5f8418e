// The socket under one session: lines in, bytes out, a byte limit for cut-off responses,
// the STLS upgrade, and the two ways the server ends a connection.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { LineReader } from './line-reader.ts';
import type { CloseMode } from './types.ts';

export class Connection {
  /** Settles when the TCP connection is closed. */
  readonly closed: Promise<void>;
  readonly #raw: Socket;
  #stream: Socket | TLSSocket;
  #reader: LineReader;
  /** Bytes still allowed out, or null for no limit. */
  #budget: number | null = null;
  /** While set, writes are collected here instead of sent (for a drip-fed reply). */
  #captured: Buffer[] | null = null;
  #lastWrite: Promise<void> = Promise.resolve();

  constructor(raw: Socket) {
    this.#raw = raw;
    this.#stream = raw;
    this.#reader = new LineReader(raw);
    // A reset by the client is an ordinary end of a session here; 'close' follows it.
    raw.on('error', () => undefined);
    this.closed = new Promise((resolve) => raw.once('close', () => resolve()));
  }

  get secure(): boolean {
    return this.#stream instanceof TLSSocket;
  }

  /** The next line from the client, or null once it has closed its side. */
  next(): Promise<string | null> {
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
    if (this.#stream.destroyed || this.#stream.writableEnded) return;
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

  /** Closes as asked: FIN after what was written, or RST once it has left. */
  async close(mode: CloseMode): Promise<void> {
    if (mode === 'end') return this.end();
    // The bytes before the reset must have reached the kernel, or the cut comes too early.
    await this.#lastWrite;
    if (!this.#raw.destroyed) this.#raw.resetAndDestroy();
  }

  /** FIN after what was written; the socket is let go once that is flushed. */
  end(): void {
    if (this.#stream.destroyed || this.#stream.writableEnded) return;
    this.#stream.end(() => this.#raw.destroy());
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
    this.#reader = new LineReader(secure);
  }
}
