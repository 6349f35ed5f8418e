// The account's size limit, enforced while a message is received rather than trusted from
// LIST (issue 11: a server that listed 100 octets and sent 10 MB had all 10 MB stored under
// --max-size 2048). Bytes pass through until the message passes the limit; from then on
// nothing more is written, the rest of the reply is still read (so the session stays in step
// with the server) and dropped, and what is kept is the header block alone — what TOP n 0
// would have given (RFC 1939 §7) — stored as a partial message.
//
// The header block is kept for every message, limit or not: the download's header pass
// (mime/header-summary.ts) reads it from memory instead of reading the file back.

/**
 * The longest header block kept in memory while a message may still pass the limit. Header
 * blocks are a few KiB; one over this is cut here (mailparser reads what there is).
 */
export const MAX_HEADER_BLOCK_OCTETS = 256 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export class SizeGuard {
  readonly #limit: number | null;
  #received = 0;
  #cut = false;
  /** Copies of the first bytes, until the header block's end is found. */
  #head: Buffer[] = [];
  #headBytes = 0;
  /** Offset just past the empty line that ends the header block, once seen. */
  #headerEnd: number | null = null;
  /** The last bytes seen before the current chunk, for a separator split across chunks. */
  #carry: number[] = [];
  #scanning = true;

  constructor(limit: number | null) {
    this.#limit = limit;
  }

  /** Octets received so far, written or not. */
  get received(): number {
    return this.#received;
  }

  /** True once the message passed the limit: only its header block is kept. */
  get cut(): boolean {
    return this.#cut;
  }

  /** What of `chunk` is to be written now: all of it, or nothing once the limit is passed. */
  push(chunk: Buffer): Buffer | null {
    const start = this.#received;
    this.#received += chunk.length;
    if (this.#scanning) this.#scan(chunk, start);
    if (this.#limit === null) return chunk;
    if (!this.#cut && this.#received > this.#limit) {
      this.#cut = true;
      this.#carry = [];
    }
    return this.#cut ? null : chunk;
  }

  /** The header block, ending with its empty line: when cut, the file to keep. */
  headerBlock(): Buffer {
    const head = Buffer.concat(this.#head);
    if (this.#headerEnd !== null) return head.subarray(0, this.#headerEnd);
    // No empty line within MAX_HEADER_BLOCK_OCTETS: keep what there is, ended as a header block.
    const lastLf = head.lastIndexOf(LF);
    return Buffer.concat([lastLf >= 0 ? head.subarray(0, lastLf + 1) : head, Buffer.from('\r\n')]);
  }

  #scan(chunk: Buffer, start: number): void {
    // Keep a copy: the chunk may be a view into the connection's receive buffer (reader.ts).
    const room = MAX_HEADER_BLOCK_OCTETS - this.#headBytes;
    if (room > 0) {
      const part = Buffer.from(chunk.subarray(0, room));
      this.#head.push(part);
      this.#headBytes += part.length;
    }
    // RFC 5322 §2.1: the header block ends at the first empty line (CRLF CRLF; a bare LF LF
    // from a sloppy server too). A message that starts with an empty line has no header fields.
    if (start === 0 && (chunk[0] === LF || (chunk[0] === CR && chunk[1] === LF))) {
      this.#found(chunk[0] === LF ? 1 : 2);
      return;
    }
    const prev = this.#carry;
    const at = (i: number, k: number): number | undefined => (i - k >= 0 ? chunk[i - k] : prev[prev.length - (k - i)]);
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
      // "\n\n" or "\n\r\n" just before this LF ends the block.
      if (at(i, 1) === LF || (at(i, 1) === CR && at(i, 2) === LF)) {
        this.#found(start + i + 1);
        return;
      }
    }
    this.#carry = [...prev, ...chunk.subarray(Math.max(0, chunk.length - 3))].slice(-3);
    // Past the cap without an empty line: stop looking, headerBlock() ends what was kept.
    if (start + chunk.length >= MAX_HEADER_BLOCK_OCTETS) this.#scanning = false;
  }

  #found(end: number): void {
    this.#scanning = false;
    this.#carry = [];
    if (end <= MAX_HEADER_BLOCK_OCTETS) this.#headerEnd = end;
  }
}
