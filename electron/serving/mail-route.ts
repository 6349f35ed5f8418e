// The two mail routes beside the window's page (renderer/api/routes.ts builds their URLs), the
// same under poplar://mail/ and on the browser host:
//   /attachments/:messageId/:attachmentId   an attachment, always as a download
//   /parts/:messageId/:contentId            an inline image for a cid: URL (RFC 2392)

const ID = /^[1-9][0-9]{0,15}$/;

export type MailRoute =
  { kind: 'attachment'; messageId: number; attachmentId: number } | { kind: 'part'; messageId: number; contentId: string };

/** The route `pathname` names, 'malformed' for a broken one under a mail prefix, or null for none. */
export function mailRoute(pathname: string): MailRoute | 'malformed' | null {
  const parts = pathname.split('/');
  const [empty, prefix, message, item, ...rest] = parts;
  if (empty !== '' || (prefix !== 'attachments' && prefix !== 'parts')) return null;
  if (rest.length > 0 || message === undefined || item === undefined || !ID.test(message)) return 'malformed';
  if (prefix === 'attachments')
    return ID.test(item) ? { kind: 'attachment', messageId: Number(message), attachmentId: Number(item) } : 'malformed';
  let contentId: string;
  try {
    contentId = decodeURIComponent(item);
  } catch {
    return 'malformed';
  }
  return contentId === '' ? 'malformed' : { kind: 'part', messageId: Number(message), contentId };
}
