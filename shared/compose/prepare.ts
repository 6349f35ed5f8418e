// Drafts prepared from a stored message: reply, reply all, and forward inline. Forwarding as
// an attachment keeps the body empty and names the message/rfc822 part (forwardAttachmentName);
// the engine adds the original's exact bytes.
import { displayAddresses } from './address.ts';
import { attributionDate, attributionLine, quoteText } from './quote.ts';
import { replyRecipients } from './recipients.ts';
import { forwardSubject, replySubject } from './subject.ts';
import { replyThreading } from './threading.ts';
import type { OriginalMessage, PreparedDraft } from './types.ts';

export interface PrepareOptions {
  /** The user's own addresses, left out of reply-all recipients. */
  readonly own: readonly string[];
  /** IANA time zone for dates the user reads in the body. */
  readonly timeZone: string;
}

export function prepareReply(original: OriginalMessage, all: boolean, options: PrepareOptions): PreparedDraft {
  const { to, cc } = replyRecipients(original, options.own, all);
  const { inReplyTo, references } = replyThreading(original);
  const quoted = quoteText(original.text);
  const text = `\n\n${attributionLine(original.from, original.date, options.timeZone)}\n${quoted}\n`;
  return { to, cc, subject: replySubject(original.subject), inReplyTo, references, text };
}

export function prepareForward(original: OriginalMessage, inline: boolean, options: PrepareOptions): PreparedDraft {
  const base = { to: [], cc: [], subject: forwardSubject(original.subject), inReplyTo: null, references: [] };
  if (!inline) return { ...base, text: '' };
  const rows: [string, string][] = [
    ['From', displayAddresses(original.from)],
    ['Date', original.date === null ? '' : attributionDate(original.date, options.timeZone)],
    ['Subject', original.subject],
    ['To', displayAddresses(original.to)],
    ['Cc', displayAddresses(original.cc)],
  ];
  const block = rows
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const body = original.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return { ...base, text: `\n\n---------- Forwarded message ----------\n${block}\n\n${body}\n` };
}

/** The file name of a message forwarded as an attachment: its subject, made safe, ".eml". */
export function forwardAttachmentName(subject: string): string {
  const safe = subject
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${safe === '' ? 'message' : safe}.eml`;
}
