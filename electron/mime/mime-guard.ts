// The bytes of a message on their way from the file to mailparser pass through this guard.
// mailparser is tolerant: a truncated multipart or a base64 body full of junk parses without
// an error, so the guard follows the MIME structure (RFC 2046 §5.1) itself to say
// what is malformed, and it keeps the top-level header block for "show raw headers". It also
// bounds memory: mailparser holds inline text parts whole, so past MAX_INLINE_TEXT_BYTES the
// guard drops the rest of each such part's body, and never a delimiter line.
//
// It holds at most one line of MAX_DELIMITER_LINE_BYTES plus the header blocks; body bytes are
// passed on as slices of the chunks they arrived in.
import { readHeaderBlock, fieldValue } from './header-block.ts';
import type { HeaderBlock } from './header-block.ts';
import {
  MAX_DELIMITER_LINE_BYTES,
  MAX_HEADER_BLOCK_BYTES,
  MAX_INLINE_TEXT_BYTES,
  MAX_PART_HEADER_BYTES,
  MAX_REPORTED_PROBLEMS,
} from './parse-limits.ts';

export interface GuardReport {
  /** The top-level header block as received (without the empty line), at most MAX_HEADER_BLOCK_BYTES. */
  readonly headerBlock: Buffer;
  /** `headerBlock` read as fields (header-block.ts). */
  readonly headerFields: HeaderBlock['fields'];
  /** What is malformed, in the order found, at most MAX_REPORTED_PROBLEMS; empty when nothing is. */
  readonly problems: string[];
  /** Part of an inline text body was dropped to stay within MAX_INLINE_TEXT_BYTES. */
  readonly textDropped: boolean;
}

export interface GuardLimits {
  readonly inlineTextBytes: number;
}

interface OpenMultipart {
  readonly boundary: Buffer;
  /** IMAP-style part number of the multipart itself ('' for the message). */
  readonly partId: string;
  children: number;
}

type State = 'header' | 'body' | 'between';

const CRLF = Buffer.from('\r\n');
const LF_DASHES = Buffer.from('\n--');

/**
 * RFC 2045 §6.8: 1 for the base64 alphabet and '=' padding, 2 for CR, LF, SP and HTAB (line
 * structure a decoder skips), 0 for anything else.
 */
const BASE64_KIND = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') BASE64_KIND[c.charCodeAt(0)] = 1;
for (const c of '\r\n \t') BASE64_KIND[c.charCodeAt(0)] = 2;

/** Text types mailparser keeps in memory when they are not attachments (its `textTypes`). */
const INLINE_TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

function where(partId: string): string {
  return partId ? `MIME part ${partId}` : 'the message body';
}

/** The `boundary` parameter of a Content-Type value (RFC 2045 §5.1: a token or a quoted string). */
export function boundaryOf(contentType: string): string | null {
  const m = /(?:^|;)\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]+))/i.exec(contentType);
  if (!m) return null;
  const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '');
  return value.length > 0 ? value : null;
}

/**
 * 0 when `line` (its line end removed) is not a delimiter of `boundary`, 1 for a delimiter,
 * 2 for the close delimiter (RFC 2046 §5.1.1: "--" boundary ["--"] then only white space).
 */
function matchDelimiter(line: Buffer, boundary: Buffer): 0 | 1 | 2 {
  if (line.length < boundary.length + 2 || line[0] !== 0x2d || line[1] !== 0x2d) return 0;
  if (line.compare(boundary, 0, boundary.length, 2, 2 + boundary.length) !== 0) return 0;
  let i = 2 + boundary.length;
  let kind: 1 | 2 = 1;
  if (line[i] === 0x2d && line[i + 1] === 0x2d) {
    kind = 2;
    i += 2;
  }
  for (; i < line.length; i++) if (line[i] !== 0x20 && line[i] !== 0x09) return 0;
  return kind;
}

export class MimeGuard {
  private readonly limits: GuardLimits;
  private readonly problems: string[] = [];
  private problemCount = 0;
  private readonly stack: OpenMultipart[] = [];
  private state: State = 'header';
  private partId = '';
  private topLevel = true;
  private readonly topHeader: Buffer[] = [];
  private topHeaderBytes = 0;
  private topHeaderCut = false;
  private partHeader: Buffer[] = [];
  private partHeaderBytes = 0;
  private inlineText = false;
  private textBytes = 0;
  private textDropped = false;
  private base64: { bad: number; badAt: number; count: number } | null = null;
  private totalBytes = 0;
  // The line being assembled: kept while it may still be a delimiter, then `overflowed`.
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowed = false;
  // While dropping, only delimiter lines are passed on; `lastOut` tells whether a line break
  // must be put back before one.
  private dropping = false;
  private lastOut = 0x0a;

  constructor(limits: GuardLimits = { inlineTextBytes: MAX_INLINE_TEXT_BYTES }) {
    this.limits = limits;
  }

  /** Takes the next chunk of the message; returns the bytes to pass on to mailparser. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const base = this.totalBytes;
    this.totalBytes += chunk.length;
    let runStart = this.dropping ? -1 : 0;
    let pos = 0;
    while (pos < chunk.length) {
      const wasDropping = this.dropping;
      let end: number;
      let delimiter: Buffer | null = null;
      const bulk = this.bodyRun(chunk, pos);
      if (bulk > pos) {
        // Whole body lines none of which can be a delimiter: checked in one go.
        end = bulk;
        this.bodyBytes(chunk.subarray(pos, end), base + pos);
      } else {
        const lf = chunk.indexOf(0x0a, pos);
        end = lf === -1 ? chunk.length : lf + 1;
        delimiter = this.take(chunk.subarray(pos, end), lf !== -1, base + pos);
      }
      if (!wasDropping && this.dropping) {
        this.emit(out, chunk.subarray(runStart, end));
        runStart = -1;
      } else if (wasDropping && !this.dropping) {
        if (delimiter) this.emitDelimiter(out, delimiter);
        runStart = end;
      }
      pos = end;
    }
    if (runStart >= 0) this.emit(out, chunk.subarray(runStart));
    return out;
  }

  /**
   * In a body, at the start of a line: the end of the run of complete lines from `pos` that do
   * not start with "--" (so cannot be delimiters), or `pos` when there is none. Base64 bodies
   * are millions of such lines; looking for "\n--" natively keeps them off the per-line path.
   */
  private bodyRun(chunk: Buffer, pos: number): number {
    if (this.state !== 'body' || this.overflowed || this.pendingBytes > 0) return pos;
    let end: number;
    if (this.stack.length === 0)
      end = chunk.lastIndexOf(0x0a) + 1; // a single-part body has no delimiters
    else if (chunk[pos] === 0x2d) return pos;
    else {
      const next = chunk.indexOf(LF_DASHES, pos);
      end = next === -1 ? chunk.lastIndexOf(0x0a) + 1 : next + 1;
    }
    if (this.inlineText && !this.dropping) {
      // Stop at the first line end past the text budget, so dropping starts right there.
      const room = this.limits.inlineTextBytes - this.textBytes;
      if (end - pos > room) {
        const lf = chunk.indexOf(0x0a, pos + Math.max(room, 0));
        if (lf !== -1 && lf + 1 < end) end = lf + 1;
      }
    }
    return end;
  }

  /**
   * Ends the message; returns the last bytes to pass on (a final delimiter held while dropping).
   * `complete` is false when reading stopped early (mailparser failed): the checks that need
   * the end of the message (close delimiters, the last base64 group) are then skipped.
   */
  end(complete = true): { out: Buffer[]; report: GuardReport } {
    const out: Buffer[] = [];
    if (this.pendingBytes > 0 || this.overflowed) {
      const wasDropping = this.dropping;
      const delimiter = this.take(Buffer.alloc(0), true, this.totalBytes);
      if (wasDropping && delimiter) this.emitDelimiter(out, delimiter);
    }
    if (complete) this.closePart();
    else this.base64 = null;
    if (this.totalBytes === 0) this.problem('the message file is empty');
    const header = Buffer.concat(this.topHeader, this.topHeaderBytes);
    const { fields, problems } = readHeaderBlock(header);
    if (this.totalBytes > 0) {
      for (const p of problems) this.problem(p);
      if (fields.length === 0 && problems.length === 0) this.problem('the message has no header fields (RFC 5322 §3.6)');
    }
    if (this.topHeaderCut) {
      this.problem(`the header block is longer than ${MAX_HEADER_BLOCK_BYTES / 1024} KiB`);
    }
    for (const open of complete ? this.stack : []) {
      this.problem(
        `${open.partId ? `the multipart in MIME part ${open.partId}` : 'the multipart message'} has no close delimiter ` +
          `"--${open.boundary.toString('latin1')}--": the message is truncated (RFC 2046 §5.1.1)`,
      );
    }
    if (this.problemCount > this.problems.length) this.problems.push(`and ${this.problemCount - this.problems.length} more problems`);
    return { out, report: { headerBlock: header, headerFields: fields, problems: this.problems, textDropped: this.textDropped } };
  }

  private emit(out: Buffer[], bytes: Buffer): void {
    if (bytes.length === 0) return;
    out.push(bytes);
    this.lastOut = bytes[bytes.length - 1] as number;
  }

  /** A delimiter found while dropping: it must start a line (RFC 2046 §5.1.1), so a cut line is ended first. */
  private emitDelimiter(out: Buffer[], line: Buffer): void {
    if (this.lastOut !== 0x0a) this.emit(out, CRLF);
    this.emit(out, line);
  }

  /**
   * One piece of a line: the whole rest of it up to and including its LF (`complete`), or what
   * the chunk holds of it. Returns the whole line when it is a delimiter found while dropping.
   */
  private take(piece: Buffer, complete: boolean, at: number): Buffer | null {
    if (this.overflowed) {
      // Too long to be a delimiter: feed it to the checks as it comes, hold none of it.
      this.segment(piece, at);
      if (complete) this.overflowed = false;
      return null;
    }
    if (piece.length > 0) {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
    if (!complete) {
      if (this.pendingBytes > MAX_DELIMITER_LINE_BYTES) {
        const held = Buffer.concat(this.pending, this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        this.overflowed = true;
        this.segment(held, at + piece.length - held.length);
      }
      return null;
    }
    const raw = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let stop = raw.length;
    if (raw[stop - 1] === 0x0a) stop--;
    while (stop > 0 && raw[stop - 1] === 0x0d) stop--;
    return this.line(raw, raw.subarray(0, stop), at + piece.length - raw.length) ? raw : null;
  }

  /** A complete line (`raw` with its line end, `line` without) at file offset `at`. Returns true for a delimiter. */
  private line(raw: Buffer, line: Buffer, at: number): boolean {
    if (this.stack.length > 0 && line[0] === 0x2d && line[1] === 0x2d && this.delimiter(line)) return true;
    switch (this.state) {
      case 'header':
        if (line.length === 0) this.endHeader();
        else this.appendHeader(raw);
        break;
      case 'body':
        this.bodyBytes(raw, at);
        break;
      case 'between':
        break; // preamble and epilogue (RFC 2046 §5.1.1) are ignored
    }
    return false;
  }

  /** Part of an over-long line: never a delimiter, never the empty line. */
  private segment(bytes: Buffer, at: number): void {
    if (this.state === 'header') this.appendHeader(bytes);
    else if (this.state === 'body') this.bodyBytes(bytes, at);
  }

  private delimiter(line: Buffer): boolean {
    // A delimiter of any open multipart counts, the innermost first: an inner multipart that is
    // never closed is ended by its parent's delimiter, as mailsplit (and other parsers) do.
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const open = this.stack[k] as OpenMultipart;
      const kind = matchDelimiter(line, open.boundary);
      if (kind === 0) continue;
      this.closePart();
      for (const inner of this.stack.splice(k + 1)) {
        this.problem(`the multipart in MIME part ${inner.partId} ends without its close delimiter (RFC 2046 §5.1.1)`);
      }
      this.dropping = false;
      if (kind === 2) {
        this.stack.pop();
        this.state = 'between';
      } else {
        open.children++;
        this.partId = open.partId ? `${open.partId}.${open.children}` : String(open.children);
        this.state = 'header';
        this.topLevel = false;
        this.partHeader = [];
        this.partHeaderBytes = 0;
      }
      return true;
    }
    return false;
  }

  private appendHeader(bytes: Buffer): void {
    if (this.topLevel) {
      const room = MAX_HEADER_BLOCK_BYTES - this.topHeaderBytes;
      if (bytes.length > room) this.topHeaderCut = true;
      if (room <= 0) return;
      const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
      this.topHeader.push(Buffer.from(kept)); // a copy: a slice would pin the whole read chunk
      this.topHeaderBytes += kept.length;
    } else {
      const room = MAX_PART_HEADER_BYTES - this.partHeaderBytes;
      if (room <= 0) return;
      const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
      this.partHeader.push(Buffer.from(kept));
      this.partHeaderBytes += kept.length;
    }
  }

  private endHeader(): void {
    const block = this.topLevel ? Buffer.concat(this.topHeader, this.topHeaderBytes) : Buffer.concat(this.partHeader, this.partHeaderBytes);
    this.topLevel = false;
    this.partHeader = [];
    this.partHeaderBytes = 0;
    const { fields } = readHeaderBlock(block);
    const contentType = fieldValue(fields, 'content-type') ?? '';
    const type = (contentType.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain'; // RFC 2045 §5.2 default
    const disposition = ((fieldValue(fields, 'content-disposition') ?? '').split(';')[0] ?? '').trim().toLowerCase();
    const encoding = (fieldValue(fields, 'content-transfer-encoding') ?? '').trim().toLowerCase();
    if (type.startsWith('multipart/')) {
      const boundary = boundaryOf(contentType);
      if (boundary) {
        this.stack.push({ boundary: Buffer.from(boundary, 'utf8'), partId: this.partId, children: 0 });
        this.state = 'between';
        return;
      }
      this.problem(`${where(this.partId)} is multipart without a boundary parameter (RFC 2046 §5.1.1)`);
    }
    this.state = 'body';
    this.inlineText = INLINE_TEXT_TYPES.has(type) && (disposition === '' || disposition === 'inline');
    this.base64 = encoding === 'base64' ? { bad: -1, badAt: 0, count: 0 } : null;
  }

  /** Body bytes starting at file offset `at`. */
  private bodyBytes(bytes: Buffer, at: number): void {
    const b64 = this.base64;
    if (b64) {
      let count = 0;
      for (let i = 0; i < bytes.length; i++) {
        const kind = BASE64_KIND[bytes[i] as number] as number;
        count += kind & 1;
        if (kind === 0 && b64.bad < 0) {
          b64.bad = bytes[i] as number;
          b64.badAt = at + i;
        }
      }
      b64.count += count;
    }
    if (this.inlineText && !this.dropping) {
      this.textBytes += bytes.length;
      if (this.textBytes > this.limits.inlineTextBytes) {
        this.dropping = true;
        this.textDropped = true;
      }
    }
  }

  /** The current part's body has ended: report what its transfer encoding check found. */
  private closePart(): void {
    const b64 = this.base64;
    this.base64 = null;
    this.inlineText = false;
    if (!b64) return;
    if (b64.bad >= 0) {
      const byte = `0x${b64.bad.toString(16).padStart(2, '0')}`;
      this.problem(`${where(this.partId)} is not valid base64: byte ${byte} at offset ${b64.badAt} of the file (RFC 2045 §6.8)`);
    } else if (b64.count % 4 === 1) {
      // A lone character cannot encode a byte: the data was cut. (2 or 3 is only missing padding.)
      this.problem(`${where(this.partId)} ends in the middle of a base64 group: the data is cut (RFC 2045 §6.8)`);
    }
  }

  private problem(text: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(text);
  }
}
