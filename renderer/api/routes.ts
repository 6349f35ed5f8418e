// The HTTP routes beside the API: attachment downloads, inline (cid:) parts, previews and the
// "save all" archive (electron/serving/mail-route.ts). They are plain URLs rather than channels
// because the browser must load them itself: an <a download> streams an attachment to disk, an
// <img> inside the sandboxed mail frame (which runs no script) can only fetch a URL, and a PDF
// preview is a frame's own document.

export interface MailRoutes {
  /** Where an attachment downloads from. */
  attachmentUrl(messageId: number, attachmentId: number): string;
  /** Where an inline part (a `cid:` reference in HTML mail) loads from. */
  partUrl(messageId: number, contentId: string): string;
  /** An attachment shown in the window (shared/attachment-preview.ts says which). */
  previewUrl(messageId: number, attachmentId: number): string;
  /** Every file of a message as one .zip download. */
  archiveUrl(messageId: number): string;
  /**
   * The CSP source that admits parts and nothing else of the host (a path prefix, CSP3
   * §6.7.2.12), for the mail frame's `img-src`.
   */
  readonly partsSource: string;
}

/**
 * Routes under `origin` (e.g. `http://127.0.0.1:8025`), authorised by the launch token in
 * browser mode; null where the origin itself is private to the app (Electron's protocol).
 */
export function mailRoutes(origin: string, token: string | null): MailRoutes {
  const auth = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return {
    attachmentUrl: (messageId, attachmentId) => `${origin}/attachments/${messageId}/${attachmentId}${auth}`,
    // A Content-ID may hold any character but `>` (RFC 2392), so it is always encoded.
    partUrl: (messageId, contentId) => `${origin}/parts/${messageId}/${encodeURIComponent(contentId)}${auth}`,
    partsSource: `${origin}/parts/`,
    previewUrl: (messageId, attachmentId) => `${origin}/preview/${messageId}/${attachmentId}${auth}`,
    archiveUrl: (messageId) => `${origin}/archive/${messageId}${auth}`,
  };
}
