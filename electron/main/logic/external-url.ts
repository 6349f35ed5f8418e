// Which links leave the app for the system: web pages and mail addresses only. Everything
// else (file:, javascript:, custom schemes, malformed text) is refused. Plain Node: tested
// without Electron.

const EXTERNAL_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** The URL to hand to shell.openExternal, normalised, or null when it must not be opened. */
export function externalUrl(text: string): string | null {
  if (typeof text !== 'string' || text.length > 8192) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!EXTERNAL_SCHEMES.has(url.protocol)) return null;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null;
  // Credentials in a link are a phishing trick (https://bank.example@evil.example/).
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
