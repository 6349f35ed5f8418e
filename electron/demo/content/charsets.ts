// Text to bytes in the character sets the demo messages use, and RFC 2047 encoded words in
// them. Node encodes UTF-8 and ISO-8859-1 itself; ISO-2022-JP (RFC 1468), still the usual
// charset of Japanese mail, has no encoder in Node, so its JIS X 0208 table is read back from
// the WHATWG decoder Node ships. nodemailer writes UTF-8 only, so the words of the demo's
// ISO-8859-1 and ISO-2022-JP subjects and names are made here.

export type Charset = 'UTF-8' | 'ISO-8859-1' | 'ISO-2022-JP';

export function encodeText(text: string, charset: Charset): Buffer {
  switch (charset) {
    case 'UTF-8':
      return Buffer.from(text, 'utf8');
    case 'ISO-8859-1':
      return latin1(text);
    case 'ISO-2022-JP':
      return iso2022jp(text);
  }
}

function latin1(text: string): Buffer {
  for (const char of text) {
    // Buffer's 'latin1' would silently keep only the low byte of anything above U+00FF.
    if ((char.codePointAt(0) ?? 0) > 0xff) throw new Error(`"${char}" is not in ISO-8859-1`);
  }
  return Buffer.from(text, 'latin1');
}

const ESC = 0x1b;
const TO_ASCII = [ESC, 0x28, 0x42]; // ESC ( B
const TO_JIS = [ESC, 0x24, 0x42]; // ESC $ B  (JIS X 0208-1983)

let jisTable: Map<string, readonly [number, number]> | null = null;

/** Character → its JIS X 0208 row and cell, each 0x21..0x7E, built once by decoding every pair. */
function jis(): Map<string, readonly [number, number]> {
  if (jisTable !== null) return jisTable;
  const decoder = new TextDecoder('iso-2022-jp');
  const table = new Map<string, readonly [number, number]>();
  for (let row = 0x21; row <= 0x7e; row++) {
    for (let cell = 0x21; cell <= 0x7e; cell++) {
      const char = decoder.decode(Uint8Array.of(...TO_JIS, row, cell, ...TO_ASCII));
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, [row, cell]);
    }
  }
  jisTable = table;
  return table;
}

/**
 * RFC 1468: ASCII, and JIS X 0208 between "ESC $ B" and "ESC ( B". Every line (and the whole
 * text) ends in ASCII, so the CR LF that follow are plain ASCII and each line stands alone.
 */
function iso2022jp(text: string): Buffer {
  const out: number[] = [];
  let inJis = false;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80 && code !== ESC && code !== 0x0e && code !== 0x0f) {
      if (inJis) out.push(...TO_ASCII);
      inJis = false;
      out.push(code);
      continue;
    }
    const pair = jis().get(char);
    if (pair === undefined) throw new Error(`"${char}" is not in JIS X 0208`);
    if (!inJis) out.push(...TO_JIS);
    inJis = true;
    out.push(...pair);
  }
  if (inJis) out.push(...TO_ASCII);
  return Buffer.from(out);
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
  const encode = (chunk: string): string =>
    mode === 'B' ? encodeText(chunk, charset).toString('base64') : qWord(encodeText(chunk, charset));
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
