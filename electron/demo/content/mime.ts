// MIME parts (RFC 2045, RFC 2046) as a small tree, and their rendering to 7-bit text with CRLF
// line ends. The encodings are nodemailer's (quoted-printable, base64, RFC 2047 words in UTF-8,
// RFC 2231 parameters, header folding); its MimeNode builds asynchronously, through streams,
// while the demo catalog is rendered synchronously (demoMessages, deliver), so only the tree
// and its boundaries are put together here.
import { encode as base64, wrap as wrapBase64 } from 'nodemailer/lib/base64';
import { buildHeaderValue, foldLines } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import { encodeText, isPlainAscii, type Charset } from './charsets.ts';

export type Header = readonly [name: string, value: string];

export interface Leaf {
  readonly kind: 'leaf';
  readonly headers: readonly Header[];
  /** The encoded body, 7-bit, CRLF between lines. */
  readonly body: string;
}

export interface Multipart {
  readonly kind: 'multipart';
  readonly subtype: 'mixed' | 'alternative' | 'related';
  readonly parts: readonly Part[];
}

export type Part = Leaf | Multipart;

type Encoding = '7bit' | 'quoted-printable' | 'base64';

export interface TextOptions {
  readonly charset?: Charset;
  /** Defaults to 7bit for short-lined ASCII (and for ISO-2022-JP), quoted-printable otherwise. */
  readonly encoding?: Encoding;
  /** Content-Disposition: attachment with this file name (a .txt attachment). */
  readonly filename?: string;
}

/** RFC 2045 §6.7 and §6.8: encoded lines of at most 76 characters. */
const ENCODED_LINE = 76;

function encodeBody(bytes: Buffer, encoding: Encoding): string {
  if (encoding === 'quoted-printable') return wrapQuotedPrintable(quotedPrintable(bytes), ENCODED_LINE);
  if (encoding === 'base64') return wrapBase64(base64(bytes), ENCODED_LINE);
  // 7bit: ASCII, or ISO-2022-JP, which is 7-bit by design (RFC 1468).
  return bytes.toString('latin1');
}

/** A text/plain or text/html part; `content` uses "\n" between lines. */
export function textPart(subtype: 'plain' | 'html', content: string, options: TextOptions = {}): Leaf {
  const charset = options.charset ?? 'UTF-8';
  const source = content.split('\n');
  const sevenBit = charset === 'ISO-2022-JP' || source.every((line) => isPlainAscii(line) && line.length <= 78);
  const encoding = options.encoding ?? (sevenBit ? '7bit' : 'quoted-printable');
  // Line by line: every ISO-2022-JP line ends in ASCII, so each CRLF stands alone (RFC 1468).
  const crlf = Buffer.from('\r\n');
  const bytes = Buffer.concat(source.flatMap((line, i) => (i === 0 ? [encodeText(line, charset)] : [crlf, encodeText(line, charset)])));
  const headers: Header[] = [['Content-Type', buildHeaderValue({ value: `text/${subtype}`, params: { charset: charset.toLowerCase() } })]];
  if (options.filename !== undefined) {
    headers.push(['Content-Disposition', buildHeaderValue({ value: 'attachment', params: { filename: options.filename } })]);
  }
  headers.push(['Content-Transfer-Encoding', encoding]);
  return { kind: 'leaf', headers, body: encodeBody(bytes, encoding) };
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
  // The Content-Type "name" parameter is older than RFC 2183's filename; many readers still look at it.
  const headers: Header[] = [
    ['Content-Type', buildHeaderValue({ value: options.type, params: name === undefined ? {} : { name } })],
    ['Content-Disposition', buildHeaderValue({ value: options.disposition, params: name === undefined ? {} : { filename: name } })],
  ];
  if (options.contentId !== undefined) headers.push(['Content-ID', `<${options.contentId}>`]);
  headers.push(['Content-Transfer-Encoding', 'base64']);
  return { kind: 'leaf', headers, body: encodeBody(bytes, 'base64') };
}

export function multipart(subtype: Multipart['subtype'], ...parts: Part[]): Multipart {
  return { kind: 'multipart', subtype, parts };
}

/**
 * Renders a part: its header fields and body. Boundaries start with "=_", which can appear
 * neither in quoted-printable nor in base64 output (RFC 2045 §6.7, §6.8), so they never collide
 * with an encoded body (RFC 2046 §5.1.1); they are derived from the message, so the same
 * message renders to the same bytes.
 */
export function renderPart(part: Part, boundaryStem: string, counter: { n: number }): { headers: Header[]; body: string } {
  if (part.kind === 'leaf') return { headers: [...part.headers], body: part.body };
  counter.n += 1;
  const boundary = `=_${boundaryStem}_${counter.n}`;
  const params: Record<string, string> = { boundary };
  if (part.subtype === 'related') params.type = 'text/html';
  const lines: string[] = ['This is a multi-part message in MIME format.'];
  for (const child of part.parts) {
    const rendered = renderPart(child, boundaryStem, counter);
    lines.push('', `--${boundary}`, ...rendered.headers.flatMap(([name, value]) => foldHeader(name, value)), '', rendered.body);
  }
  // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), so the empty
  // line pushed before it leaves each body ending with its own line break.
  lines.push('', `--${boundary}--`);
  return { headers: [['Content-Type', buildHeaderValue({ value: `multipart/${part.subtype}`, params })]], body: lines.join('\r\n') };
}

/**
 * RFC 5322 §2.2.3 folding, by nodemailer, to lines of at most 76 characters where the value
 * has spaces to fold at. A "\n" in `value` asks for a fold at that point (a Received field
 * folds before "by" and after ";", as MTAs write it).
 */
export function foldHeader(name: string, value: string): string[] {
  return value.split('\n').flatMap((segment, i) => foldLines(i === 0 ? `${name}: ${segment}` : ` ${segment}`, ENCODED_LINE).split('\r\n'));
}
