// The pure response parser: status lines, response codes, SASL continuations, the greeting,
// and the multi-line terminator with dot-unstuffing — all in one place (STYLE.md, "a protocol
// client in layers"). Input lines come from the line reader with their CRLF removed.
import { Pop3Error } from './errors.ts';

/** A "+OK" or "-ERR" line. `code` is the RFC 2449 §8 response code, upper-cased, or null. */
export interface StatusLine {
  readonly ok: boolean;
  readonly code: string | null;
  readonly text: string;
}

// RFC 1939 §3: "+OK" / "-ERR", upper case in the RFC; we tolerate any case, as real clients do.
// The indicator must end at a space or the end of the line ("+OKAY" is not a status).
const STATUS = /^(\+OK|-ERR)(?:[ \t]+|$)/i;

// RFC 2449 §3: resp-code = "[" resp-level *("/" resp-level) "]",
// resp-level = 1*rchar, rchar = %x21-2E / %x30-5C / %x5E-7F (printable, no "/" or "]").
// A bracket that does not fit (e.g. "[some words]") is left in the text.
// After the "]" the RFC allows any text (resp-code *CHAR), so no space is required.
const RESP_CODE = /^\[([\x21-\x2e\x30-\x5c\x5e-\x7e]+(?:\/[\x21-\x2e\x30-\x5c\x5e-\x7e]+)*)\][ \t]*/;

/**
 * Parses a status line. Throws Pop3Error 'protocol' when it is neither +OK nor -ERR.
 * Response codes are kept verbatim but upper-cased: case is not significant at any level
 * (RFC 3206 §4), and unknown codes are kept so diagnostics can show them.
 */
export function parseStatusLine(received: string): StatusLine {
  // Tolerate a CR left by a reader that split on LF only.
  const line = received.endsWith('\r') ? received.slice(0, -1) : received;
  const status = STATUS.exec(line);
  if (status === null) {
    throw new Pop3Error('protocol', { serverText: line, message: `expected +OK or -ERR, got ${JSON.stringify(line.slice(0, 80))}` });
  }
  const ok = (status[1] ?? '').toUpperCase() === '+OK';
  const rest = line.slice(status[0].length);
  const code = RESP_CODE.exec(rest);
  if (code === null) return { ok, code: null, text: rest.trimEnd() };
  return { ok, code: (code[1] ?? '').toUpperCase(), text: rest.slice(code[0].length).trimEnd() };
}

/** A server line during AUTH: a SASL challenge "+ base64" (RFC 5034 §4) or a status line. */
export type AuthReply =
  { readonly kind: 'continue'; readonly challenge: Buffer } | { readonly kind: 'status'; readonly status: StatusLine };

// RFC 5034 §4: continue-req = "+" SP [base64] CRLF. Dovecot sends "+ " for an empty challenge;
// we also accept a bare "+". "+OK" is a status, not a continuation.
const CONTINUATION = /^\+(?:[ \t]+(.*))?$/;
// Padding may be missing; Buffer.from decodes either way.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses a line received while an AUTH exchange is open. Throws 'protocol' for anything else. */
export function parseAuthReply(line: string): AuthReply {
  if (!STATUS.test(line)) {
    const cont = CONTINUATION.exec(line);
    if (cont !== null) {
      const data = (cont[1] ?? '').trim();
      if (!BASE64.test(data)) {
        throw new Pop3Error('protocol', { command: 'AUTH', message: 'SASL challenge is not base64 (RFC 5034 §4)' });
      }
      return { kind: 'continue', challenge: Buffer.from(data, 'base64') };
    }
  }
  return { kind: 'status', status: parseStatusLine(line) };
}

/** The greeting, parsed: its status, and the APOP timestamp when the server offers APOP. */
export interface Greeting {
  readonly status: StatusLine;
  readonly apopTimestamp: string | null;
}

/**
 * Parses the first line of a session. A line that is no status at all means we are not
 * talking to a POP3 server (an SMTP "220 …" banner, an IMAP "* OK", a web server): that is
 * 'bad-greeting', not 'protocol', because the fix is the port in the account settings.
 * A -ERR greeting is returned, not thrown: the caller classifies it (lock-refusal.ts).
 */
export function parseGreeting(line: string): Greeting {
  let status: StatusLine;
  try {
    status = parseStatusLine(line);
  } catch (error) {
    throw new Pop3Error('bad-greeting', {
      serverText: line.slice(0, 200),
      cause: error,
      message: 'the server’s first line is not a POP3 greeting',
    });
  }
  return { status, apopTimestamp: status.ok ? apopTimestamp(status.text) : null };
}

// RFC 1939 §7: the timestamp has msg-id syntax, "<" local "@" domain ">", and the digest is
// computed over it angle brackets included. Real ones: "<1896.697170952@dbc.mtview.ca.us>"
// (the RFC), Dovecot's "<pid.conn.time.base64@host>" (base64 may contain + / =).
const APOP_TIMESTAMP = /<[^<>@\s]+@[^<>@\s]+>/;

/** The APOP timestamp in a greeting's text, brackets included, or null. */
export function apopTimestamp(greetingText: string): string | null {
  return APOP_TIMESTAMP.exec(greetingText)?.[0] ?? null;
}

const DOT = 0x2e;
const CR = 0x0d;
const LF = 0x0a;

/**
 * One line of a multi-line response (CRLF removed): null for the terminating "." line,
 * otherwise the line with one leading "." removed if it had one (RFC 1939 §3 byte-stuffing).
 */
export function unstuffLine(line: Buffer): Buffer | null {
  if (line.length === 1 && line[0] === DOT) return null;
  return line[0] === DOT ? line.subarray(1) : line;
}

/** What one `push` of a body chunk produced. */
export interface UnstuffResult {
  /** Message bytes in order (slices of the input; copy before keeping them past the next read). */
  readonly data: Buffer[];
  /** True once the terminating "." line has been seen. */
  readonly done: boolean;
  /** Bytes after the terminator: the start of the next (pipelined) response. Empty unless done. */
  readonly rest: Buffer;
}

/**
 * Streams a multi-line body (RETR, TOP) without ever holding a line: message lines may be
 * megabytes long, so the line limit of listings cannot apply. Start it right after the +OK
 * line. It removes the stuffed "." at the start of lines and stops at the terminator
 * CRLF "." CRLF (RFC 1939 §3); the CRLF before the "." is the end of the last message line
 * and is part of the data. A terminator with a bare LF (".\n") is accepted too: some servers
 * send LF-only lines.
 */
export class BodyUnstuffer {
  // 'start': at the start of a line; 'mid': inside one; 'dot': a line began with ".";
  // 'dot-cr': "." then CR — the terminator if LF follows, else a stuffed dot.
  #state: 'start' | 'mid' | 'dot' | 'dot-cr' = 'start';
  #done = false;

  get done(): boolean {
    return this.#done;
  }

  push(chunk: Buffer): UnstuffResult {
    if (this.#done) return { data: [], done: true, rest: chunk };
    const data: Buffer[] = [];
    let from = 0; // start of the pending run of data bytes
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      switch (this.#state) {
        case 'start':
          if (byte === DOT) {
            if (i > from) data.push(chunk.subarray(from, i));
            from = i + 1; // the dot is stuffing or the terminator: never data
            this.#state = 'dot';
          } else {
            this.#state = byte === LF ? 'start' : 'mid';
          }
          break;
        case 'mid': {
          // Inside a line nothing matters but its end: memchr (indexOf) finds it, instead of a
          // JavaScript step per byte — a 90 MB first sync spent 0.7 s here.
          const lf = chunk.indexOf(LF, i);
          if (lf === -1) i = chunk.length;
          else {
            i = lf;
            this.#state = 'start';
          }
          break;
        }
        case 'dot':
          if (byte === LF) return this.#finish(data, chunk, i + 1);
          if (byte === CR) {
            from = i + 1;
            this.#state = 'dot-cr';
          } else {
            this.#state = 'mid'; // ".x": the dot was stuffing; x starts the data run (from = i)
          }
          break;
        case 'dot-cr':
          if (byte === LF) return this.#finish(data, chunk, i + 1);
          // ".\r" then something else: the dot was stuffing and the CR is data.
          data.push(Buffer.from([CR]));
          from = i;
          this.#state = 'mid';
          i--; // look at this byte again as ordinary data
          break;
      }
    }
    if (chunk.length > from && this.#state !== 'dot' && this.#state !== 'dot-cr') data.push(chunk.subarray(from));
    return { data, done: false, rest: Buffer.alloc(0) };
  }

  #finish(data: Buffer[], chunk: Buffer, restFrom: number): UnstuffResult {
    this.#done = true;
    return { data, done: true, rest: chunk.subarray(restFrom) };
  }
}
