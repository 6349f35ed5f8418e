// The two routes beside the API (renderer/api/routes.ts builds their URLs):
//   GET /attachments/:messageId/:attachmentId?token=…  an attachment, always as a download
//   GET /parts/:messageId/:contentId?token=…           an inline image for a cid: URL (RFC 2392)
// Both stream the part out of the stored .eml (engine/attachments.ts).
//
// Mail is untrusted, and these bytes are served from the app's own origin, so nothing here is
// ever rendered as a page: attachments go out as application/octet-stream with
// `Content-Disposition: attachment`; parts only when they are raster images (an SVG can carry
// script); both with nosniff and a sandboxing CSP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine/engine.ts';
import type { PartContent } from '../engine/attachments.ts';
import { partHeaders, plain } from './headers.ts';

/** Image types a browser decodes without running anything. */
const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon']);

const ID = /^[1-9][0-9]{0,15}$/;

export type MailRoute = { kind: 'attachment'; messageId: number; attachmentId: number } | { kind: 'part'; messageId: number; contentId: string };

/** The route `pathname` names, 'malformed' for a broken one under a mail prefix, or null for none. */
export function mailRoute(pathname: string): MailRoute | 'malformed' | null {
  const parts = pathname.split('/');
  const [empty, prefix, message, item, ...rest] = parts;
  if (empty !== '' || (prefix !== 'attachments' && prefix !== 'parts')) return null;
  if (rest.length > 0 || message === undefined || item === undefined || !ID.test(message)) return 'malformed';
  if (prefix === 'attachments') return ID.test(item) ? { kind: 'attachment', messageId: Number(message), attachmentId: Number(item) } : 'malformed';
  let contentId: string;
  try {
    contentId = decodeURIComponent(item);
  } catch {
    return 'malformed';
  }
  return contentId === '' ? 'malformed' : { kind: 'part', messageId: Number(message), contentId };
}

/** RFC 6266 §4.3: an ASCII fallback name plus the real one in RFC 8187 (filename*) form. */
export function contentDisposition(filename: string | null): string {
  // No path, no control characters: the browser names the saved file after this.
  const printable = [...(filename ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('');
  const name = printable.replace(/[\\/]/g, '_').trim() || 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function serveMailRoute(engine: Engine, route: MailRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  let part: PartContent | null;
  try {
    part = route.kind === 'attachment' ? await engine.attachment(route.messageId, route.attachmentId) : await engine.inlinePart(route.messageId, route.contentId);
  } catch (error) {
    process.stderr.write(`poplar host: could not read ${route.kind} of message ${route.messageId}: ${(error as Error).message}\n`);
    return plain(res, 500, 'The message file could not be read', head);
  }
  if (!part) return plain(res, 404, 'Not found', head);
  const type = part.contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (route.kind === 'part' && !INLINE_IMAGE_TYPES.has(type)) {
    part.stream.destroy();
    return plain(res, 415, 'This part is not an image Poplar shows inline', head);
  }
  res.statusCode = 200;
  // The same headers as poplar://mail/ in the app (headers.ts partHeaders says why each).
  const headers = route.kind === 'attachment' ? partHeaders({ kind: 'attachment', disposition: contentDisposition(part.filename) }) : partHeaders({ kind: 'part', contentType: type });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (head) {
    part.stream.destroy();
    res.end();
    return;
  }
  // A client that goes away destroys the part's stream, which stops reading the file.
  await pipeline(part.stream, res).catch(() => res.destroy());
}
