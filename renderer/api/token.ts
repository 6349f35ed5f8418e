// The browser-mode host opens the page as `http://127.0.0.1:PORT/#token=SECRET`. The token
// travels in the fragment because a fragment is never sent in a request line or a Referer.

/** The launch token from a location hash such as `#token=abc`, or null when there is none. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}
