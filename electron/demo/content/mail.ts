// A demo message as data (who, when, what), and its rendering to RFC 5322 bytes: header fields
// folded to 76 characters, non-ASCII words encoded (RFC 2047), MIME body (mime.ts), CRLF ends.
import { createHash } from 'node:crypto';
import { encodeWords } from 'nodemailer/lib/mime-funcs';
import { encodedWords, isPlainAscii, type Charset, type WordEncoding } from './charsets.ts';
import { mailDate } from './dates.ts';
import { foldHeader, renderPart, type Header, type Part } from './mime.ts';
import { YOU, type Person } from './people.ts';

export interface DemoMail {
  /** Stable name of the message: its UIDL and the local part of its Message-ID derive from it. */
  readonly key: string;
  /** How long before "now" it was sent. */
  readonly minutesAgo: number;
  readonly from: Person;
  /** Defaults to the demo user. */
  readonly to?: readonly Person[];
  readonly cc?: readonly Person[];
  readonly replyTo?: Person;
  readonly subject: string;
  /** How a non-ASCII subject is encoded; UTF-8 "B" by default. */
  readonly subjectEncoding?: { readonly charset: Charset; readonly mode: WordEncoding };
  /** Key of the message this one answers (RFC 5322 §3.6.4). */
  readonly inReplyTo?: string;
  /** Keys of the thread so far, oldest first. */
  readonly references?: readonly string[];
  /** More header fields: List-Id, List-Unsubscribe, Organization … */
  readonly headers?: readonly Header[];
  readonly body: Part;
}

/** RFC 1939 §7: the UIDL, 0x21..0x7E and at most 70 characters. */
export function uidlOf(key: string): string {
  return `demo-${key}`;
}

/** RFC 5322 §3.6.4 msg-id: unique, on the sender's domain, stable for the same key. */
export function messageIdOf(mail: Pick<DemoMail, 'key' | 'from'>): string {
  const tag = createHash('sha256').update(mail.key).digest('hex').slice(0, 12);
  return `<${tag}.${mail.key}@${domainOf(mail.from.address)}>`;
}

/** The trace field our (imaginary) mail exchanger added on delivery (RFC 5321 §4.4). */
function receivedValue(mail: DemoMail, id: string, at: number): string {
  const relay = `mail.${domainOf(mail.from.address)}`;
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation addresses, like the example domains.
  const ip = `192.0.2.${(mail.key.length * 17) % 250}`;
  return `from ${relay} (${relay} [${ip}])\nby mx.example.com with ESMTPS id ${id.slice(1, 13)}\nfor <${YOU.address}>; ${mailDate(at, 0)}`;
}

function domainOf(address: string): string {
  return address.slice(address.indexOf('@') + 1);
}

/**
 * RFC 2047 words for a whole phrase: nodemailer's in UTF-8 (at most 52 characters of data a
 * word, as its MimeNode uses), the demo's own in the other charsets (charsets.ts).
 */
function words(text: string, charset: Charset, mode: WordEncoding): string {
  return charset === 'UTF-8' ? encodeWords(text, mode, 52, true) : encodedWords(text, charset, mode);
}

/** RFC 5322 §3.4 name-addr; a name with specials is quoted, a non-ASCII one encoded (RFC 2047 §5). */
export function formatAddress(person: Person): string {
  const { name, address } = person;
  if (!isPlainAscii(name)) return `${words(name, person.nameCharset ?? 'UTF-8', 'B')} <${address}>`;
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}" <${address}>`;
  return `${name} <${address}>`;
}

function subjectValue(mail: DemoMail): string {
  if (isPlainAscii(mail.subject)) return mail.subject;
  const { charset, mode } = mail.subjectEncoding ?? { charset: 'UTF-8', mode: 'B' };
  return words(mail.subject, charset, mode);
}

/** The message's bytes as delivered to the demo maildrop, `now` being the current time. */
export function renderMail(mail: DemoMail, now: number, idOf: (key: string) => string): Buffer {
  const sent = now - mail.minutesAgo * 60_000;
  const received = sent + 4_000 + (mail.key.length % 7) * 1_000;
  const id = messageIdOf(mail);
  const headers: Header[] = [
    ['Return-Path', `<${mail.from.address}>`],
    ['Delivered-To', YOU.address],
    ['Received', receivedValue(mail, id, received)],
    ['Date', mailDate(sent, mail.from.zone)],
    ['From', formatAddress(mail.from)],
    ['To', (mail.to ?? [YOU]).map(formatAddress).join(', ')],
  ];
  if (mail.cc !== undefined && mail.cc.length > 0) headers.push(['Cc', mail.cc.map(formatAddress).join(', ')]);
  if (mail.replyTo !== undefined) headers.push(['Reply-To', formatAddress(mail.replyTo)]);
  headers.push(['Subject', subjectValue(mail)], ['Message-ID', id]);
  if (mail.inReplyTo !== undefined) headers.push(['In-Reply-To', idOf(mail.inReplyTo)]);
  if (mail.references !== undefined && mail.references.length > 0) headers.push(['References', mail.references.map(idOf).join(' ')]);
  headers.push(...(mail.headers ?? []), ['MIME-Version', '1.0']);
  const body = renderPart(mail.body, `poplar_demo_${mail.key}`, { n: 0 });
  headers.push(...body.headers);
  const text = `${[...headers.flatMap(([name, value]) => foldHeader(name, value)), '', body.body].join('\r\n')}\r\n`;
  // Every body was encoded to 7 bits (mime.ts); a stray character would be a bug here, not mail.
  if (/[\u0080-\uffff]/.test(text)) throw new Error(`demo message ${mail.key} is not 7-bit`);
  return Buffer.from(text, 'ascii');
}
