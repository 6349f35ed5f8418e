// What any web contents may do, decided without Electron. electron/main/guards.ts applies
// these to every webContents the app creates (app 'web-contents-created'), the one window's
// included, so a contents that should never exist (a popup, a <webview>, a devtools-opened
// page) can still navigate nowhere, open nothing and attach nothing (Electron security
// checklist: "Disable or limit navigation", "Disable or limit creation of new windows",
// "Verify WebView options before creation").
import { externalUrl } from './external-url.ts';

/**
 * The frames the app page itself makes: the mail frame is `<iframe sandbox srcdoc>`
 * (renderer/components/reader/HtmlBody.tsx), which Chromium loads as about:srcdoc, and a frame
 * starts at about:blank. Its CSP (frame-src 'self' blob: about:) says the same for the page.
 */
const SUBFRAME_URLS: ReadonlySet<string> = new Set(['about:srcdoc', 'about:blank']);

export type NavigationDecision =
  | { readonly allow: true }
  /** `openExternally`: the link to hand to the system browser instead, or null for none. */
  | { readonly allow: false; readonly openExternally: string | null };

export interface FrameNavigation {
  readonly url: string;
  readonly isMainFrame: boolean;
  /** The contents is the app's own window (not some other contents). */
  readonly inAppWindow: boolean;
}

/**
 * will-frame-navigate (main frame and subframes; Electron emits it before will-navigate and
 * skips will-navigate when it is cancelled). The main frame never navigates: main loads the
 * app's page with loadURL, which emits no event, and the router changes only the hash, which
 * emits none either. A link that would navigate the app's page goes to the system browser
 * instead, after the scheme check. Subframes may only be the mail frame; a link clicked inside
 * a mail goes nowhere (the reader lists a mail's links under the frame, where they open
 * through the scheme check). Other contents get nothing, and open nothing.
 */
export function frameNavigation(nav: FrameNavigation): NavigationDecision {
  if (!nav.inAppWindow) return { allow: false, openExternally: null };
  if (nav.isMainFrame) return { allow: false, openExternally: externalUrl(nav.url) };
  if (SUBFRAME_URLS.has(nav.url)) return { allow: true };
  return { allow: false, openExternally: null };
}

/**
 * setWindowOpenHandler: no contents ever opens a window. A web or mail link of the app's window
 * (the links listed under a mail, target=_blank) goes to the system browser; nothing of any
 * other contents does.
 */
export function windowOpen(url: string, inAppWindow: boolean): { readonly action: 'deny'; readonly openExternally: string | null } {
  return { action: 'deny', openExternally: inAppWindow ? externalUrl(url) : null };
}

/** will-attach-webview: never (webviewTag is off as well; this holds should it be turned on). */
export function webviewAllowed(): false {
  return false;
}
