// What a mail route answers, for both hosts: the browser host (electron/host/mail-routes.ts)
// and the app's protocol, poplar://mail/ (electron/main/protocol.ts). One source, so the two
// cannot drift apart. The part streams out of the stored .eml (engine/attachments.ts).
//
// Mail is untrusted, and these bytes are served from the app's own origin, so nothing here is
// ever rendered as a page of that origin: attachments go out as application/octet-stream with
// `Content-Disposition: attachment`; parts only when they are raster images (an SVG can carry
// script); previews (mail-preview.ts) under a fixed type of their kind; the archive as a .zip
// download; all with nosniff and a sandboxing CSP.
import { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.ts';
import { CONTENT_CSP } from './csp.ts';
import { previewAnswer } from './mail-preview.ts';
import type { MailRoute } from './mail-route.ts';
import { zipBytes, zipNames } from './zip-stream.ts';

/** Image types a browser decodes without running anything. */
const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

export type MailPartAnswer =
  | { readonly kind: 'part'; readonly headers: Readonly<Record<string, string>>; readonly stream: Readable }
  | { readonly kind: 'not-found' }
  /** An inline part that is not a raster image, or a preview of a type Poplar does not preview: 415. */
  | { readonly kind: 'not-an-image' };

export type MailEngine = Pick<Engine, 'attachment' | 'inlinePart' | 'messageFiles'>;

/** What `route` names; rejects when the message file cannot be read (each host answers that its own way). */
export async function mailPart(engine: MailEngine, route: MailRoute): Promise<MailPartAnswer> {
  if (route.kind === 'archive') return archiveAnswer(engine, route.messageId);
  if (route.kind === 'preview') return previewAnswer(engine, route.messageId, route.attachmentId);
  const part =
    route.kind === 'attachment'
      ? await engine.attachment(route.messageId, route.attachmentId)
      : await engine.inlinePart(route.messageId, route.contentId);
  if (!part) return { kind: 'not-found' };
  const type = part.contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (route.kind === 'part' && !INLINE_IMAGE_TYPES.has(type)) {
    part.stream.destroy();
    return { kind: 'not-an-image' };
  }
  const headers =
    route.kind === 'attachment'
      ? partHeaders({ kind: 'attachment', disposition: contentDisposition(part.filename) })
      : partHeaders({ kind: 'part', contentType: type });
  return { kind: 'part', headers, stream: part.stream };
}

/**
 * Every file of the message in one stored .zip. Each part is read from the .eml in its turn
 * (one parse per part, stopping at its end): simpler than one parse that hands out every part,
 * and a message holds a handful of files.
 */
async function archiveAnswer(engine: MailEngine, messageId: number): Promise<MailPartAnswer> {
  const listed = await engine.messageFiles(messageId);
  if (!listed || listed.files.length === 0) return { kind: 'not-found' };
  const names = zipNames(listed.files.map((f) => f.filename));
  const entries = listed.files.map((file, i) => ({
    name: names[i] ?? `attachment-${i + 1}`,
    date: listed.date,
    open: async () => (await engine.attachment(messageId, file.id))?.stream ?? null,
  }));
  const [archiveName = 'attachments'] = zipNames([listed.subject.trim() || 'attachments']);
  return {
    kind: 'part',
    headers: {
      ...partHeaders({ kind: 'attachment', disposition: contentDisposition(`${archiveName}.zip`) }),
      'Content-Type': 'application/zip',
    },
    stream: Readable.from(zipBytes(entries), { objectMode: false }),
  };
}

/**
 * The headers of a mail part:
 *   - attachments: always a download (application/octet-stream, Content-Disposition), and
 *     Cross-Origin-Resource-Policy: same-origin, so no other origin can embed or read one;
 *   - inline parts (raster images for cid: URLs): no CORP, because the sandboxed mail frame
 *     that shows them has an opaque origin, and 'same-origin' would refuse its <img> loads.
 * Both: the sandboxing CSP, nosniff, and no-store (mail is private: nothing stays in a cache).
 */
export type PartKind =
  { readonly kind: 'attachment'; readonly disposition: string } | { readonly kind: 'part'; readonly contentType: string };

export function partHeaders(part: PartKind): Readonly<Record<string, string>> {
  const common = { 'Content-Security-Policy': CONTENT_CSP, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (part.kind === 'part') return { ...common, 'Content-Type': part.contentType };
  return {
    ...common,
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': part.disposition,
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** RFC 6266 §4.3: an ASCII fallback name plus the real one in RFC 8187 (filename*) form. */
export function contentDisposition(filename: string | null, type: 'attachment' | 'inline' = 'attachment'): string {
  // No path, no control characters: the browser names the saved file after this.
  const printable = [...(filename ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('');
  const name = printable.replace(/[\\/]/g, '_').trim() || 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
