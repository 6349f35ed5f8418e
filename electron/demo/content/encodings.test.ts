// The encoders the demo content is built with (nodemailer's, and the demo's own for charsets
// nodemailer does not write), checked against the RFCs' rules and round-tripped through
// decoders that are not ours (Node's TextDecoder, zlib).
import { inflateSync, crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodedWords, encodeText } from './charsets.ts';
import { filePart, foldHeader, textPart } from './mime.ts';
import { makePdf } from './pdf.ts';
import { logoPng, makePng, sunsetPng } from './png.ts';

/** The encoded lines of a text part in quoted-printable. */
const quotedPrintable = (lines: readonly string[], charset: 'UTF-8' | 'ISO-8859-1'): string[] =>
  textPart('plain', lines.join('\n'), { charset, encoding: 'quoted-printable' }).body.split('\r\n');

describe('quoted-printable (RFC 2045 §6.7)', () => {
  it('encodes "=" and non-ASCII, keeps inner spaces, encodes a trailing one', () => {
    expect(quotedPrintable(['a=b café ', 'x\t'], 'UTF-8')).toEqual(['a=3Db caf=C3=A9=20', 'x=09']);
    expect(quotedPrintable(['Grüße'], 'ISO-8859-1')).toEqual(['Gr=FC=DFe']);
  });

  it('soft-breaks long lines at 76 characters without splitting an =XX', () => {
    const lines = quotedPrintable(['é'.repeat(60)], 'UTF-8');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    expect(lines.slice(0, -1).every((l) => l.endsWith('=') && !/=[0-9A-F]?=$/.test(l))).toBe(true);
    const decoded = Buffer.from(
      lines
        .map((l) => l.replace(/=$/, ''))
        .join('')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    expect(decoded.toString('utf8')).toBe('é'.repeat(60));
  });
});

describe('encoded words (RFC 2047)', () => {
  const decodeB = (word: string, charset: string): string => {
    const [, , , data = ''] = /^=\?([^?]+)\?(B)\?([^?]*)\?=$/.exec(word) ?? [];
    return new TextDecoder(charset).decode(Buffer.from(data, 'base64'));
  };

  it('splits into words short enough for a 76-character line (§2), on character boundaries', () => {
    const text = 'Рецепт сырников, как обещала — с вареньем и сметаной';
    const words = encodedWords(text, 'UTF-8', 'B').split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(`Subject: ${word}`.length).toBeLessThanOrEqual(76);
    expect(words.map((w) => decodeB(w, 'utf-8')).join('')).toBe(text);
  });

  it('keeps each ISO-2022-JP word self-contained (starts and ends in ASCII)', () => {
    const text = 'お花見のお知らせ、今年もよろしくお願いします。桜の木の下で会いましょう';
    const words = encodedWords(text, 'ISO-2022-JP', 'B').split(' ');
    expect(words.length).toBeGreaterThan(1);
    expect(words.map((w) => decodeB(w, 'iso-2022-jp')).join('')).toBe(text);
  });

  it('uses "_" for space and encodes "?" and "=" in Q', () => {
    expect(encodedWords('Café ? =', 'UTF-8', 'Q')).toBe('=?UTF-8?Q?Caf=C3=A9_=3F_=3D?=');
  });
});

describe('charsets', () => {
  it('round-trips Japanese through ISO-2022-JP, 7-bit, ending in ASCII (RFC 1468)', () => {
    const text = '日時：来週の土曜日、午前十一時から！ abc';
    const bytes = encodeText(text, 'ISO-2022-JP');
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(bytes.subarray(-4).toString('latin1')).toBe(' abc');
    expect(new TextDecoder('iso-2022-jp').decode(bytes)).toBe(text);
  });

  it('refuses characters a charset cannot hold instead of mangling them', () => {
    expect(() => encodeText('Привет', 'ISO-8859-1')).toThrow(/ISO-8859-1/);
    expect(() => encodeText('😀', 'ISO-2022-JP')).toThrow(/JIS/);
  });
});

describe('other encoders', () => {
  it('writes base64 in lines of 76 (RFC 2045 §6.8)', () => {
    const lines = filePart(Buffer.alloc(200, 7), { type: 'application/octet-stream', disposition: 'attachment' }).body.split('\r\n');
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(''), 'base64')).toEqual(Buffer.alloc(200, 7));
  });

  it('percent-encodes RFC 2231 values', () => {
    const part = textPart('plain', 'x', { filename: 'Über sicht.txt' });
    expect(part.headers).toContainEqual(['Content-Disposition', "attachment; filename*0*=utf-8''%C3%9Cber%20sicht.txt"]);
  });

  it('folds header fields at spaces, and where asked', () => {
    expect(foldHeader('Subject', 'short')).toEqual(['Subject: short']);
    const folded = foldHeader('References', Array.from({ length: 6 }, (_, i) => `<message-${i}@lists.example.org>`).join(' '));
    expect(folded.length).toBeGreaterThan(1);
    expect(folded.every((l) => l.length <= 78)).toBe(true);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(foldHeader('Received', 'from a\nby b')).toEqual(['Received: from a', ' by b']);
  });
});

describe('generated files', () => {
  it('makes valid PNGs: signature, chunk CRCs, and pixel data of the right size', () => {
    for (const png of [logoPng(), sunsetPng(), makePng(2, 1, () => [1, 2, 3])]) {
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      let at = 8;
      const types: string[] = [];
      let width = 0;
      let height = 0;
      let idat = Buffer.alloc(0);
      while (at < png.length) {
        const length = png.readUInt32BE(at);
        const type = png.toString('ascii', at + 4, at + 8);
        const data = png.subarray(at + 8, at + 8 + length);
        expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
        if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
        if (type === 'IDAT') idat = Buffer.concat([idat, data]);
        types.push(type);
        at += 12 + length;
      }
      expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
      expect(inflateSync(idat)).toHaveLength(height * (1 + width * 3));
    }
  });

  it('makes a PDF whose cross-reference table points at its objects', () => {
    const pdf = makePdf('Title (with parens)', ['line one', 'line two']);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n \n/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    entries.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`.slice(0, 8)));
    expect(text).toContain('(Title \\(with parens\\)) Tj');
  });
});
