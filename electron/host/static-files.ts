// The renderer's built files (dist/renderer): served without the token, since they hold no
// data — the data comes over the WebSocket, which needs it — but with the app's strict CSP.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { appCsp } from '../serving/csp.ts';
import { plain } from './headers.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` that `pathname` names; null for anything outside it or malformed. */
export function resolveStatic(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  // After resolving ".." — the file must still be inside root.
  return file.startsWith(root + path.sep) ? file : null;
}

export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const head = req.method === 'HEAD';
  const file = resolveStatic(root, pathname);
  const type = file ? TYPES[path.extname(file).toLowerCase()] : undefined;
  if (!file || !type) return plain(res, 404, 'Not found', head);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) return plain(res, 404, 'Not found', head);
    size = s.size;
  } catch {
    return plain(res, 404, 'Not found', head);
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', size);
  res.setHeader('Content-Security-Policy', appCsp(port));
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // A rebuilt renderer is picked up on reload: revalidate rather than cache blindly.
  res.setHeader('Cache-Control', 'no-cache');
  if (head) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}
