// What any web contents may do, decided without Electron. electron/main/guards.ts applies
// these to every webContents the app creates (app 'web-contents-created'), the one window's
// included, so a contents that should never exist (a popup, a <webview>, a devtools-opened
// page) can still navigate nowhere, open nothing and attach nothing (Electron security
// checklist: "Disable or limit navigation", "Disable or limit creation of new windows",
// "Verify WebView options before creation").
import { composerDraftId } from '../../../shared/composer-window.ts';
import { APP_URL } from './app-protocol.ts';
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
 * True for exactly the app's page as a composer window (shared/composer-window.ts): the page
 * main loads, with the one query parameter and no fragment.
 */
export function isComposerPage(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  const page = new URL(APP_URL);
  return (
    parsed.protocol === page.protocol &&
    parsed.host === page.host &&
    parsed.pathname === page.pathname &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hash === '' &&
    composerDraftId(parsed.search) !== null
  );
}

export type WindowOpenDecision =
  { readonly action: 'allow-composer' } | { readonly action: 'deny'; readonly openExternally: string | null };

/**
 * setWindowOpenHandler: the app's window may open one kind of window, the composer on a draft
 * (the composer's "Open in a new window"), which main makes as locked down as itself. Any other
 * web or mail link of an app window (the links listed under a mail, target=_blank) goes to the
 * system browser; nothing of any other contents does.
 */
export function windowOpen(url: string, inAppWindow: boolean): WindowOpenDecision {
  if (inAppWindow && isComposerPage(url)) return { action: 'allow-composer' };
  return { action: 'deny', openExternally: inAppWindow ? externalUrl(url) : null };
}

/** will-attach-webview: never (webviewTag is off as well; this holds should it be turned on). */
export function webviewAllowed(): false {
  return false;
}
