// A strict Content-Security-Policy on the app's own pages (poplar://mail/…), added as a
// response header as well as the renderer's <meta> policy; mail parts get the sandboxing
// policy of electron/serving/csp.ts. Other responses are left alone.
import { session } from 'electron';
import { appCsp, CONTENT_CSP } from '../serving/csp.ts';
import { APP_HOST, APP_SCHEME } from './logic/app-protocol.ts';

/** The app page's policy (serving/csp.ts says why each source); IPC needs no WebSocket. */
export const APP_CSP = appCsp(null);

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
