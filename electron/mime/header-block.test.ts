import { describe, expect, it } from 'vitest';
import { decodeHeaderBytes, fieldValue, readHeaderBlock } from './header-block.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('readHeaderBlock', () => {
  it('unfolds continuation lines and stops at the empty line (RFC 5322 §2.2.3)', () => {
    const block = readHeaderBlock(bytes('Subject: a\r\n  folded\r\n\tline\r\nTo: x@example.org\r\n\r\nFrom: body@example.org\r\n'));
    expect(block.fields).toEqual([
      ['Subject', 'a  folded\tline'],
      ['To', 'x@example.org'],
    ]);
    expect(block.problems).toEqual([]);
  });

  it('keeps the name as received and accepts white space before the colon (RFC 5322 §4.5)', () => {
    expect(readHeaderBlock(bytes('message-ID : <a@b>\nX-Empty:\n')).fields).toEqual([
      ['message-ID', '<a@b>'],
      ['X-Empty', ''],
    ]);
  });

  it('reports lines that are not fields, and a block that does not start with one', () => {
    expect(readHeaderBlock(bytes('Subject: s\r\nno colon here\r\n')).problems).toEqual([
      'header line 2 is not a header field: a missing empty line between header and body? (RFC 5322 §2.1)',
    ]);
    const garbage = readHeaderBlock(Buffer.from([0x00, 0x01, 0xff, 0x0a, 0x3a, 0x0a, 0x41, 0x00, 0x3a, 0x0a]));
    expect(garbage.fields).toEqual([]);
    expect(garbage.problems).toEqual([
      'the message does not start with a header field: not an RFC 5322 message (RFC 5322 §2.2)',
      '3 lines of the header block are not header fields',
    ]);
    expect(readHeaderBlock(bytes(' leading continuation\r\nSubject: s\r\n')).problems[0]).toMatch(
      /continuation line with no field before it/,
    );
  });

  it('reads UTF-8 header bytes (RFC 6532) and falls back to windows-1252', () => {
    expect(readHeaderBlock(Buffer.from('Subject: Grüße\r\n', 'utf8')).fields).toEqual([['Subject', 'Grüße']]);
    expect(readHeaderBlock(bytes('Subject: Gr\xfc\xdfe \x80\r\n')).fields).toEqual([['Subject', 'Grüße €']]);
    expect(decodeHeaderBytes(Buffer.from([0x41]))).toBe('A');
  });

  it('finds the first field by name, case-insensitively', () => {
    const { fields } = readHeaderBlock(bytes('Received: one\r\nRECEIVED: two\r\n'));
    expect(fieldValue(fields, 'received')).toBe('one');
    expect(fieldValue(fields, 'date')).toBeNull();
  });

  it('reads an empty block as no fields', () => {
    expect(readHeaderBlock(Buffer.alloc(0))).toEqual({ fields: [], problems: [] });
    expect(readHeaderBlock(bytes('\r\nSubject: in the body\r\n'))).toEqual({ fields: [], problems: [] });
  });
});
