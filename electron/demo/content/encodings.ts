// Content-Transfer-Encodings (RFC 2045 §6) and encoded words for header fields (RFC 2047),
// producing 7-bit lines that fit the 76-character limits those RFCs set.
import { encodeText, type Charset } from './charsets.ts';

/** RFC 2045 §6.8: base64 in lines of 76 characters. */
export function base64Lines(bytes: Buffer): string[] {
  const flat = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 76) lines.push(flat.slice(i, i + 76));
  return lines;
}

/**
 * RFC 2045 §6.7 quoted-printable of text already split into lines: each line's bytes are
 * encoded on their own (rule 4: line breaks stay line breaks), a space or tab at the end of a
 * line is encoded (rule 3), and long lines get soft breaks so none exceeds 76 characters (rule 5).
 */
export function quotedPrintable(lines: readonly string[], charset: Charset): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const bytes = encodeText(line, charset);
    let current = '';
    bytes.forEach((byte, i) => {
      const last = i === bytes.length - 1;
      const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
      const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      // 75 + the "=" of the soft line break = 76.
      if (current.length + token.length > 75) {
        out.push(`${current}=`);
        current = '';
      }
      current += token;
    });
    out.push(current);
  }
  return out;
}

export type WordEncoding = 'B' | 'Q';

/**
 * RFC 2047 §2 allows an encoded word 75 characters, but also says a header line holding
 * encoded words must not exceed 76; the first word shares its line with the field name
 * ("Subject: " is 9), so words are kept to 66.
 */
const MAX_ENCODED_WORD = 66;

/**
 * RFC 2047 encoded words for `text`, separated by spaces (which a reader drops between
 * adjacent encoded words, §6.2). Each word is at most MAX_ENCODED_WORD characters and holds whole
 * characters (§5: a multi-octet character must not be split across words); for ISO-2022-JP
 * each word also starts and ends in ASCII, since encodeText closes every escape sequence.
 */
export function encodedWords(text: string, charset: Charset, mode: WordEncoding): string {
  const frame = `=?${charset}?${mode}?`.length + 2;
  const encode = (chunk: string): string => (mode === 'B' ? encodeText(chunk, charset).toString('base64') : qWord(encodeText(chunk, charset)));
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (chunk !== '' && frame + encode(chunk + char).length > MAX_ENCODED_WORD) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?${charset}?${mode}?${encode(word)}?=`).join(' ');
}

/** RFC 2047 §4.2 "Q", limited to the characters §5(3) allows even inside a phrase. */
function qWord(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(char)) out += char;
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** True when `text` is printable US-ASCII (plus tab), needing no encoding in a header. */
export function isPlainAscii(text: string): boolean {
  return /^[\t\x20-\x7e]*$/.test(text);
}

/**
 * RFC 2231 §4 extended parameter value, for a non-ASCII file name: charset''percent-encoded.
 * (RFC 2231 also allows splitting long values into sections; the demo's names are short.)
 */
export function rfc2231Value(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = "UTF-8''";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
