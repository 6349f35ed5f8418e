// The fast header pass of a download (issue 13): what the message list needs, read from the
// header block alone, so that a message is committed and listed without waiting for the full
// MIME analysis (parse.ts, run later by electron/analysis/). The analysis then stores
// mailparser's reading of the same fields, which is the reference; this pass uses the same
// decoders (libmime's RFC 2047 words, mailparser's address parser, mail-date.ts), so the two
// agree for any ordinary message.
import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import { fieldValue, readHeaderBlock } from './header-block.ts';
import { parseMailDate } from './mail-date.ts';
import { mailboxes, type ParsedAddress } from './parse.ts';

export interface HeaderSummary {
  /** Angle brackets included, as in the header. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly from: readonly ParsedAddress[];
  readonly to: readonly ParsedAddress[];
  readonly cc: readonly ParsedAddress[];
  /** RFC 2047 encoded words decoded; '' when there is none. */
  readonly subject: string;
  readonly date: number | null;
  /**
   * A hint until the analysis says for sure: a top-level multipart/mixed (RFC 2046 §5.1.3) is
   * how mail with attachments is sent; multipart/alternative or /related mostly carry none.
   */
  readonly hasAttachments: boolean;
}

function decoded(value: string | null): string {
  if (value === null) return '';
  try {
    return libmime.decodeWords(value).trim();
  } catch {
    return value.trim();
  }
}

function addressList(value: string | null): ParsedAddress[] {
  if (value === null || value.trim() === '') return [];
  try {
    return mailboxes(parseAddressHeader(value));
  } catch {
    return [];
  }
}

/** Message-IDs of a References or In-Reply-To field (RFC 5322 §3.6.4), angle brackets kept. */
function messageIds(value: string | null): string[] {
  return value === null ? [] : (value.match(/<[^<>\s]+>/g) ?? []);
}

/** Reads the summary from the start of a message: the header block, or more (the rest is ignored). */
export function summariseHeaders(head: Uint8Array): HeaderSummary {
  const { fields } = readHeaderBlock(head);
  const field = (name: string): string | null => fieldValue(fields, name);
  const messageId = field('message-id')?.trim() || null;
  const inReplyTo = messageIds(field('in-reply-to'))[0] ?? (field('in-reply-to')?.trim() || null);
  const contentType = (field('content-type') ?? '').trim().toLowerCase();
  return {
    messageId,
    inReplyTo,
    references: messageIds(field('references')),
    from: addressList(field('from')),
    to: addressList(field('to')),
    cc: addressList(field('cc')),
    subject: decoded(field('subject')),
    date: parseMailDate(field('date')),
    hasAttachments: contentType.startsWith('multipart/mixed'),
  };
}
