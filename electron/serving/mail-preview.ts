// An attachment shown in the window (the preview overlay, renderer/components/reader/
// AttachmentPreview.tsx): raster images for an <img>, a PDF for Chromium's viewer in a frame,
// text as text/plain for the window to read and show as text. What may be previewed, and as what
// type, is shared/attachment-preview.ts: the declared type is never passed on, so a part declared
// "image/png" that holds HTML is still only ever an image (nosniff: the browser does not guess).
import { previewOf } from '../../shared/attachment-preview.ts';
import { PREVIEW_CSP } from './csp.ts';
import type { MailEngine, MailPartAnswer } from './mail-part.ts';
import { contentDisposition } from './mail-part.ts';

export async function previewAnswer(
  engine: Pick<MailEngine, 'attachment'>,
  messageId: number,
  attachmentId: number,
): Promise<MailPartAnswer> {
  const part = await engine.attachment(messageId, attachmentId);
  if (!part) return { kind: 'not-found' };
  const preview = previewOf(part.contentType, part.filename);
  if (!preview) {
    part.stream.destroy();
    return { kind: 'not-an-image' };
  }
  return { kind: 'part', headers: previewHeaders(preview.contentType, part.filename), stream: part.stream };
}

/**
 * `inline` only here, for the frame and the <img>; CORP same-origin, so no other origin can
 * embed or read a preview; no-store, as every mail part.
 */
export function previewHeaders(contentType: string, filename: string | null): Readonly<Record<string, string>> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(filename, 'inline'),
    'Content-Security-Policy': PREVIEW_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
