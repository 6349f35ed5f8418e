// The wire format of responses (RFC 1939 §3): status lines, and multi-line responses whose
// lines starting with "." get one more, ended by a line holding only ".".

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const TERMINATOR = Buffer.from('.\r\n');

export function statusLine(text: string): Buffer {
  return Buffer.from(`${text}\r\n`, 'utf8');
}

/** The status line, the dot-stuffed content and the terminating ".". */
export function multiLine(status: string, content: Buffer | readonly string[]): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content.map((line) => `${line}\r\n`).join(''), 'utf8');
  return Buffer.concat([statusLine(status), dotStuff(body)]);
}

/**
 * RFC 1939 §3 byte-stuffing: "If any line begins with the termination octet, the line is
 * 'byte-stuffed' by pre-pending the termination octet to that line." The content is expected to
 * end with CRLF; if it does not, one is added so the terminator starts a line of its own.
 */
export function dotStuff(content: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < content.length) {
    const lf = content.indexOf(LF, start);
    const end = lf < 0 ? content.length : lf + 1;
    if (content[start] === DOT) parts.push(Buffer.from('.'));
    parts.push(content.subarray(start, end));
    start = end;
  }
  if (content.length > 0 && content[content.length - 1] !== LF) parts.push(CRLF);
  parts.push(TERMINATOR);
  return Buffer.concat(parts);
}

/** RFC 1939 §7 TOP: the header, the blank line after it, then at most `lines` body lines. */
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

/** RFC 1939 §3: lines end in CRLF. A bare LF (as a test's message text may have) becomes CRLF. */
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
