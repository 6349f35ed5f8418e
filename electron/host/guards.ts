// What every request to the browser-mode host must pass. The host listens on 127.0.0.1 only,
// but any web page the user opens can still send requests there, so:
//   - the Host header must name 127.0.0.1:PORT or localhost:PORT: a page on evil.example whose
//     name was re-pointed at 127.0.0.1 (DNS rebinding) sends Host: evil.example;
//   - the Origin of a WebSocket handshake (and of any non-GET request) must be this host's own
//     origin: browsers send it, and a page cannot forge it;
//   - everything that holds data needs the per-launch token, which only the window opened from
//     the printed URL knows (it travels in the URL fragment, which is never sent in a request).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: 256 bits nobody can guess, safe in a URL without escaping. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares in constant time. Both sides are hashed first, so neither the token's length nor
 * where a wrong guess first differs shows in the time taken.
 */
export function sameToken(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/** A missing Origin is refused too: every browser sends one on a WebSocket handshake. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && allowedOrigins(port).has(origin.toLowerCase());
}

export type TokenCheck = 'ok' | 'missing' | 'wrong';

/** The `token` query parameter of `url` against the launch token. */
export function checkToken(url: URL, token: string): TokenCheck {
  const given = url.searchParams.get('token');
  if (given === null || given === '') return 'missing';
  return sameToken(given, token) ? 'ok' : 'wrong';
}
