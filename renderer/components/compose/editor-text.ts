// The text/plain part of a formatted message, from the editor's document (TipTap's JSON). The
// editor's own getText drops what formatting means in plain text; mail has long written it in
// marks a reader recognises: "- " and "1. " before list items (indented by nesting), "> " before
// quoted lines (RFC 3676 §4.5), a line of dashes for a rule. One line per paragraph, as the
// composer reads a plain body back (RichEditor textToHtml).

/** The part of TipTap's JSONContent read here (renderer code may not depend on its types' details). */
export interface DocNode {
  readonly type?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly DocNode[];
}

/** Inline content of a block as one string; a hard break is a new line. */
function inline(node: DocNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(inline).join('');
}

/** `first` before the first line of `lines`, `rest` before each other line. */
function prefixed(lines: readonly string[], first: string, rest: string): string[] {
  return lines.map((line, i) => (i === 0 ? first : rest) + line);
}

function blocks(nodes: readonly DocNode[]): string[] {
  return nodes.flatMap(block);
}

function block(node: DocNode): string[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inline(node).split('\n');
    case 'codeBlock':
      return (node.content ?? []).map(inline).join('').split('\n');
    case 'blockquote':
      // "> " before every line, quotes within quotes included (">> " after two levels, RFC 3676).
      return blocks(node.content ?? []).map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`));
    case 'bulletList':
      return (node.content ?? []).flatMap((item) => prefixed(blocks(item.content ?? []), '- ', '  '));
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' && Number.isSafeInteger(node.attrs.start) ? node.attrs.start : 1;
      return (node.content ?? []).flatMap((item, i) => {
        const mark = `${start + i}. `;
        return prefixed(blocks(item.content ?? []), mark, ' '.repeat(mark.length));
      });
    }
    case 'horizontalRule':
      return ['----'];
    default:
      // An unknown block (a later extension): its text, so no word is lost.
      return node.content ? blocks(node.content) : node.text !== undefined ? [node.text] : [];
  }
}

/** The plain text of the editor document `doc`. */
export function editorText(doc: DocNode): string {
  return blocks(doc.content ?? []).join('\n');
}
