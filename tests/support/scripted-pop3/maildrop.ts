// A session's view of the mailbox, and the wire format of multi-line responses.
import type { ScriptedMessage } from './types.ts';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');

/** RFC 1939 §3: lines end in CRLF. A bare LF in a test's message body becomes CRLF. */
export function toCrlf(body: Buffer | string): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === LF && (i === 0 || bytes[i - 1] !== CR)) out.push(CR);
    out.push(byte);
  }
  return Buffer.from(out);
}

/**
 * The body of a multi-line response (RFC 1939 §3): each line that starts with "." gets one
 * more, the content ends with CRLF, and a line holding only "." terminates it.
 */
export function multiLineBody(content: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < content.length) {
    const lf = content.indexOf(LF, start);
    const end = lf < 0 ? content.length : lf + 1;
    if (content[start] === DOT) parts.push(Buffer.from('.'));
    parts.push(content.subarray(start, end));
    start = end;
  }
  const last = content.length > 0 ? content[content.length - 1] : LF;
  if (last !== LF) parts.push(CRLF);
  parts.push(Buffer.from('.\r\n'));
  return Buffer.concat(parts);
}

/** A full multi-line response: the status line, then the stuffed content and terminator. */
export function multiLine(status: string, content: Buffer | readonly string[]): Buffer {
  const body = Buffer.isBuffer(content)
    ? content
    : Buffer.from(content.map((line) => `${line}\r\n`).join(''), 'utf8');
  return Buffer.concat([Buffer.from(`${status}\r\n`), multiLineBody(body)]);
}

/** RFC 1939 §7 TOP: the header, the blank line after it, then `lines` lines of the body. */
export function topOf(message: Buffer, lines: number): Buffer {
  const blank = message.indexOf('\r\n\r\n');
  if (blank < 0) return message;
  let end = blank + 4;
  for (let n = 0; n < lines && end < message.length; n++) {
    const lf = message.indexOf(LF, end);
    end = lf < 0 ? message.length : lf + 1;
  }
  return message.subarray(0, end);
}

interface Entry {
  message: ScriptedMessage;
  bytes: Buffer;
  deleted: boolean;
}

/**
 * The maildrop as one session sees it: numbered when the session entered TRANSACTION, with
 * its own deletion marks (RFC 1939 §5). Nothing leaves the shared mailbox until QUIT.
 */
export class MaildropView {
  readonly #entries: Entry[];

  constructor(messages: readonly ScriptedMessage[]) {
    this.#entries = messages.map((message) => ({ message, bytes: toCrlf(message.body), deleted: false }));
  }

  /** The message numbered by `arg`, or why there is none. */
  find(arg: string | undefined): { n: number; bytes: Buffer; uidl: string; listedSize: number } | { error: string } {
    if (arg === undefined || !/^[1-9][0-9]*$/.test(arg)) return { error: '-ERR Invalid message number.' };
    const n = Number(arg);
    const entry = this.#entries[n - 1];
    if (entry === undefined) return { error: `-ERR There is no message ${n}.` };
    // RFC 1939 §5: once marked as deleted, a message can no longer be named by its number.
    if (entry.deleted) return { error: `-ERR Message ${n} is already deleted.` };
    return { n, bytes: entry.bytes, uidl: entry.message.uidl, listedSize: entry.message.listedSize ?? entry.bytes.length };
  }

  /** Numbers, sizes (as LIST tells them: `listedSize` when set) and UIDLs of the messages not marked as deleted. */
  listing(): Array<{ n: number; size: number; uidl: string }> {
    const out: Array<{ n: number; size: number; uidl: string }> = [];
    this.#entries.forEach((entry, i) => {
      if (!entry.deleted) out.push({ n: i + 1, size: entry.message.listedSize ?? entry.bytes.length, uidl: entry.message.uidl });
    });
    return out;
  }

  delete(n: number): void {
    const entry = this.#entries[n - 1];
    if (entry !== undefined) entry.deleted = true;
  }

  reset(): void {
    for (const entry of this.#entries) entry.deleted = false;
  }

  /** The messages marked as deleted, as the objects of the shared mailbox. */
  deletedMessages(): ScriptedMessage[] {
    return this.#entries.filter((entry) => entry.deleted).map((entry) => entry.message);
  }
}
