// The header block of a message's bytes: up to and including the first empty line (RFC 5322
// §2.1), or all of it when there is none. What the header pass (mime/header-summary.ts) reads.
export function headerBlockOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((n) => n >= 0);
  return ends.length === 0 ? raw : raw.subarray(0, Math.min(...ends));
}
