// The response headers of the browser-mode host, in one place.
import type { ServerResponse } from 'node:http';

/**
 * The app page's Content-Security-Policy. The baseline of the brief, adjusted where the page
 * needs it — the renderer's own <meta> policy (renderer/index.html) also applies, and a browser
 * enforces both, so this one must allow at least what the renderer's allows:
 *   - img-src adds https: and http:. The mail frame is an about:srcdoc document, which
 *     inherits the page's policies on top of its own; without these, remote images could never
 *     load even after the user allowed them. The frame's own CSP (renderer/mail/csp.ts) keeps
 *     them blocked until then; the page itself shows no remote images.
 *   - frame-src adds about: for that srcdoc frame.
 *   - connect-src names ws://127.0.0.1:PORT and ws://localhost:PORT (the page may have been
 *     opened under either name); the renderer's 'self' covers the same in CSP3 browsers.
 * 'unsafe-inline' is for styles only (React's style props). object-src, base-uri and
 * form-action 'none' close the usual injection routes; frame-ancestors 'none' (which a <meta>
 * policy cannot carry) forbids framing the app.
 */
export function appCsp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "frame-src 'self' blob: about:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * For mail content (attachments, inline parts): should one be opened directly as a page,
 * nothing in it runs, and it gets an opaque origin (sandbox), so it can reach nothing here.
 */
export const CONTENT_CSP = "default-src 'none'; sandbox";

/**
 * The headers of a mail part, for both hosts: the browser host (electron/host/mail-routes.ts)
 * and the app's protocol, poplar://mail/ (electron/main/protocol.ts). One source, so the two
 * cannot drift apart.
 *   - attachments: always a download (application/octet-stream, Content-Disposition), and
 *     Cross-Origin-Resource-Policy: same-origin, so no other origin can embed or read one;
 *   - inline parts (raster images for cid: URLs): no CORP, because the sandboxed mail frame
 *     that shows them has an opaque origin, and 'same-origin' would refuse its <img> loads.
 * Both: the sandboxing CSP, nosniff, and no-store (mail is private: nothing stays in a cache).
 */
export function partHeaders(part: { readonly kind: 'attachment'; readonly disposition: string } | { readonly kind: 'part'; readonly contentType: string }): Readonly<Record<string, string>> {
  const common = { 'Content-Security-Policy': CONTENT_CSP, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (part.kind === 'part') return { ...common, 'Content-Type': part.contentType };
  return { ...common, 'Content-Type': 'application/octet-stream', 'Content-Disposition': part.disposition, 'Cross-Origin-Resource-Policy': 'same-origin' };
}

/** On every response, whatever it is. */
export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** A short plain-text answer (refusals and errors): never an echo of the request. */
export function plain(res: ServerResponse, status: number, text: string, head = false): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Security-Policy', CONTENT_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.end(head ? undefined : `${text}\n`);
}
