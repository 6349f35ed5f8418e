// The mail routes beside the window's page (renderer/api/routes.ts builds their URLs), the
// same under poplar://mail/ and on the browser host:
//   /attachments/:messageId/:attachmentId   an attachment, always as a download
//   /parts/:messageId/:contentId            an inline image for a cid: URL (RFC 2392)
//   /preview/:messageId/:attachmentId       an attachment shown in the window (image, PDF, text)
//   /archive/:messageId                     every file of a message in one .zip download

const ID = /^[1-9][0-9]{0,15}$/;

export type MailRoute =
  | { kind: 'attachment'; messageId: number; attachmentId: number }
  | { kind: 'part'; messageId: number; contentId: string }
  | { kind: 'preview'; messageId: number; attachmentId: number }
  | { kind: 'archive'; messageId: number };

const PREFIXES: ReadonlySet<string> = new Set(['attachments', 'parts', 'preview', 'archive']);

/** The route `pathname` names, 'malformed' for a broken one under a mail prefix, or null for none. */
export function mailRoute(pathname: string): MailRoute | 'malformed' | null {
  const [empty, prefix = '', message, item, ...rest] = pathname.split('/');
  if (empty !== '' || !PREFIXES.has(prefix)) return null;
  if (message === undefined || !ID.test(message)) return 'malformed';
  const messageId = Number(message);
  if (prefix === 'archive') return item === undefined ? { kind: 'archive', messageId } : 'malformed';
  if (rest.length > 0 || item === undefined) return 'malformed';
  if (prefix === 'attachments' || prefix === 'preview') {
    return ID.test(item) ? { kind: prefix === 'preview' ? 'preview' : 'attachment', messageId, attachmentId: Number(item) } : 'malformed';
  }
  let contentId: string;
  try {
    contentId = decodeURIComponent(item);
  } catch {
    return 'malformed';
  }
  return contentId === '' ? 'malformed' : { kind: 'part', messageId, contentId };
}
