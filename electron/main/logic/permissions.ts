// Which web permissions the window gets, decided without Electron. Electron grants every
// permission a page asks for unless the session has handlers (Electron security checklist,
// "Handle session permission requests from remote content"); electron/main/guards.ts installs
// this function as both the request and the check handler of every session.
//
// The allow-list is one entry long. Everything Poplar does beyond a web page goes through
// main, not through web permissions: new-mail notifications are Electron's Notification in
// main (electron/main/notifications.ts), so the page's 'notifications' stays denied; links
// open through shell.openExternal after a scheme check ('openExternal' denied); no camera,
// microphone, geolocation, MIDI, HID, serial, USB, fullscreen or clipboard reading.
import { fromAppPage } from './ipc-route.ts';

/**
 * Permission → why the app page needs it.
 * 'clipboard-sanitized-write' is what Chromium asks for before navigator.clipboard.writeText
 * (the Diagnostics page's "Copy report", renderer/components/diagnostics/DiagnosticsPage.tsx);
 * Chromium still requires a user gesture for it, and it cannot read the clipboard.
 */
export const ALLOWED_PERMISSIONS: ReadonlyMap<string, string> = new Map([
  ['clipboard-sanitized-write', 'Copy report on the Diagnostics page'],
]);

export interface PermissionAsk {
  readonly permission: string;
  /** The asking contents is the app's own window (false when Electron gives no contents). */
  readonly fromAppWindow: boolean;
  readonly isMainFrame: boolean;
  /** The URL of the asking frame (a request's requestingUrl, a check's requestingUrl or origin). */
  readonly requestingUrl: string | undefined;
}

/**
 * True only for an allow-listed permission asked by the main frame of the app's own window
 * on the app's page. The mail frame (an opaque-origin sandboxed srcdoc frame) and anything
 * else get nothing.
 */
export function permissionAllowed(ask: PermissionAsk): boolean {
  return ALLOWED_PERMISSIONS.has(ask.permission) && ask.fromAppWindow && ask.isMainFrame && fromAppPage(ask.requestingUrl);
}
