// The composer in a window of its own (issue 15: "in the app, also its own window"): the app's
// page with `?composer=<draft id>`. On such a page the renderer shows the composer alone
// (renderer/components/compose/ComposerWindow.tsx); the Electron shell lets the app's window
// open exactly this page, and nothing else, as a window as locked down as itself
// (electron/main/logic/contents-guard.ts). The draft id is the whole state: the draft is saved
// as it is typed, so a window that opens on it finds every word.

export const COMPOSER_PARAM = 'composer';

// shared/ may use the ECMAScript library only (no URL, no URLSearchParams): the two forms are
// read and written by hand, and strictly.

/** The draft a page is the composer window of (its query string, `location.search`), or null. */
export function composerDraftId(search: string): number | null {
  const match = /^\?composer=([1-9]\d{0,15})$/.exec(search);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * The composer window's address for the page at `pageUrl`: its path, the draft as the one query
 * parameter, and the page's fragment kept (in browser mode it carries the launch token).
 */
export function composerUrl(pageUrl: string, draftId: number): string {
  const hashAt = pageUrl.indexOf('#');
  const hash = hashAt < 0 ? '' : pageUrl.slice(hashAt);
  const beforeHash = hashAt < 0 ? pageUrl : pageUrl.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const page = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  return `${page}?${COMPOSER_PARAM}=${draftId}${hash}`;
}
