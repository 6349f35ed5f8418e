// The Content-Security-Policies of Poplar's pages and of mail content, for both ways the window
// is served: the app's protocol, poplar://mail/ (electron/main), and the browser-mode host on
// 127.0.0.1 (electron/host).

/**
 * The app page's Content-Security-Policy. The baseline of the brief, adjusted where the page
 * needs it — the renderer's own <meta> policy (renderer/index.html) also applies, and a browser
 * enforces both, so this one must allow at least what the renderer's allows:
 *   - img-src adds https: and http:. The mail frame is an about:srcdoc document, which
 *     inherits the page's policies on top of its own; without these, remote images could never
 *     load even after the user allowed them. The frame's own CSP (renderer/mail/csp.ts) keeps
 *     them blocked until then; the page itself shows no remote images.
 *   - frame-src adds about: for that srcdoc frame.
 *   - connect-src names ws://127.0.0.1:PORT and ws://localhost:PORT for the browser host (the
 *     page may have been opened under either name); the renderer's 'self' covers the same in
 *     CSP3 browsers. The app (`port` null) talks over IPC and needs no connection.
 * 'unsafe-inline' is for styles only (React's style props). object-src, base-uri and
 * form-action 'none' close the usual injection routes; frame-ancestors 'none' (which a <meta>
 * policy cannot carry) forbids framing the app.
 */
export function appCsp(port: number | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    port === null ? "connect-src 'self'" : `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
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
 * For an attachment's preview (serving/mail-preview.ts): CONTENT_CSP, and framed only by the
 * app's own page. A PDF is shown by Chromium's viewer in a frame without a sandbox attribute —
 * Chromium refuses to run its viewer inside `<iframe sandbox>` — so it is this response's
 * `sandbox` directive that gives the document an opaque origin: nothing in it can reach the
 * app's origin, and the viewer itself runs in its own extension process.
 */
export const PREVIEW_CSP = "default-src 'none'; frame-ancestors 'self'; sandbox";
