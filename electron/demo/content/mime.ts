// MIME parts (RFC 2045, RFC 2046) as a small tree, and their rendering to 7-bit text with CRLF
// line ends. Every body is encoded here (7bit, quoted-printable or base64), so a rendered
// message is pure ASCII whatever its languages.
import { encodeText, type Charset } from './charsets.ts';
import { base64Lines, encodedWords, isPlainAscii, quotedPrintable, rfc2231Value } from './encodings.ts';

export type Header = readonly [name: string, value: string];

export interface Leaf {
  readonly kind: 'leaf';
  readonly headers: readonly Header[];
  /** Encoded body lines, without line ends. */
  readonly lines: readonly string[];
}

export interface Multipart {
  readonly kind: 'multipart';
  readonly subtype: 'mixed' | 'alternative' | 'related';
  readonly parts: readonly Part[];
}

export type Part = Leaf | Multipart;

export interface TextOptions {
  readonly charset?: Charset;
  /** Defaults to 7bit for short-lined ASCII (and for ISO-2022-JP), quoted-printable otherwise. */
  readonly encoding?: '7bit' | 'quoted-printable' | 'base64';
  /** Content-Disposition: attachment with this file name (a .txt attachment). */
  readonly filename?: string;
}

/** A text/plain or text/html part; `content` uses "\n" between lines. */
export function textPart(subtype: 'plain' | 'html', content: string, options: TextOptions = {}): Leaf {
  const charset = options.charset ?? 'UTF-8';
  const source = content.split('\n');
  const sevenBit = charset === 'ISO-2022-JP' || source.every((line) => isPlainAscii(line) && line.length <= 78);
  const encoding = options.encoding ?? (sevenBit ? '7bit' : 'quoted-printable');
  const headers: Header[] = [['Content-Type', `text/${subtype}; charset="${charset.toLowerCase()}"`]];
  if (options.filename !== undefined) headers.push(['Content-Disposition', `attachment; ${filenameParam(options.filename)}`]);
  headers.push(['Content-Transfer-Encoding', encoding]);
  return { kind: 'leaf', headers, lines: encodeLines(source, charset, encoding) };
}

function encodeLines(source: readonly string[], charset: Charset, encoding: '7bit' | 'quoted-printable' | 'base64'): string[] {
  if (encoding === 'quoted-printable') return quotedPrintable(source, charset);
  if (encoding === 'base64') return base64Lines(Buffer.from(source.join('\r\n'), 'utf8'));
  // ISO-2022-JP is 7-bit by design (RFC 1468): JIS bytes are 0x21..0x7E between escapes.
  if (charset === 'ISO-2022-JP') return source.map((line) => encodeText(line, charset).toString('latin1'));
  return [...source];
}

export interface FileOptions {
  readonly type: string;
  readonly filename?: string;
  /** RFC 2183: 'inline' for an embedded image, 'attachment' for a file to save. */
  readonly disposition: 'attachment' | 'inline';
  /** RFC 2392 Content-ID without angle brackets, what a cid: URL names. */
  readonly contentId?: string;
}

/** A binary part, base64-encoded (RFC 2045 §6.8). */
export function filePart(bytes: Buffer, options: FileOptions): Leaf {
  const name = options.filename;
  const headers: Header[] = [
    ['Content-Type', name === undefined ? options.type : `${options.type}; ${nameParam(name)}`],
    ['Content-Disposition', name === undefined ? options.disposition : `${options.disposition}; ${filenameParam(name)}`],
  ];
  if (options.contentId !== undefined) headers.push(['Content-ID', `<${options.contentId}>`]);
  headers.push(['Content-Transfer-Encoding', 'base64']);
  return { kind: 'leaf', headers, lines: base64Lines(bytes) };
}

/** RFC 2183 filename; RFC 2231 for a non-ASCII one. */
function filenameParam(name: string): string {
  return isPlainAscii(name) ? `filename="${name}"` : `filename*=${rfc2231Value(name)}`;
}

/** The older Content-Type "name" parameter many readers still look at; RFC 2047 when needed, as common practice does. */
function nameParam(name: string): string {
  return isPlainAscii(name) ? `name="${name}"` : `name="${encodedWords(name, 'UTF-8', 'B')}"`;
}

export function multipart(subtype: Multipart['subtype'], ...parts: Part[]): Multipart {
  return { kind: 'multipart', subtype, parts };
}

/**
 * Renders a part: its header fields and body lines. Boundaries start with "=_", which can
 * appear neither in quoted-printable nor in base64 output (RFC 2045 §6.7, §6.8), so they
 * never collide with an encoded body (RFC 2046 §5.1.1).
 */
export function renderPart(part: Part, boundaryStem: string, counter: { n: number }): { headers: Header[]; lines: string[] } {
  if (part.kind === 'leaf') return { headers: [...part.headers], lines: [...part.lines] };
  counter.n += 1;
  const boundary = `=_${boundaryStem}_${counter.n}`;
  const related = part.subtype === 'related' ? '; type="text/html"' : '';
  const lines: string[] = ['This is a multi-part message in MIME format.'];
  for (const child of part.parts) {
    const rendered = renderPart(child, boundaryStem, counter);
    lines.push('', `--${boundary}`);
    for (const [name, value] of rendered.headers) lines.push(...foldHeader(name, value));
    lines.push('', ...rendered.lines);
  }
  // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), so the empty
  // line pushed before it leaves each body ending with its own line break.
  lines.push('', `--${boundary}--`);
  return { headers: [['Content-Type', `multipart/${part.subtype}; boundary="${boundary}"${related}`]], lines };
}

/**
 * RFC 5322 §2.2.3 folding: lines of at most 78 characters where the value has spaces to fold
 * at; a longer unbreakable word (an encoded word is at most 75) stays whole, far below 998.
 * A "\n" in `value` asks for a fold at that point (a Received field folds before "by" and
 * after ";", as MTAs write it).
 */
export function foldHeader(name: string, value: string): string[] {
  const lines: string[] = [];
  let current = `${name}:`;
  value.split('\n').forEach((segment, i) => {
    if (i > 0) {
      lines.push(current);
      current = '';
    }
    for (const word of segment.split(' ')) {
      const fresh = current === '' || current === `${name}:`;
      if (!fresh && current.length + 1 + word.length > 78) {
        lines.push(current);
        current = '';
      }
      current += ` ${word}`;
    }
  });
  lines.push(current);
  return lines;
}
