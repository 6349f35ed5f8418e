// A strict Content-Security-Policy on the app's own pages (poplar://mail/…), added as a
// response header as well as the renderer's <meta> policy; mail parts get the sandboxing
// policy of electron/host/headers.ts. Other responses are left alone.
import { session } from 'electron';
import { CONTENT_CSP } from '../host/headers.ts';
import { APP_HOST, APP_SCHEME } from './logic/app-protocol.ts';

/** As electron/host/headers.ts appCsp, without the WebSocket (IPC needs no connection). */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self'",
  "frame-src 'self' blob: about:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function cspFor(pathname: string): string {
  return pathname.startsWith('/attachments/') || pathname.startsWith('/parts/') ? CONTENT_CSP : APP_CSP;
}

export function installCsp(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const url = URL.canParse(details.url) ? new URL(details.url) : null;
    if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [cspFor(url.pathname)] } });
  });
}
