// A draft → the exact bytes to send, with nodemailer's MailComposer: RFC 2047 encoded words
// for non-ASCII headers, text/plain and an optional text/html alternative, attachments, and
// the Message-ID and Date the caller chose. The caller chooses them (newMessageId) so the
// outbox can record the Message-ID before any network traffic and the bytes kept in Sent
// are the bytes sent. Bcc never appears in the bytes; it goes only into the envelope.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from '../../shared/compose/types.ts';

export interface ComposeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface ComposeDraft {
  readonly from: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  /** The sender's Reply-To (an account's identity); absent or null for none. */
  readonly replyTo?: Address | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly attachments: readonly ComposeAttachment[];
  /** Angle brackets included. */
  readonly messageId: string;
  /** ms since the epoch. */
  readonly date: number;
}

export interface ComposedMessage {
  readonly raw: Buffer;
  readonly messageId: string;
  /** SMTP envelope: the From address and every recipient, Bcc included. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
}

// MailComposer keeps a body's line ends as given; SMTP servers turn a bare LF into CRLF, so
// without this the bytes that arrive (and a byte comparison with Sent) would differ.
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** A fresh Message-ID in the domain of the sender's address (RFC 5322 §3.6.4). */
export function newMessageId(from: string): string {
  const at = from.lastIndexOf('@');
  const domain = at >= 0 && at < from.length - 1 ? from.slice(at + 1) : 'poplar.invalid';
  return `<${randomUUID()}@${domain}>`;
}

export async function composeMessage(draft: ComposeDraft): Promise<ComposedMessage> {
  const list = (addresses: readonly Address[]): { name: string; address: string }[] =>
    addresses.map((a) => ({ name: a.name, address: a.address }));
  const composer = new MailComposer({
    from: { name: draft.from.name, address: draft.from.address },
    to: list(draft.to),
    cc: list(draft.cc),
    bcc: list(draft.bcc),
    ...(draft.replyTo ? { replyTo: { name: draft.replyTo.name, address: draft.replyTo.address } } : {}),
    subject: draft.subject,
    text: crlf(draft.text),
    ...(draft.html === null ? {} : { html: crlf(draft.html) }),
    ...(draft.inReplyTo === null ? {} : { inReplyTo: draft.inReplyTo }),
    ...(draft.references.length === 0 ? {} : { references: [...draft.references] }),
    attachments: draft.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    messageId: draft.messageId,
    date: new Date(draft.date),
  });
  const raw = await composer.compile().build();
  const envelope = {
    from: draft.from.address,
    to: [...draft.to, ...draft.cc, ...draft.bcc].map((a) => a.address),
  };
  return { raw, messageId: draft.messageId, envelope };
}
