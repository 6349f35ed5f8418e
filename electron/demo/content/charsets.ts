// Text to bytes in the character sets the demo messages use. Node encodes UTF-8 and
// ISO-8859-1 itself; ISO-2022-JP (RFC 1468), still the usual charset of Japanese mail, has no
// encoder in Node, so its JIS X 0208 table is read back from the WHATWG decoder Node ships.

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
