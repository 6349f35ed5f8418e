// What the app's own protocol (poplar://mail/…) answers, decided without Electron:
//   /attachments/:m/:a and /parts/:m/:cid  mail parts (the same routes and rules as the browser host)
//   anything else                          a file of the built renderer (dist/renderer), or 404
// The renderer is served from the same origin as the parts, so its CSP's 'self' covers them.
import path from 'node:path';
import { mailRoute, type MailRoute } from '../../serving/mail-route.ts';

export const APP_SCHEME = 'poplar';
export const APP_HOST = 'mail';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export type AppRequest =
  | { readonly kind: 'mail'; readonly route: MailRoute }
  | { readonly kind: 'file'; readonly file: string; readonly contentType: string }
  | { readonly kind: 'refuse'; readonly status: number };

/** What `url` asks for; `rendererDir` is the absolute folder of the built renderer. */
export function appRequest(url: string, rendererDir: string): AppRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refuse', status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { kind: 'refuse', status: 404 };
  const route = mailRoute(parsed.pathname);
  if (route === 'malformed') return { kind: 'refuse', status: 400 };
  if (route !== null) return { kind: 'mail', route };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return { kind: 'refuse', status: 400 };
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  // Nothing outside the renderer's folder, whatever the path says.
  if (relative.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return { kind: 'refuse', status: 404 };
  const contentType = STATIC_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { kind: 'refuse', status: 404 };
  return { kind: 'file', file, contentType };
}
