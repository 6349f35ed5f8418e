// Text with the search's matches in <mark> (body-highlight.ts); React escapes every piece.
import { highlight } from '../list/highlight.ts';

export function Marked({ text, pattern }: { text: string; pattern: RegExp | null }) {
  if (pattern === null) return <>{text}</>;
  return <>{highlight(text, pattern).map((piece, i) => (piece.mark ? <mark key={i}>{piece.text}</mark> : piece.text))}</>;
}
