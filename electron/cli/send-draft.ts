// What `poplar send` is asked to send, checked before anything is written: the recipients (each
// one address, --to repeatable or a comma list), the subject (one line), the body (a file or
// standard input) and the attachments, each read in full now, so a file that cannot be read
// stops the command before the outbox holds anything.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Identity } from '../../shared/account.ts';
import { parseNameAddress } from '../../shared/account-rules.ts';
import type { Address } from '../../shared/compose/types.ts';
import type { ComposeAttachment } from '../mime/compose.ts';

export interface SendInput {
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly subject: string;
  readonly body: string;
  readonly attachments: readonly ComposeAttachment[];
}

/** Splits "a@x, \"Doe, Ann\" <b@y>" at the commas outside quotes and angle brackets. */
export function splitAddressList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const ch of text) {
    if (ch === '"' && !angled) quoted = !quoted;
    else if (ch === '<' && !quoted) angled = true;
    else if (ch === '>' && !quoted) angled = false;
    if (ch === ',' && !quoted && !angled) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseRecipients(option: string, values: readonly string[], fail: (m: string) => never): Address[] {
  return values
    .flatMap(splitAddressList)
    .map(
      (one) =>
        parseNameAddress(one) ??
        fail(`${option} must be an e-mail address such as ann@example.org or "Ann <ann@example.org>", not '${one}'`),
    );
}

// The common kinds by file name; anything else goes as bytes the reader's program decides on.
const TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.eml': 'message/rfc822',
};

export function contentTypeOf(filename: string): string {
  return TYPES[path.extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

async function readOrFail(file: string, what: string, fail: (m: string) => never): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (code ?? 'error');
    return fail(`cannot read ${what} ${file}: ${why}`);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export async function readSendInput(
  v: { to?: string[]; cc?: string[]; bcc?: string[]; subject?: string; 'body-file'?: string; attach?: string[] },
  stdin: Readable,
  fail: (m: string) => never,
): Promise<SendInput> {
  const to = parseRecipients('--to', v.to ?? [], fail);
  const cc = parseRecipients('--cc', v.cc ?? [], fail);
  const bcc = parseRecipients('--bcc', v.bcc ?? [], fail);
  if (to.length + cc.length + bcc.length === 0) fail('say who the message is for: --to ADDRESS (or --cc, --bcc)');
  const subject = v.subject ?? '';
  // A line break would end the Subject field and start a header of the sender's choosing.
  if (/[\r\n\0]/.test(subject)) fail('--subject must be one line');
  const attachments: ComposeAttachment[] = [];
  for (const file of v.attach ?? []) {
    const filename = path.basename(file);
    attachments.push({ filename, contentType: contentTypeOf(filename), content: await readOrFail(file, '--attach', fail) });
  }
  const bytes = v['body-file'] !== undefined ? await readOrFail(v['body-file'], '--body-file', fail) : await readAll(stdin);
  const body = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (body.includes('\0')) fail('the body must be plain text');
  return { to, cc, bcc, subject, body, attachments };
}

/** The body with the identity's signature under it, after the usual "-- " line (RFC 3676 §4.3). */
export function withSignature(body: string, identity: Identity | null): string {
  const text = body.replace(/\r\n?/g, '\n');
  if (!identity || identity.signature === '') return text;
  // A signature may hold its own separator line already; one is enough.
  const separator = /^--[ ]?\n/.test(identity.signature) ? '' : '-- \n';
  return `${text.replace(/\n+$/, '')}\n\n${separator}${identity.signature}\n`;
}
