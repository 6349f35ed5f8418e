// The response headers of the browser-mode host that only it sets; the policies it shares with
// the app's protocol are in electron/serving.
import type { ServerResponse } from 'node:http';
import { CONTENT_CSP } from '../serving/csp.ts';

/** On every response, whatever it is. */
export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** A short plain-text answer (refusals and errors): never an echo of the request. */
export function plain(res: ServerResponse, status: number, text: string, head = false): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Security-Policy', CONTENT_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.end(head ? undefined : `${text}\n`);
}
