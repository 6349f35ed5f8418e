// The two routes beside the API, on the browser host (the rules: serving/mail-part.ts):
//   GET /attachments/:messageId/:attachmentId?token=…  an attachment, always as a download
//   GET /parts/:messageId/:contentId?token=…           an inline image for a cid: URL (RFC 2392)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine/engine.ts';
import { mailPart, type MailPartAnswer } from '../serving/mail-part.ts';
import type { MailRoute } from '../serving/mail-route.ts';
import { plain } from './headers.ts';

export async function serveMailRoute(engine: Engine, route: MailRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  let answer: MailPartAnswer;
  try {
    answer = await mailPart(engine, route);
  } catch (error) {
    process.stderr.write(`poplar host: could not read ${route.kind} of message ${route.messageId}: ${(error as Error).message}\n`);
    return plain(res, 500, 'The message file could not be read', head);
  }
  if (answer.kind === 'not-found') return plain(res, 404, 'Not found', head);
  if (answer.kind === 'not-an-image') return plain(res, 415, 'This part is not an image Poplar shows inline', head);
  res.statusCode = 200;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (head) {
    answer.stream.destroy();
    res.end();
    return;
  }
  // A client that goes away destroys the part's stream, which stops reading the file.
  await pipeline(answer.stream, res).catch(() => res.destroy());
}
