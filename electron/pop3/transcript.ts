// Redaction by construction (STYLE.md, "secrets marked at the source"): a password, a SASL
// response or a token is wrapped in `Secret` (electron/secrets/secret.ts) where it enters a
// command, and only the socket writer's `renderForWire` ever unwraps it. The transcript is built
// from `renderForTranscript`, so it cannot contain a secret, whatever a later step logs or serialises.
import { REDACTED, type Secret } from '../secrets/secret.ts';
import { MAX_COMMAND_LINE_OCTETS, TRANSCRIPT_MAX_ENTRIES, TRANSCRIPT_MAX_LINE_CHARS } from './limits.ts';
import { Pop3Error } from './errors.ts';

export type Arg = string | Secret;

/** A POP3 command: verb and arguments, joined by single spaces on the wire (RFC 1939 §3). */
export interface CommandLine {
  readonly kind: 'command';
  readonly verb: string;
  readonly args: readonly Arg[];
}

/**
 * A client line inside a SASL exchange (RFC 5034 §4): base64 data, an empty line, or "*"
 * to cancel. Not a command, so the 255-octet command limit does not apply to it.
 */
export interface SaslResponseLine {
  readonly kind: 'sasl-response';
  readonly data: Arg;
}

export type ClientLine = CommandLine | SaslResponseLine;

export function command(verb: string, ...args: Arg[]): CommandLine {
  return { kind: 'command', verb: verb.toUpperCase(), args };
}

export function saslResponse(data: Arg): SaslResponseLine {
  return { kind: 'sasl-response', data };
}

/** RFC 5034 §4: a client cancels an AUTH exchange with a line holding a single "*". */
export const SASL_CANCEL: SaslResponseLine = saslResponse('*');

const FORBIDDEN = /[\r\n\0]/;

/**
 * The exact text to write, CRLF included (write it as UTF-8). Throws 'invalid-argument' for
 * CR, LF or NUL in any part — a user name ending in "\r\nDELE 1" must never become a second
 * command — and for a command longer than MAX_COMMAND_LINE_OCTETS (RFC 2449 §4).
 */
export function renderForWire(line: ClientLine): string {
  const wire = `${revealed(line)}\r\n`;
  if (line.kind === 'command' && Buffer.byteLength(wire, 'utf8') > MAX_COMMAND_LINE_OCTETS) {
    throw new Pop3Error('invalid-argument', {
      command: line.verb,
      message: `refusing to send ${line.verb}: longer than ${MAX_COMMAND_LINE_OCTETS} octets (RFC 2449 §4)`,
    });
  }
  return wire;
}

/** Octets a command would take on the wire, CRLF included, without the length check. */
export function commandOctets(line: CommandLine): number {
  return Buffer.byteLength(`${revealed(line)}\r\n`, 'utf8');
}

function revealed(line: ClientLine): string {
  const parts = line.kind === 'command' ? [line.verb, ...line.args] : [line.data];
  const text = parts.map((p) => (typeof p === 'string' ? p : p.reveal())).join(' ');
  if (FORBIDDEN.test(text)) {
    const verb = line.kind === 'command' ? line.verb : 'AUTH';
    throw new Pop3Error('invalid-argument', { command: verb, message: `refusing to send ${verb}: an argument contains CR, LF or NUL` });
  }
  return text;
}

/** The same line with every Secret replaced by "[redacted]", without CRLF. */
export function renderForTranscript(line: ClientLine): string {
  const parts = line.kind === 'command' ? [line.verb, ...line.args] : [line.data];
  return parts.map((p) => (typeof p === 'string' ? p : REDACTED)).join(' ');
}

export type TranscriptDirection = 'C' | 'S' | '*';

/** One line of a session: C = client, S = server, * = a local event (connected, TLS, closed). */
export interface TranscriptEntry {
  /** Milliseconds since the epoch, from the recorder's clock. */
  readonly at: number;
  readonly dir: TranscriptDirection;
  readonly line: string;
}

/**
 * Records a session's protocol lines, redacted and bounded. Keeps the first and the last
 * TRANSCRIPT_MAX_ENTRIES / 2 entries (see limits.ts for why) and counts what fell between.
 */
export class TranscriptRecorder {
  readonly #now: () => number;
  readonly #head: TranscriptEntry[] = [];
  readonly #tail: TranscriptEntry[] = [];
  readonly #half: number;
  #omitted = 0;
  #omittedFrom = 0;

  constructor(now: () => number, maxEntries: number = TRANSCRIPT_MAX_ENTRIES) {
    this.#now = now;
    this.#half = Math.max(1, Math.floor(maxEntries / 2));
  }

  client(line: ClientLine): void {
    this.#add('C', renderForTranscript(line));
  }

  server(line: string): void {
    this.#add('S', line);
  }

  /** A multi-line body (RETR, TOP) as one entry: its size, never its content. */
  body(octets: number, what: 'message body' | 'message headers' = 'message body'): void {
    this.#add('S', `[${what}: ${octets} bytes]`);
  }

  /** A listing (UIDL, LIST) as one entry, when its lines are not worth keeping one by one. */
  listing(verb: string, lines: number, octets: number): void {
    this.#add('S', `[${verb.toUpperCase()} listing: ${lines} lines, ${octets} bytes]`);
  }

  event(text: string): void {
    this.#add('*', text);
  }

  /** A copy of what was kept, in order, with one '*' entry where entries were left out. */
  entries(): TranscriptEntry[] {
    if (this.#omitted === 0) return [...this.#head, ...this.#tail];
    const marker: TranscriptEntry = { at: this.#omittedFrom, dir: '*', line: `[${this.#omitted} entries omitted]` };
    return [...this.#head, marker, ...this.#tail];
  }

  #add(dir: TranscriptDirection, raw: string): void {
    const line =
      raw.length > TRANSCRIPT_MAX_LINE_CHARS
        ? `${raw.slice(0, TRANSCRIPT_MAX_LINE_CHARS)}… [${raw.length - TRANSCRIPT_MAX_LINE_CHARS} more characters]`
        : raw;
    const entry: TranscriptEntry = Object.freeze({ at: this.#now(), dir, line });
    if (this.#head.length < this.#half) {
      this.#head.push(entry);
      return;
    }
    this.#tail.push(entry);
    if (this.#tail.length > this.#half) {
      const dropped = this.#tail.shift();
      if (this.#omitted === 0 && dropped) this.#omittedFrom = dropped.at;
      this.#omitted++;
    }
  }
}
