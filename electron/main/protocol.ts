// The app's own protocol, poplar://mail/: the built renderer, and the mail parts the window
// links to (renderer/api/get-api.ts): /attachments/:m/:a and /parts/:m/:cid, streamed from
// engine.attachment / engine.inlinePart under the same rules as the browser host (electron/serving).
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.ts';
import { CONTENT_CSP } from '../serving/csp.ts';
import { mailPart } from '../serving/mail-part.ts';
import { APP_SCHEME, appRequest } from './logic/app-protocol.ts';
import { APP_CSP } from './csp.ts';

/** Before app 'ready': the scheme is standard (has an origin), secure, and may use fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function refuse(status: number): Response {
  return new Response(`${status}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_CSP },
  });
}

export function handleAppProtocol(engine: Engine, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const what = appRequest(request.url, rendererDir);
    if (what.kind === 'refuse') return refuse(what.status);
    if (what.kind === 'file') {
      try {
        const body = await readFile(what.file);
        // CORP as the browser host's static files (electron/host/static-files.ts).
        return new Response(body, {
          headers: {
            'Content-Type': what.contentType,
            'Content-Security-Policy': APP_CSP,
            'X-Content-Type-Options': 'nosniff',
            'Cross-Origin-Resource-Policy': 'same-origin',
          },
        });
      } catch {
        return refuse(404);
      }
    }
    // The browser host's answer and headers, from the same function (serving/mail-part.ts).
    const answer = await mailPart(engine, what.route).catch(() => null);
    if (!answer || answer.kind === 'not-found') return refuse(404);
    if (answer.kind === 'not-an-image') return refuse(415);
    return new Response(Readable.toWeb(answer.stream) as ReadableStream<Uint8Array>, { headers: answer.headers });
  });
}
