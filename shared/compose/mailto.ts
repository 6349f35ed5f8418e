// mailto: URLs (RFC 6068) → the fields of a new draft. Pure, so the engine and tests share it.
//
// - The part before '?' is a comma list of addresses (§2), percent-decoded as UTF-8 (§2, §5).
// - hfields are case-insensitive names (§2); 'to' adds to the path's addresses, 'cc', 'bcc',
//   'subject', 'body' are kept; 'in-reply-to' is kept as the draft's threading. Every other
//   header is ignored: §6 warns that a link may try to set headers the user did not choose.
// - A body's line breaks are "%0D%0A" (§2); a bare CR or LF is taken as one too.
// - '+' is a plus sign, not a space (§5: mailto is not form encoding).
import type { Address } from './types.ts';

export interface MailtoFields {
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly subject: string;
  readonly body: string;
  readonly inReplyTo: string | null;
}

export class MailtoError extends Error {}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MailtoError('The mailto: link is not valid: it has a broken %-escape.');
  }
}

/** "a@x, B <b@y>" → addresses; a display name is taken when one is written (common in the wild, beyond §2). */
export function mailtoAddresses(text: string): Address[] {
  const out: Address[] = [];
  for (const piece of text.split(',')) {
    const item = piece.trim();
    if (item === '') continue;
    const angle = /^(.*)<([^<>]+)>$/.exec(item);
    if (angle) out.push({ name: (angle[1] ?? '').trim().replace(/^"(.*)"$/, '$1'), address: (angle[2] ?? '').trim() });
    else out.push({ name: '', address: item });
  }
  return out;
}

export function parseMailto(url: string): MailtoFields {
  const match = /^mailto:([^?#]*)(?:\?([^#]*))?/i.exec(url.trim());
  if (!match) throw new MailtoError('This is not a mailto: link.');
  const to = mailtoAddresses(decode(match[1] ?? ''));
  const cc: Address[] = [];
  const bcc: Address[] = [];
  let subject = '';
  let body = '';
  let inReplyTo: string | null = null;
  for (const pair of (match[2] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    switch (name) {
      case 'to':
        to.push(...mailtoAddresses(value));
        break;
      case 'cc':
        cc.push(...mailtoAddresses(value));
        break;
      case 'bcc':
        bcc.push(...mailtoAddresses(value));
        break;
      case 'subject':
        // One line: a line break would end the Subject field (RFC 5322 §2.2).
        subject = value.replace(/[\r\n]+/g, ' ');
        break;
      case 'body':
        body = value.replace(/\r\n?/g, '\n');
        break;
      case 'in-reply-to':
        inReplyTo = value.trim() === '' ? null : value.trim().replace(/[\r\n]+/g, '');
        break;
      default:
        break;
    }
  }
  return { to, cc, bcc, subject, body, inReplyTo };
}
