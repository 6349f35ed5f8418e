// An outbox item taken back ('outbox.cancel') becomes a draft again: its fields read back from
// the exact bytes that were composed, its attachments copied, and Bcc (which is never in the
// bytes, mime/compose.ts) recovered from the envelope: every recipient not in To or Cc.
import { originalAttachments } from '../mime/original-parts.ts';
import { parseMessageFile } from '../mime/parse.ts';
import type { DraftFields } from '../store/drafts.ts';

export async function draftFieldsOf(raw: Buffer, envelopeTo: readonly string[]): Promise<DraftFields> {
  const p = await parseMessageFile(raw);
  const shown = new Set([...p.to, ...p.cc].map((a) => a.address.toLowerCase()));
  const bcc = envelopeTo.filter((a) => !shown.has(a.toLowerCase())).map((address) => ({ name: '', address }));
  const attachments = (await originalAttachments(raw)).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    base64: a.content.toString('base64'),
  }));
  return {
    to: p.to.map((a) => ({ name: a.name, address: a.address })),
    cc: p.cc.map((a) => ({ name: a.name, address: a.address })),
    bcc,
    subject: p.subject,
    text: p.text.replace(/\r\n/g, '\n'),
    html: p.html,
    inReplyTo: p.inReplyTo,
    references: p.references,
    attachments,
  };
}
