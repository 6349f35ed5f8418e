// A tolerant reader for a header block (RFC 5322 §2.2): the lines up to the first empty line,
// continuation lines unfolded. It never throws; what it cannot read as a field it reports.
// Used for "show raw headers", for the Date header (mail-date.ts), for the fallback when
// mailparser fails, and by the guard to read each MIME part's Content-* fields.

export interface HeaderBlock {
  /** (name, value) in order, name as received, value unfolded and trimmed, not decoded. */
  readonly fields: Array<[string, string]>;
  /** What is not RFC 5322 about the block, for `parseError`; empty when it is fine. */
  readonly problems: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * Header bytes as text. RFC 5322 headers are ASCII and RFC 6532 allows UTF-8; anything else is
 * an 8-bit header from a client that ignored both, almost always in a Western single-byte
 * charset, for which windows-1252 (a superset of ISO-8859-1's printable range) is the best guess.
 */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

/** RFC 5322 §3.6.8: a field name is printable US-ASCII (33–126) except the colon. */
function isFieldName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return false;
  }
  return true;
}

/**
 * Reads the fields of `bytes`, stopping at the first empty line (the header/body separator)
 * or the end of the bytes. Unfolding (RFC 5322 §2.2.3) removes each CRLF that comes before
 * white space; a bare LF is accepted as a line end too. White space before the colon is the
 * obsolete syntax of RFC 5322 §4.5 and is accepted.
 */
export function readHeaderBlock(bytes: Uint8Array): HeaderBlock {
  const fields: Array<[string, string]> = [];
  const problems: string[] = [];
  let badLines = 0;
  let current: [string, string] | null = null;
  let lineNumber = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    let stop = end;
    while (stop > start && bytes[stop - 1] === 0x0d) stop--;
    lineNumber++;
    if (stop === start) break; // the empty line ends the header block
    const line = decodeHeaderBytes(bytes.subarray(start, stop));
    start = next;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current[1] += line;
      else if (fields.length === 0 && badLines === 0) {
        badLines++;
        problems.push(`header line ${lineNumber} is a continuation line with no field before it (RFC 5322 §2.2.3)`);
      }
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).replace(/[ \t]+$/, '') : '';
    if (!isFieldName(name) || line.includes('\0')) {
      current = null;
      if (badLines++ === 0) {
        problems.push(
          lineNumber === 1
            ? 'the message does not start with a header field: not an RFC 5322 message (RFC 5322 §2.2)'
            : `header line ${lineNumber} is not a header field: a missing empty line between header and body? (RFC 5322 §2.1)`,
        );
      }
      continue;
    }
    current = [name, line.slice(colon + 1)];
    fields.push(current);
  }
  if (badLines > 1) problems.push(`${badLines} lines of the header block are not header fields`);
  for (const field of fields) field[1] = field[1].replace(/^[ \t]+|[ \t]+$/g, '');
  return { fields, problems };
}

/** The value of the first field called `name` (case-insensitive), or null. */
export function fieldValue(fields: ReadonlyArray<readonly [string, string]>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of fields) if (key.toLowerCase() === wanted) return value;
  return null;
}
