// One attachment or inline part of a stored message, as a stream: for the host's download
// route and for `cid:` images inside the mail frame. The .eml is parsed again with mailparser's
// streaming MailParser (through the same MIME guard as when it was indexed, so the parts come
// out in the same order with the same ids), and only the wanted part's decoded bytes are
// passed on; other parts are drained and released as they go by. Reading stops once the part
// has ended, and when the consumer goes away (a cancelled download), so a 100 MB attachment
// is never held in memory and the rest of the file is not read for nothing.
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MailParser } from 'mailparser';
import type { AttachmentStream, MessageText } from 'mailparser';
import { MimeGuard } from '../mime/mime-guard.ts';
import { guardStream } from '../mime/parse.ts';
import { MAX_INLINE_TEXT_BYTES, READ_CHUNK_BYTES } from '../mime/parse-limits.ts';
import { getMessage, messageParts, type StoredPart } from '../store/messages.ts';
import type { Profile } from '../store/profile.ts';

export interface PartContent {
  /** Decoded file name, or null when the part names none. */
  readonly filename: string | null;
  /** As declared in the message: untrusted, the host decides how to serve it. */
  readonly contentType: string;
  /** Decoded size when the message was indexed. */
  readonly size: number;
  readonly stream: Readable;
}

/** How to know the part again: its part number, else its Content-ID, else its position. */
interface Target {
  readonly partId: string | null;
  readonly contentId: string | null;
  readonly index: number;
}

/** Attachment `attachmentId` of message `messageId`; null when there is no such attachment (or its bytes are not in the file). */
export function attachmentStream(profile: Profile, messageId: number, attachmentId: number): Promise<PartContent | null> {
  return open(profile, messageId, (rows) => rows.findIndex((r) => r.id === attachmentId));
}

/** The part a `cid:` URL names (RFC 2392), Content-ID without angle brackets. */
export function inlinePartStream(profile: Profile, messageId: number, contentId: string): Promise<PartContent | null> {
  return open(profile, messageId, (rows) => rows.findIndex((r) => r.contentId === contentId));
}

async function open(profile: Profile, messageId: number, pick: (rows: readonly StoredPart[]) => number): Promise<PartContent | null> {
  const message = messageParts(profile.db, messageId);
  if (!message) return null;
  const index = pick(message.parts);
  const row = message.parts[index];
  if (!row) return null;
  const stream = await streamPart(
    profile.files.absolute(message.path),
    { partId: row.partId, contentId: row.contentId, index },
    message.partial,
  );
  return stream ? { filename: row.filename, contentType: row.contentType, size: row.size, stream } : null;
}

function matches(item: AttachmentStream, index: number, target: Target): boolean {
  if (target.partId !== null) return item.partId === target.partId;
  if (target.contentId !== null) return item.cid === target.contentId;
  return index === target.index;
}

/** The decoded bytes of one part of the .eml at `file`; null when the file has no such part. Rejects when the file cannot be read. */
export function streamPart(file: string, target: Target, partial = false): Promise<Readable | null> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    const guard = guardStream(new MimeGuard({ inlineTextBytes: MAX_INLINE_TEXT_BYTES }), !partial, () => undefined);
    // Only the parts are wanted: skip the text conversions parse.ts needs for the index.
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    let seen = -1;
    let out: PassThrough | null = null;
    /** The wanted part has been read to its end: from then on, stopping the parse loses nothing. */
    let partDone = false;
    let settled = false;
    const stopReading = (): void => {
      source.destroy();
      guard.destroy();
      parser.destroy();
    };

    parser.on('data', (item: AttachmentStream | MessageText) => {
      if (item.type === 'text') return;
      seen += 1;
      if (out !== null || !matches(item, seen, target)) {
        // Not wanted: read to the end and drop; mailparser waits for release() before going on.
        item.content.on('data', () => undefined);
        item.content.on('end', () => item.release?.());
        return;
      }
      const wanted = new PassThrough();
      out = wanted;
      item.content.on('error', (error: Error) => wanted.destroy(error));
      item.content.on('end', () => {
        partDone = true;
        item.release?.();
        stopReading(); // the part is complete: the rest of the file is not needed
      });
      // The consumer went away before the end: stop reading the file.
      wanted.on('close', () => {
        if (!partDone) stopReading();
      });
      item.content.pipe(wanted);
      settled = true;
      resolve(wanted);
    });
    parser.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(null);
      }
    });
    pipeline(source, guard, parser).catch((error: unknown) => {
      // After the part was handed out, the pipeline ends by our own stopReading(): that is
      // "premature close", not a failure. Before it, a read error is the caller's to report.
      if (!settled) {
        settled = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      } else if (out !== null && !partDone && !out.destroyed) {
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** One file of a message, as its attachment list shows it. */
export interface AttachmentFile {
  readonly id: number;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
}

export interface MessageFiles {
  readonly subject: string;
  /** The message's date (else when it arrived), for the archive's file times. */
  readonly date: number;
  readonly files: readonly AttachmentFile[];
}

/**
 * The message's files as the window lists them (renderer/components/reader/AttachmentList.tsx):
 * every part but the inline images an HTML body shows, which are part of the body, not files.
 * Null when there is no such message. A message not analysed yet has none listed.
 */
export function messageFiles(profile: Profile, messageId: number): MessageFiles | null {
  const m = getMessage(profile.db, messageId);
  if (!m) return null;
  const files = m.attachments
    .filter((a) => !(a.inline && a.contentId && m.hasHtml))
    .map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size }));
  return { subject: m.subject, date: m.date ?? m.receivedAt, files };
}
