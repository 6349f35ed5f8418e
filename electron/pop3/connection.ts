// One POP3 connection: put a line, get a status line, get a listing, stream a body
// (poplib's layering). Commands (commands/*.ts) are small functions over this; the client
// class (client.ts) strings them into a session. Every line in and out goes through the
// transcript recorder, which sees client lines only in their redacted form.
import type { Socket } from 'node:net';
import { Pop3Error } from './errors.ts';
import { MAX_LISTING_OCTETS, MAX_RESPONSE_LINE_OCTETS } from './limits.ts';
import { SocketReader, type BodyConsumer, type ReceiveBuffer } from './reader.ts';
import { parseAuthReply, parseStatusLine, unstuffLine, type AuthReply, type StatusLine } from './response.ts';
import { renderForWire, type ClientLine, type TranscriptRecorder } from './transcript.ts';

export class Pop3Connection {
  #socket: Socket;
  #reader: SocketReader;
  readonly #idleTimeoutMs: number;
  readonly transcript: TranscriptRecorder | null;
  /** Bytes received from the server, for the session record. */
  bytesReceived = 0;

  /** `receive`: the fixed buffer `socket` reads into, when it was opened with one (transport.ts). */
  constructor(socket: Socket, idleTimeoutMs: number, transcript: TranscriptRecorder | null, receive: ReceiveBuffer | null = null) {
    this.#socket = socket;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#reader = new SocketReader(socket, idleTimeoutMs, receive);
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

  /** Reads a status line; `deadline` bounds the wait (the greeting's connect budget). */
  async readStatus(deadline: number | null = null): Promise<StatusLine> {
    const line = await this.#readLine(deadline);
    return this.#parsed(() => parseStatusLine(line));
  }

  /** Reads one line as text, unparsed (the greeting, which may not even be POP3). */
  readLine(deadline: number | null = null): Promise<string> {
    return this.#readLine(deadline);
  }

  /** Reads a reply during AUTH: a "+ challenge" continuation or a status line (RFC 5034 §4). */
  async readAuthReply(): Promise<AuthReply> {
    const line = await this.#readLine(null);
    return this.#parsed(() => parseAuthReply(line));
  }

  /** The lines of a multi-line listing after its +OK (CAPA, LIST, UIDL), dot-unstuffed. */
  async readListing(verb: string): Promise<string[]> {
    const lines: string[] = [];
    let octets = 0;
    for (;;) {
      const raw = await this.#reader.readLine(MAX_RESPONSE_LINE_OCTETS);
      this.bytesReceived += raw.length + 2;
      const line = unstuffLine(raw);
      if (line === null) break;
      octets += raw.length + 2;
      if (octets > MAX_LISTING_OCTETS) {
        const error = new Pop3Error('response-too-large', { command: verb, message: `the ${verb} listing exceeded ${MAX_LISTING_OCTETS} octets` });
        this.#reader.fail(error);
        throw error;
      }
      lines.push(line.toString('latin1'));
    }
    if (verb === 'CAPA' || lines.length <= 20) for (const line of lines) this.transcript?.server(line);
    else this.transcript?.listing(verb, lines.length, octets);
    this.transcript?.server('.');
    return lines;
  }

  /** Streams a multi-line body after its +OK (RETR, TOP); returns its unstuffed size. */
  async readBody(consume: BodyConsumer, what: 'message body' | 'message headers' = 'message body'): Promise<number> {
    const octets = await this.#reader.readBody(consume);
    // Octets on the wire ≈ unstuffed octets + the ".CRLF" terminator: a transfer figure, not a checksum.
    this.bytesReceived += octets + 3;
    this.transcript?.body(octets, what);
    return octets;
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
    this.#reader = new SocketReader(socket, this.#idleTimeoutMs);
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

  async #readLine(deadline: number | null): Promise<string> {
    const raw = await this.#reader.readLine(MAX_RESPONSE_LINE_OCTETS, deadline);
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

  #throwIfFailed(): void {
    const failure = this.#reader.failure;
    if (failure) throw failure;
    if (this.#socket.destroyed || !this.#socket.writable) throw new Pop3Error('connection-closed', { message: 'the connection is closed' });
  }
}
