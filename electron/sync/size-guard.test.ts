import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BLOCK_OCTETS, SizeGuard } from './size-guard.ts';

/** Feeds `message` in chunks of `size`; returns what was to be written, and the guard. */
function feed(limit: number | null, message: string | Buffer, size: number): { written: Buffer; guard: SizeGuard } {
  const bytes = Buffer.isBuffer(message) ? message : Buffer.from(message, 'latin1');
  const guard = new SizeGuard(limit);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const w = guard.push(bytes.subarray(i, i + size));
    if (w) out.push(Buffer.from(w));
  }
  return { written: Buffer.concat(out), guard };
}

describe('SizeGuard', () => {
  const header = 'From: a@example.org\r\nSubject: hello\r\n\r\n';
  const message = header + 'body line\r\n'.repeat(500);

  it('passes everything through without a limit, or under it', () => {
    expect(feed(null, message, 7).written.toString('latin1')).toBe(message);
    const under = feed(message.length, message, 13);
    expect(under.guard.cut).toBe(false);
    expect(under.written.toString('latin1')).toBe(message);
  });

  it('past the limit: stops writing, keeps counting, and gives the header block with its empty line', () => {
    for (const size of [1, 2, 3, 5, 64, 4096]) {
      const { guard, written } = feed(1000, message, size);
      expect(guard.cut, `chunks of ${size}`).toBe(true);
      expect(guard.received).toBe(message.length);
      expect(written.length).toBeLessThanOrEqual(1000);
      expect(guard.headerBlock().toString('latin1'), `chunks of ${size}`).toBe(header);
    }
  });

  it('finds a bare-LF header end and a message without header fields', () => {
    const lf = 'Subject: x\n\n' + 'y'.repeat(5000);
    expect(feed(100, lf, 3).guard.headerBlock().toString('latin1')).toBe('Subject: x\n\n');
    expect(
      feed(100, '\r\n' + 'z'.repeat(5000), 10)
        .guard.headerBlock()
        .toString('latin1'),
    ).toBe('\r\n');
  });

  it('a header block without an end within the cap is kept up to its last line, ended as a header block', () => {
    const endless = 'X-Filler: ' + 'a'.repeat(70) + '\r\n';
    const big = endless.repeat(Math.ceil((MAX_HEADER_BLOCK_OCTETS * 1.5) / endless.length));
    const block = feed(2048, big, 65536).guard.headerBlock();
    expect(block.length).toBeLessThanOrEqual(MAX_HEADER_BLOCK_OCTETS + 2);
    expect(block.subarray(-4).toString('latin1')).toBe('\r\n\r\n');
  });
});
