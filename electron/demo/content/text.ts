// Plain-text conventions of real mail: lines wrapped near 72 characters, quoted replies with
// "> " (RFC 3676 §4.5), the "-- " signature separator (RFC 3676 §4.3).
import { textPart, type Leaf } from './mime.ts';

const WIDTH = 72;

/**
 * Wraps every line longer than WIDTH at spaces. Quoted lines (">") are left alone: they were
 * wrapped when first written, and re-wrapping them after the "> " leaves one-word orphans.
 */
export function wrap(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    while (!rest.startsWith('>') && rest.length > WIDTH) {
      let cut = rest.lastIndexOf(' ', WIDTH);
      if (cut <= 0) cut = rest.indexOf(' ', WIDTH);
      if (cut <= 0) break;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
    out.push(rest);
  }
  return out;
}

/** The lines of a reply's quotation: "> " before text, ">" before an already quoted line or a blank. */
export function quote(lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`));
}

/** A text/plain part from lines (long ones wrapped); the encoding is chosen by textPart. */
export function plain(...lines: string[]): Leaf {
  return textPart('plain', wrap(lines).join('\n'));
}

/** A signature block after the RFC 3676 §4.3 separator "-- ". */
export function signature(...lines: string[]): string[] {
  return ['', '-- ', ...lines];
}

/** Minutes before now: `days` days, `hours` hours and `minutes` minutes ago. */
export function ago(days: number, hours: number, minutes = 0): number {
  return days * 24 * 60 + hours * 60 + minutes;
}
