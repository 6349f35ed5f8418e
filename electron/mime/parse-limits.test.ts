import { describe, expect, it } from 'vitest';
import {
  MAX_DELIMITER_LINE_BYTES,
  MAX_HEADER_BLOCK_BYTES,
  MAX_HTML_CHARS,
  MAX_INLINE_TEXT_BYTES,
  MAX_TEXT_CHARS,
  SNIPPET_CHARS,
  SNIPPET_SCAN_CHARS,
} from './parse-limits.ts';

describe('parse limits', () => {
  it('let the guard see every delimiter mailsplit accepts (70-char boundary, 998 trailing blanks)', () => {
    expect(MAX_DELIMITER_LINE_BYTES).toBeGreaterThanOrEqual(2 + 70 + 2 + 998 + 2);
  });

  it('keep a header block mailparser accepts (its maxHeadSize is 1 MiB) within reason', () => {
    expect(MAX_HEADER_BLOCK_BYTES).toBeLessThanOrEqual(1024 * 1024);
    expect(MAX_HEADER_BLOCK_BYTES).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('let enough inline text through to fill the html cap even as quoted-printable (3 bytes a character)', () => {
    expect(MAX_INLINE_TEXT_BYTES).toBeGreaterThanOrEqual(3 * MAX_HTML_CHARS);
    expect(MAX_INLINE_TEXT_BYTES).toBeGreaterThanOrEqual(3 * MAX_TEXT_CHARS);
  });

  it('scan more text for the snippet than the snippet holds', () => {
    expect(SNIPPET_SCAN_CHARS).toBeGreaterThan(10 * SNIPPET_CHARS);
  });
});
