// A linear, forgiving HTML-to-text pass for the parts html-to-text is not given: HTML longer
// than MAX_HTML_TO_TEXT_CHARS, nested too deep, or that made it fail (mailparser then reports a
// `textConversionError` and leaves the text empty). Good enough to index and to make a snippet;
// the reader shows the HTML itself.

const SKIPPED = ['script', 'style', 'head', 'title', 'template'];
const BREAKS = new Set(['br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'hr']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Text of `html` (at most `maxChars` of it are read): tags dropped, block ends as line breaks. */
export function roughHtmlText(html: string, maxChars: number): string {
  const source = html.length > maxChars ? html.slice(0, maxChars) : html;
  const lower = source.toLowerCase();
  const out: string[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('<', pos);
    if (open === -1) {
      out.push(source.slice(pos));
      break;
    }
    out.push(source.slice(pos, open));
    if (lower.startsWith('<!--', open)) {
      const close = lower.indexOf('-->', open + 4);
      pos = close === -1 ? source.length : close + 3;
      continue;
    }
    const close = source.indexOf('>', open + 1);
    if (close === -1) break;
    const name = /^<\/?([a-z][a-z0-9]*)/.exec(lower.slice(open, Math.min(close, open + 12)))?.[1] ?? '';
    pos = close + 1;
    if (lower[open + 1] !== '/' && SKIPPED.includes(name)) {
      // Everything up to the matching end tag is not text; one indexOf, so this stays linear.
      const end = lower.indexOf(`</${name}`, pos);
      pos = end === -1 ? source.length : end;
      continue;
    }
    out.push(BREAKS.has(name) ? '\n' : ' ');
  }
  return decodeEntities(out.join(''))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
