import { describe, expect, it } from 'vitest';
import { variedCorpus } from '../../tests/support/corpus.ts';
import { seededRandom } from '../../tests/support/messages.ts';
import { MimeGuard, boundaryOf } from './mime-guard.ts';
import type { GuardReport } from './mime-guard.ts';
import { MAX_HEADER_BLOCK_BYTES } from './parse-limits.ts';

/** Feeds `raw` in chunks of the given sizes (cycled); returns what the guard passed on and its report. */
function run(raw: Buffer, sizes: number[] = [raw.length || 1], inlineTextBytes = 16 * 1024 * 1024): { out: Buffer; report: GuardReport } {
  const guard = new MimeGuard({ inlineTextBytes });
  const out: Buffer[] = [];
  for (let pos = 0, i = 0; pos < raw.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    out.push(...guard.push(raw.subarray(pos, pos + size)));
    pos += size;
  }
  const end = guard.end();
  out.push(...end.out);
  return { out: Buffer.concat(out), report: end.report };
}

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

describe('MimeGuard', () => {
  const corpus = variedCorpus(15, { bigAttachmentBytes: 200_000 });

  it('passes every corpus message on unchanged, however it is chunked', () => {
    const random = seededRandom(99);
    for (const message of corpus) {
      const whole = run(message.raw);
      expect(whole.out.equals(message.raw)).toBe(true);
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(random() * 300));
      const chunked = run(message.raw, sizes);
      expect(chunked.out.equals(message.raw)).toBe(true);
      expect(chunked.report.problems).toEqual(whole.report.problems);
      expect(chunked.report.headerBlock.equals(whole.report.headerBlock)).toBe(true);
      expect(whole.report.problems.length > 0).toBe(message.expect.malformed);
    }
  });

  it('finds the same problems when fed one byte at a time', () => {
    const malformed = corpus.find((m) => m.expect.kind === 'malformed');
    if (!malformed) throw new Error('corpus has no malformed message');
    expect(run(malformed.raw, [1]).report.problems).toEqual(run(malformed.raw).report.problems);
  });

  it('keeps the top-level header block without the empty line, and reads it as fields', () => {
    const { report } = run(crlf(['Subject: hi', 'X-Long: a', '\tb', '', 'body', '']));
    expect(report.headerBlock.toString()).toBe('Subject: hi\r\nX-Long: a\r\n\tb\r\n');
    expect(report.headerFields).toEqual([
      ['Subject', 'hi'],
      ['X-Long', 'a\tb'],
    ]);
    expect(report.problems).toEqual([]);
  });

  it('caps the kept header block and says so', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: big\r\nX-Big: '),
      Buffer.alloc(MAX_HEADER_BLOCK_BYTES, 'x'),
      Buffer.from('\r\n\r\nbody\r\n'),
    ]);
    const { report } = run(raw, [65536]);
    expect(report.headerBlock.length).toBe(MAX_HEADER_BLOCK_BYTES);
    expect(report.problems).toEqual([`the header block is longer than ${MAX_HEADER_BLOCK_BYTES / 1024} KiB`]);
  });

  it('accepts delimiters with trailing white space and a close delimiter at the end of the file', () => {
    const { report } = run(crlf(['Content-Type: multipart/mixed; boundary=b', '', '--b  ', '', 'one', '--b--\t']));
    expect(report.problems).toEqual([]);
  });

  it('ignores delimiter-like lines in the preamble, the epilogue and after the close delimiter', () => {
    const { report } = run(
      crlf([
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        'preamble --not',
        '--b',
        '',
        'one',
        '--b--',
        'epilogue',
        '--b',
        '--b--',
        '',
      ]),
    );
    expect(report.problems).toEqual([]);
  });

  it('reports a part that is still open at the end, and nested ones by part number', () => {
    const { report } = run(
      crlf([
        'Content-Type: multipart/mixed; boundary="o"',
        '',
        '--o',
        'Content-Type: multipart/related; boundary="i"',
        '',
        '--i',
        '',
        'x',
        '',
      ]),
    );
    expect(report.problems).toEqual([
      'the multipart message has no close delimiter "--o--": the message is truncated (RFC 2046 §5.1.1)',
      'the multipart in MIME part 1 has no close delimiter "--i--": the message is truncated (RFC 2046 §5.1.1)',
    ]);
  });

  it('skips the end-of-message checks when reading stopped early', () => {
    const guard = new MimeGuard();
    guard.push(crlf(['Subject: s', 'Content-Type: multipart/mixed; boundary="o"', '', '--o', '', 'x']));
    const { report } = guard.end(false);
    expect(report.problems).toEqual([]);
    expect(report.headerFields[0]).toEqual(['Subject', 's']);
  });

  it('drops inline text past the budget but never a delimiter, and says so', () => {
    const body = Array.from({ length: 2000 }, (_, i) => `text line ${i}`);
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      ...body,
      '--b',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      'QUJD',
      '--b--',
      '',
    ]);
    for (const sizes of [[raw.length], [7], [1000, 3]]) {
      const { out, report } = run(raw, sizes, 1000);
      const text = out.toString();
      expect(report.textDropped).toBe(true);
      expect(report.problems).toEqual([]);
      expect(text).toContain('text line 0\r\n');
      expect(text).not.toContain('text line 1999');
      expect(text).toContain(
        '\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD\r\n--b--\r\n',
      );
      expect(out.length).toBeLessThan(1400);
    }
  });

  it('ends a line it cut mid-way before passing on the next delimiter', () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html',
      '',
      'y'.repeat(50_000),
      '--b--',
      '',
    ]);
    const { out } = run(raw, [4096], 10_000);
    const text = out.toString();
    expect(text.endsWith('y\r\n--b--\r\n')).toBe(true);
    expect(text.length).toBeLessThan(20_000);
  });

  it('leaves attachments and text/plain attachments alone whatever the budget', () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      'Content-Disposition: attachment; filename="log.txt"',
      '',
      ...Array.from({ length: 500 }, (_, i) => `log line ${i}`),
      '--b--',
      '',
    ]);
    const { out, report } = run(raw, [100], 100);
    expect(out.equals(raw)).toBe(true);
    expect(report.textDropped).toBe(false);
  });
});

describe('boundaryOf', () => {
  it('reads a token or a quoted string (RFC 2045 §5.1)', () => {
    expect(boundaryOf('multipart/mixed; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/mixed; charset=x; BOUNDARY="a b;c"')).toBe('a b;c');
    expect(boundaryOf('multipart/mixed; boundary="a\\"b"')).toBe('a"b');
    expect(boundaryOf('multipart/mixed;\tboundary = "----=_Part_1"; type=x')).toBe('----=_Part_1');
    expect(boundaryOf('multipart/mixed')).toBeNull();
    expect(boundaryOf('multipart/mixed; boundary=""')).toBeNull();
  });
});
