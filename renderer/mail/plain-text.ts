// Plain-text mail for display: quoted blocks ("> …", RFC 3676 §4.5) folded behind a toggle,
// and URLs found so they can be offered through the link confirmation. React escapes the
// text itself; nothing here produces markup.

export type TextBlock = { readonly kind: 'text' | 'quote'; readonly text: string; readonly lines: number };

export type TextSegment =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly url: string };

/** Splits a body into runs of ordinary lines and runs of quoted lines. */
export function splitQuotes(body: string): TextBlock[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const quoted = lines.map((line) => (/^\s*>/.test(line) ? true : line.trim() === '' ? null : false));
  // A blank line between two quoted lines belongs to the quote; any other blank line to the text.
  const after: Array<boolean | null> = new Array<boolean | null>(lines.length).fill(null);
  for (let i = lines.length - 2; i >= 0; i--) after[i] = quoted[i + 1] ?? after[i + 1] ?? null;
  let before: boolean | null = null;
  const kinds = quoted.map((q, i): TextBlock['kind'] => {
    const kind = q !== null ? (q ? 'quote' : 'text') : before === true && after[i] === true ? 'quote' : 'text';
    if (q !== null) before = q;
    return kind;
  });
  const blocks: TextBlock[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && kinds[i] === kinds[start]) continue;
    const run = lines.slice(start, i);
    // Blank lines at the edges of a run only push the fold away from the text it follows.
    while (run.length > 0 && run[0]?.trim() === '') run.shift();
    while (run.length > 0 && run[run.length - 1]?.trim() === '') run.pop();
    if (run.length > 0) blocks.push({ kind: kinds[start] ?? 'text', text: run.join('\n'), lines: run.length });
    start = i;
  }
  return blocks;
}

const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;

/** Splits text into plain runs and links; trailing punctuation stays outside the link. */
export function findLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    // "(see https://example.org/a)." — strip closing punctuation that is not part of the URL;
    // a ")" stays when the URL opened one itself (Wikipedia-style links).
    while (/[.,;:!?'")\]}>]$/.test(url)) {
      if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: url, url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
