// The body of a reply: an attribution line ("On <date>, <name> wrote:") and the original text
// quoted with "> " per line (already quoted lines get one more ">", no space, as is usual).
import { personName } from './address.ts';
import type { Address } from './types.ts';

/** A date as the attribution writes it, in the given IANA time zone: "Wed, 2 Dec 2026 at 13:55". */
export function attributionDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}`;
}

export function attributionLine(from: readonly Address[], date: number | null, timeZone: string): string {
  const who = personName(from);
  return date === null ? `${who} wrote:` : `On ${attributionDate(date, timeZone)}, ${who} wrote:`;
}

export function quoteText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`)).join('\n');
}
