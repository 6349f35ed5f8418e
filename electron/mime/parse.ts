// A stored message (.eml, raw RFC 5322 bytes) as the fields the store indexes and the reader
// shows. The file is streamed through the MIME guard (mime-guard.ts) into mailparser's
// streaming MailParser, never read whole: attachment bodies are counted and hashed as they
// pass and then released, so a 100 MB attachment costs a few chunks of memory, not 100 MB.
// (simpleParser would buffer every attachment.)
//
// A bad message never makes this throw. When mailparser fails, the header block the guard kept
// is parsed on its own, and when even that fails the raw header fields are used; `parseError`
// says what went wrong. Only a file that cannot be read (ENOENT, EACCES, EIO) throws: that is
// not a bad message but a missing one, and the caller must not index it as if it were empty.
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MailParser, parseAddressHeader } from 'mailparser';
import type { AddressObject, AttachmentStream, EmailAddress, MailParserOptions, MessageText } from 'mailparser';
import { fieldValue } from './header-block.ts';
import { roughHtmlText } from './html-text.ts';
import { parseMailDate } from './mail-date.ts';
import { MimeGuard } from './mime-guard.ts';
import type { GuardReport } from './mime-guard.ts';
import {
  MAX_HTML_CHARS,
  MAX_HTML_TO_TEXT_CHARS,
  MAX_INLINE_TEXT_BYTES,
  MAX_ROUGH_HTML_CHARS,
  MAX_TEXT_CHARS,
  READ_CHUNK_BYTES,
} from './parse-limits.ts';
import { makeSnippet } from './snippet.ts';

export interface ParsedAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  /** Decoded file name (RFC 2231 parameters, RFC 2047 words), or null when the part names none. */
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes (not the size of its base64 in the file). */
  size: number;
  /** Content-ID without its angle brackets: what a `cid:` URL names (RFC 2392 §2). */
  contentId: string | null;
  /** IMAP-style part number ("1.2"), to find the part again; null when the message is not multipart. */
  partId: string | null;
  /**
   * Shown in the body rather than listed: an embedded image (Content-ID inside
   * multipart/related, RFC 2387) or a part marked `Content-Disposition: inline` (RFC 2183).
   */
  inline: boolean;
  /** SHA-256 of the decoded content, hex. SHA-256 rather than mailparser's MD5, which FIPS builds lack. */
  checksum?: string;
}

export interface ParsedMessage {
  /** Angle brackets included, as in the header. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: ParsedAddress[];
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  /** RFC 2047 encoded words decoded; '' when there is none. */
  subject: string;
  /** The Date header in ms since the epoch (mail-date.ts); null when missing or unreadable. */
  date: number | null;
  /**
   * Plain-text body (the text/plain parts, or text derived from the HTML when there is none),
   * at most MAX_TEXT_CHARS: what the full-text index holds (see parse-limits.ts).
   */
  text: string;
  /**
   * The HTML body, at most MAX_HTML_CHARS (the caller may ask for more); null when the message
   * has no HTML part. The string rather than a flag, so the reader can show it from the same
   * parse; the store keeps only `html !== null`.
   */
  html: string | null;
  /** First ~SNIPPET_CHARS of readable text, white space collapsed, quoted lines skipped. */
  snippet: string;
  /** Whether any attachment is one the user would save (anything but an embedded cid: image). */
  hasAttachments: boolean;
  attachments: ParsedAttachment[];
  /** The top-level header fields (name, value) as received, unfolded, not decoded. */
  headers: Array<[string, string]>;
  /** Why the message is malformed or could not be parsed; null when it is fine. */
  parseError: string | null;
  /** `text` or `html` was cut to its limit, or an oversized inline text part was cut before parsing. */
  truncated: boolean;
}

export interface ParseOptions {
  /** Defaults to MAX_TEXT_CHARS. */
  readonly maxTextChars?: number;
  /** Defaults to MAX_HTML_CHARS. */
  readonly maxHtmlChars?: number;
  /** Defaults to MAX_INLINE_TEXT_BYTES (tests lower it). */
  readonly inlineTextBytes?: number;
  /**
   * The file holds only the start of the message (RFC 1939 TOP): an unclosed multipart or a
   * cut base64 body is then expected, not reported.
   */
  readonly partial?: boolean;
  /**
   * The file's size, when the caller knows it: a small file is then read with a buffer of its
   * size instead of READ_CHUNK_BYTES. Each read allocates its buffer outside V8's heap; for
   * 100,000 small messages, 64 KiB apiece was gigabytes of short-lived memory that the process
   * kept in its resident set until V8 got round to freeing it (bench/memory.ts).
   */
  readonly sizeHint?: number;
}

const PARSER_OPTIONS: MailParserOptions = {
  checksumAlgo: 'sha256',
  maxHtmlLengthToParse: MAX_HTML_TO_TEXT_CHARS,
  skipImageLinks: true,
  // textAsHtml (a plain-text body turned into HTML with linkified URLs) is never used: the
  // window renders plain text itself. Building it was a fifth of a sync's CPU time.
  skipTextToHtml: true,
  skipTextLinks: true,
};

interface Collected {
  readonly item: AttachmentStream;
  size: number;
}

interface Outcome {
  readonly parser: MailParser;
  text: MessageText | null;
  readonly attachments: Collected[];
  error: Error | null;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** A MailParser whose output is gathered into an Outcome, consuming every attachment as it streams. */
function collectingParser(): { outcome: Outcome; ended: Promise<void> } {
  const parser = new MailParser(PARSER_OPTIONS);
  const outcome: Outcome = { parser, text: null, attachments: [], error: null };
  parser.on('data', (item: AttachmentStream | MessageText) => {
    if (item.type === 'text') {
      outcome.text = item;
      return;
    }
    const entry: Collected = { item, size: 0 };
    outcome.attachments.push(entry);
    // Read to the end and drop the bytes; mailparser waits for release() before it goes on.
    item.content.on('data', (chunk: Buffer) => {
      entry.size += chunk.length;
    });
    item.content.on('end', () => item.release?.());
    item.content.on('error', (err: Error) => parser.destroy(err));
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  return { outcome, ended };
}

/** Runs MailParser over `source` (through `guard` when given): a stored file, read as it streams. */
async function runMailParser(source: Readable, guard: Transform | null): Promise<Outcome> {
  const { outcome, ended } = collectingParser();
  try {
    await Promise.all([guard ? pipeline(source, guard, outcome.parser) : pipeline(source, outcome.parser), ended]);
  } catch (err) {
    outcome.error = asError(err);
  }
  return outcome;
}

/**
 * Runs MailParser over a message already in memory, written to it directly rather than through
 * a stream pipeline: for the analysis workers' small files, the pipeline's own objects (a
 * Readable, a Transform, an AbortController whose DOMException captures a stack at each finish)
 * cost more than the guard (issue 13, a CPU profile of a 2,000-message analysis).
 */
async function runMailParserOnBytes(
  bytes: Buffer,
  guard: { guard: MimeGuard; complete: boolean; done: (r: GuardReport) => void } | null,
): Promise<Outcome> {
  const { outcome, ended } = collectingParser();
  const parser = outcome.parser;
  // Settles either way, so a parser error after a guard error is not left unhandled.
  const parsed = ended.then(
    () => null,
    (err: unknown) => asError(err),
  );
  try {
    if (guard === null) parser.write(bytes);
    else {
      // In the slices a file is read in: the guard cuts an over-long line at a slice's end
      // (mime-guard.ts), so a message reads the same from memory as from its file. Should the
      // guard (our code on untrusted bytes) throw, the message is reported as unparsable.
      for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) {
        for (const out of guard.guard.push(bytes.subarray(at, at + READ_CHUNK_BYTES))) parser.write(out);
      }
      const { out, report } = guard.guard.end(guard.complete);
      for (const b of out) parser.write(b);
      guard.done(report);
    }
    parser.end();
  } catch (err) {
    outcome.error = asError(err);
    parser.destroy();
    return outcome;
  }
  outcome.error = await parsed;
  return outcome;
}

/** The MIME guard as a stream stage; also used to re-read one part of a stored message (engine/attachments.ts). */
export function guardStream(guard: MimeGuard, complete: boolean, done: (report: GuardReport) => void): Transform {
  // The guard is our code on untrusted bytes: should it ever throw, the message is reported as
  // unparsable (through pipeline) rather than the exception escaping.
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        for (const bytes of guard.push(chunk)) this.push(bytes);
        callback();
      } catch (err) {
        callback(asError(err));
      }
    },
    flush(callback) {
      try {
        const { out, report } = guard.end(complete);
        for (const bytes of out) this.push(bytes);
        done(report);
        callback();
      } catch (err) {
        callback(asError(err));
      }
    },
  });
}

/** The guard's report when it did not reach the end of the file (mailparser, or the guard, failed). */
function partialReport(guard: MimeGuard): GuardReport {
  try {
    return guard.end(false).report;
  } catch {
    return { headerBlock: Buffer.alloc(0), headerFields: [], problems: [], textDropped: false };
  }
}

/** Mailboxes of an address header; group members are listed, group names dropped (RFC 5322 §3.4). */
export function mailboxes(value: AddressObject | AddressObject[] | EmailAddress[] | undefined): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  const visit = (list: readonly EmailAddress[]): void => {
    for (const entry of list) {
      if (entry.group) visit(entry.group);
      else if (entry.address || entry.name) out.push({ name: entry.name ?? '', address: entry.address ?? '' });
    }
  };
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const object of objects) {
    if ('value' in object && Array.isArray(object.value)) visit(object.value);
    else visit([object as EmailAddress]);
  }
  return out;
}

/** The raw value of an address field, parsed; for when mailparser could not even read the header. */
function rawMailboxes(fields: GuardReport['headerFields'], name: string): ParsedAddress[] {
  const value = fieldValue(fields, name);
  if (value === null) return [];
  try {
    return mailboxes(parseAddressHeader(value));
  } catch {
    return [];
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * Parses the .eml file at `path`, or the message in `path` when it is already read into memory
 * (the analysis workers read small files with one call). Throws only when the file cannot be read.
 */
export async function parseMessageFile(path: string | Buffer, options: ParseOptions = {}): Promise<ParsedMessage> {
  const maxTextChars = options.maxTextChars ?? MAX_TEXT_CHARS;
  const maxHtmlChars = options.maxHtmlChars ?? MAX_HTML_CHARS;
  const guard = new MimeGuard({ inlineTextBytes: options.inlineTextBytes ?? MAX_INLINE_TEXT_BYTES });
  let report: GuardReport | null = null;
  const hint = options.sizeHint;
  const chunk = hint !== undefined && hint >= 0 ? Math.min(READ_CHUNK_BYTES, Math.max(1024, hint + 1)) : READ_CHUNK_BYTES;
  const done = (r: GuardReport): void => {
    report = r;
  };
  let full: Outcome;
  if (typeof path === 'string') {
    let readError: Error | null = null;
    const file = createReadStream(path, { highWaterMark: chunk });
    file.on('error', (err: Error) => {
      readError = err;
    });
    full = await runMailParser(file, guardStream(guard, options.partial !== true, done));
    if (readError) throw readError;
  } else {
    full = await runMailParserOnBytes(path, { guard, complete: options.partial !== true, done });
  }
  // When mailparser failed the guard did not see the whole file; what it saw still has the header.
  const shape: GuardReport = report ?? partialReport(guard);
  const problems = [...shape.problems];
  let parsed: Outcome | null = full;
  if (full.error) {
    problems.unshift(`mailparser could not parse the message: ${full.error.message}`);
    const headerOnly = Buffer.concat([shape.headerBlock, Buffer.from('\r\n\r\n')]);
    parsed = await runMailParserOnBytes(headerOnly, null);
    if (parsed.error) parsed = null;
  }
  const fields = shape.headerFields;
  const p = parsed?.parser;

  let text = full.error ? '' : (full.text?.text ?? '');
  const fullHtml = full.error ? null : (full.text?.html ?? null);
  if (fullHtml !== null && text.trim() === '') text = roughHtmlText(fullHtml, MAX_ROUGH_HTML_CHARS);
  const truncated = shape.textDropped || text.length > maxTextChars || (fullHtml?.length ?? 0) > maxHtmlChars;

  const attachments = full.attachments.map(({ item, size }): ParsedAttachment => ({
    filename: item.filename ?? null,
    contentType: item.contentType,
    size,
    contentId: item.cid ?? null,
    partId: item.partId,
    inline: item.related === true || item.contentDisposition === 'inline',
    ...(item.checksum ? { checksum: item.checksum } : {}),
  }));
  const references = p?.references;
  text = cut(text, maxTextChars);
  return {
    messageId: p ? (p.messageId ?? null) : fieldValue(fields, 'message-id'),
    inReplyTo: p ? (p.inReplyTo ?? null) : fieldValue(fields, 'in-reply-to'),
    references: references === undefined ? [] : Array.isArray(references) ? references : [references],
    from: p ? mailboxes(p.from) : rawMailboxes(fields, 'from'),
    to: p ? mailboxes(p.to) : rawMailboxes(fields, 'to'),
    cc: p ? mailboxes(p.cc) : rawMailboxes(fields, 'cc'),
    replyTo: p ? mailboxes(p.replyTo) : rawMailboxes(fields, 'reply-to'),
    subject: p ? (p.subject ?? '') : (fieldValue(fields, 'subject') ?? ''),
    date: parseMailDate(fieldValue(fields, 'date')),
    text,
    html: fullHtml === null ? null : cut(fullHtml, maxHtmlChars),
    snippet: makeSnippet(text),
    // An inline part with a Content-ID is an embedded image the HTML shows (RFC 2392); every
    // other part is something to save, including an inline photo without one (Apple Mail).
    hasAttachments: attachments.some((a) => !(a.inline && a.contentId !== null)),
    attachments,
    headers: fields.map(([name, value]): [string, string] => [name, value]),
    parseError: problems.length > 0 ? problems.join('; ') : null,
    truncated,
  };
}
