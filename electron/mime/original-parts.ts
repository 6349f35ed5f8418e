// The attachments of a stored message with their decoded bytes, for forwarding it inline
// (issue 15): the forward carries copies of the original's files. Inline images of an HTML
// body (a Content-ID in multipart/related) are left out: the forward's body is plain text.
import { simpleParser } from 'mailparser';

export interface OriginalAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export async function originalAttachments(raw: Buffer): Promise<OriginalAttachment[]> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return parsed.attachments
    .filter((a) => !(a.related && a.cid))
    .map((a, i) => ({ filename: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: a.content }));
}
