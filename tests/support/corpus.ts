// A varied, deterministic corpus of stored messages for parser, store and sync tests: the MIME
// shapes and charsets a real mailbox holds, each message with a unique word in its body and
// one in its subject so a full-text search can find it. CRLF line ends throughout, as a POP3
// server serves them. Same `count` and options, same bytes, every run.
//
// Well-formed MIME is built with the demo's builder (electron/demo/content/mime.ts, on
// nodemailer's encoders). Written by hand stay only the wire forms that builder never writes
// and a parser must read all the same: 8-bit bodies in KOI8-R and Shift_JIS, encoded words of
// two charsets folded in one field, and the deliberately broken kinds.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { encodedWords } from '../../electron/demo/content/charsets.ts';
import { filePart, foldHeader, multipart, renderPart, textPart, type Part } from '../../electron/demo/content/mime.ts';
import { seededRandom } from './messages.ts';

export const CORPUS_KINDS = [
  'plain',
  'dot-lines',
  'html-newsletter',
  'alternative',
  'mixed',
  'related',
  'latin1-qp',
  'koi8-r',
  'shift-jis',
  'iso-2022-jp',
  'encoded-subject',
  'reply',
  'no-date-no-id',
  'malformed',
] as const;

export type CorpusKind = (typeof CORPUS_KINDS)[number] | 'big-attachment';

export interface CorpusAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  /** Decoded size; null where the bytes are deliberately broken (the malformed kind). */
  readonly size: number | null;
  readonly inline: boolean;
}

export interface CorpusExpect {
  readonly subject: string;
  readonly fromAddress: string;
  /** A word that appears only in this message's body text (ASCII, also in non-ASCII bodies). */
  readonly bodyWord: string;
  /** Parts a parser reports as attachments, embedded (cid:) images included. */
  readonly attachments: number;
  readonly kind: CorpusKind;
  /** A word that appears only in this message's subject. */
  readonly subjectWord: string;
  /** A non-ASCII word the decoded body contains, for the charset kinds. */
  readonly unicodeWord: string | null;
  /** The Date header in ms since the epoch; null when the message has none. */
  readonly date: number | null;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly attachmentList: readonly CorpusAttachment[];
  /** Deliberately broken MIME: a parser must still read it, and report it. */
  readonly malformed: boolean;
}

export interface CorpusMessage {
  readonly name: string;
  readonly raw: Buffer;
  readonly expect: CorpusExpect;
}

const CRLF = '\r\n';
const ANIMALS = ['zebra', 'otter', 'heron', 'marmot', 'tapir', 'quokka', 'okapi', 'gecko', 'bison', 'lemur', 'walrus', 'ibis', 'lynx'];
const FRUITS = ['mango', 'quince', 'papaya', 'lychee', 'guava', 'medlar', 'durian', 'kumquat', 'pomelo', 'loquat', 'salak'];
const WORDS = 'meeting agenda budget garden weather holiday photos review draft project invoice friday report update'.split(' ');
const PEOPLE = [
  ['Ada Lovelace', 'ada'],
  ['Grace Hopper', 'grace'],
  ['Alan Turing', 'alan'],
  ['Edsger Dijkstra', 'edsger'],
  ['Barbara Liskov', 'barbara'],
  ['Ken Thompson', 'ken'],
] as const;

// Shift_JIS and ISO-2022-JP bytes of fixed phrases (Node can decode these charsets but not
// encode them). Each ISO-2022-JP sequence returns to ASCII (ESC ( B) at its end, RFC 1468.
const JAPANESE = {
  greeting: {
    text: 'こんにちは、会議の資料を送ります。',
    sjis: '82b182f182c982bf82cd814189ef8b6382cc8e9197bf82f0919782e882dc82b78142',
    jis: '1b244224332473244b2441244f212232713544244e3b714e4124724177246a245e243921231b2842',
  },
  closing: {
    text: 'よろしくお願いします。',
    sjis: '82e682eb82b582ad82a88ae882a282b582dc82b78142',
    jis: '1b24422468246d2437242f242a346a24242437245e243921231b2842',
  },
  material: { text: '会議の資料', sjis: '89ef8b6382cc8e9197bf', jis: '1b244232713544244e3b714e411b2842' },
  name: { text: '山田太郎', sjis: '8e52936391be9859', jis: '1b24423b33454442404f3a1b2842' },
} as const;

// KOI8-R (RFC 1489) maps 0xC0–0xFF to these letters, in this order; ё and Ё sit at 0xA3 and 0xB3.
const KOI8R_HIGH = 'юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ';

export function encodeKoi8r(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else if (ch === 'ё') out.push(0xa3);
    else if (ch === 'Ё') out.push(0xb3);
    else {
      const index = KOI8R_HIGH.indexOf(ch);
      if (index < 0) throw new Error(`no KOI8-R code for ${ch}`);
      out.push(0xc0 + index);
    }
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded word of `bytes` in `charset`, B or Q encoding. */
function encodedWord(charset: string, bytes: Buffer, encoding: 'B' | 'Q'): string {
  if (encoding === 'B') return `=?${charset}?B?${bytes.toString('base64')}?=`;
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x20) text += '_';
    else if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a))
      text += String.fromCharCode(byte);
    else text += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?${charset}?Q?${text}?=`;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

// ---- big attachments, generated fast ----

/** The attachment bytes repeat this 4 KiB block, so a block of base64 lines repeats as well. */
const PATTERN_BYTES = 4096;
/** 57 input bytes make one 76-character base64 line; 57 × 4096 bytes is a whole number of both. */
const BLOCK_BYTES = 57 * PATTERN_BYTES;

function pattern(seed: number): Buffer {
  const random = seededRandom(seed);
  const block = Buffer.alloc(PATTERN_BYTES);
  for (let i = 0; i < block.length; i++) block[i] = Math.floor(random() * 256);
  return block;
}

function encodeBlock(data: Buffer): Buffer {
  const encoded = Buffer.from(data.toString('base64'), 'latin1');
  const lines = Math.ceil(encoded.length / 76);
  const out = Buffer.allocUnsafe(encoded.length + lines * 2);
  let pos = 0;
  for (let j = 0; j < encoded.length; j += 76) {
    pos += encoded.copy(out, pos, j, Math.min(j + 76, encoded.length));
    out[pos++] = 0x0d;
    out[pos++] = 0x0a;
  }
  return out;
}

/** Base64 lines of `size` pattern bytes, block by block (each full block is the same bytes). */
function* bigBase64(size: number, seed: number): Generator<Buffer> {
  const block = Buffer.alloc(BLOCK_BYTES, pattern(seed));
  const full = encodeBlock(block);
  for (let offset = 0; offset < size; offset += BLOCK_BYTES) {
    yield offset + BLOCK_BYTES <= size ? full : encodeBlock(block.subarray(0, size - offset));
  }
}

function bigMessageParts(n: number, size: number): { head: string; tail: string; expect: Omit<CorpusExpect, 'kind' | 'malformed'> } {
  const word = words(n);
  const date = dateFor(n);
  const subject = `Backup archive ${word.subject}`;
  const head = [
    received(n, date.header),
    'From: Backup Robot <backup@example.org>',
    'To: Alice <alice@example.net>',
    `Subject: ${subject}`,
    `Date: ${date.header}`,
    `Message-ID: ${messageId(n)}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="big-boundary"',
    '',
    '--big-boundary',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `The nightly archive is attached. ${word.body}`,
    '--big-boundary',
    `Content-Type: application/octet-stream; name="archive-${n}.bin"`,
    `Content-Disposition: attachment; filename="archive-${n}.bin"`,
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join(CRLF);
  return {
    head,
    tail: `--big-boundary--${CRLF}`,
    expect: {
      subject,
      fromAddress: 'backup@example.org',
      bodyWord: word.body,
      attachments: 1,
      subjectWord: word.subject,
      unicodeWord: null,
      date: date.ms,
      messageId: messageId(n),
      inReplyTo: null,
      attachmentList: [{ filename: `archive-${n}.bin`, contentType: 'application/octet-stream', size, inline: false }],
    },
  };
}

/**
 * Writes a message with an attachment of `attachmentBytes` to `path` without holding it: the
 * base64 goes out block by block. Returns what a parser should find.
 */
export async function writeBigAttachmentMessage(path: string, attachmentBytes: number, n = 1): Promise<CorpusExpect> {
  const parts = bigMessageParts(n, attachmentBytes);
  const out = createWriteStream(path);
  const write = async (chunk: Buffer | string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(parts.head);
  for (const block of bigBase64(attachmentBytes, n)) await write(block);
  await write(parts.tail);
  out.end();
  await once(out, 'finish');
  return { ...parts.expect, kind: 'big-attachment', malformed: false };
}

// ---- the ordinary kinds ----

function words(n: number): { body: string; subject: string } {
  const digits = String(n).padStart(4, '0');
  return { body: `${ANIMALS[n % ANIMALS.length]}${digits}`, subject: `${FRUITS[n % FRUITS.length]}${digits}` };
}

function messageId(n: number): string {
  return `<corpus.${n}@test.poplar.invalid>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZONES = [0, 60, -300, 540, 330, -480];

/** An RFC 5322 §3.3 date for message n, in one of a few zones. */
function dateFor(n: number): { ms: number; header: string } {
  const ms = Date.UTC(2026, 0, 5, 8, 0, 0) + n * 37 * 60_000;
  const zone = ZONES[n % ZONES.length] ?? 0;
  const local = new Date(ms + zone * 60_000);
  const two = (v: number): string => String(v).padStart(2, '0');
  const sign = zone < 0 ? '-' : '+';
  const header =
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(Math.abs(zone) / 60))}${two(Math.abs(zone) % 60)}`;
  return { ms, header };
}

function received(n: number, date: string): string {
  return `Received: from mx${n % 3}.example.org (mx${n % 3}.example.org [192.0.2.${n % 250}])${CRLF}\tby pop.example.net with ESMTPS id corpus${n}${CRLF}\tfor <alice@example.net>; ${date}`;
}

function sentences(random: () => number, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 4 + Math.floor(random() * 10);
    const line = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
    lines.push(line.charAt(0).toUpperCase() + line.slice(1) + '.');
  }
  return lines;
}

/** A tiny valid PNG (1×1, RGBA), the image every image attachment carries. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2dd6b620000000049454e44ae426082',
  'hex',
);

function pdfBytes(n: number): Buffer {
  const random = seededRandom(n * 31 + 7);
  const body = Buffer.alloc(2000 + ((n * 97) % 3000));
  for (let i = 0; i < body.length; i++) body[i] = Math.floor(random() * 256);
  return Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), body, Buffer.from('\n%%EOF\n')]);
}

interface Built {
  readonly header: string[];
  readonly body: Buffer;
  readonly subject: string;
  readonly fromAddress: string;
  readonly attachmentList: CorpusAttachment[];
  readonly unicodeWord?: string;
  readonly inReplyTo?: string;
  readonly noDate?: boolean;
  readonly malformed?: boolean;
}

function text(lines: string[]): Buffer {
  return utf8(lines.join(CRLF) + CRLF);
}

function build(kind: (typeof CORPUS_KINDS)[number], n: number, cycle: number): Built {
  const random = seededRandom(n * 7919 + 3);
  const word = words(n);
  const [name, local] = PEOPLE[n % PEOPLE.length] ?? PEOPLE[0];
  const fromAddress = `${local}@example.org`;
  const from = `From: ${name} <${fromAddress}>`;
  const to = 'To: Alice Example <alice@example.net>';
  const mime = (header: string[], part: Part, rest: Omit<Built, 'header' | 'body'>): Built => {
    const rendered = renderPart(part, `corpus_${n}`, { n: 0 });
    const mimeHeader = rendered.headers.flatMap(([field, value]) => foldHeader(field, value));
    return { header: [...header, 'MIME-Version: 1.0', ...mimeHeader], body: Buffer.from(rendered.body + CRLF, 'latin1'), ...rest };
  };
  const plain = (subject: string, body: string[]): Built =>
    mime([from, to, `Subject: ${subject}`], textPart('plain', body.join('\n')), { subject, fromAddress, attachmentList: [] });

  switch (kind) {
    case 'plain': {
      const subject = `Weekly notes ${word.subject}`;
      return plain(subject, [`Hello Alice,`, '', ...sentences(random, 3), `The code word is ${word.body}.`, '', '-- ', name]);
    }
    case 'dot-lines': {
      const subject = `Dotfiles and dots ${word.subject}`;
      return plain(subject, [
        `Lines that start with a dot, ${word.body}:`,
        '.',
        '..',
        '.hidden',
        '...three dots',
        '. a dot and a space',
        'end',
      ]);
    }
    case 'html-newsletter': {
      const subject = `Newsletter: spring edition ${word.subject}`;
      const html = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Newsletter</title>',
        '<style>body { font-family: sans-serif } .hero { width: 100% }</style></head><body>',
        `<img class="hero" src="https://images.example.com/newsletter/hero-${n}.png" alt="Spring" width="600">`,
        `<h1>Spring edition</h1><p>Our garden report is out, with photos and a review of the season. Keyword ${word.body} for the archive.</p>`,
        '<p><a href="https://www.example.com/articles/spring?utm_source=newsletter&amp;utm_medium=email">Read the article</a> — ',
        'or <a href="https://www.example.com/unsubscribe?id=42">unsubscribe</a>.</p>',
        `<img src="https://tracker.example.com/open.gif?u=${n}" width="1" height="1" alt="">`,
        '</body></html>',
      ].join('\n');
      const header = [
        'From: Example News <news@example.com>',
        to,
        `Subject: ${subject}`,
        'Reply-To: Editors <editors@example.com>',
        'List-Unsubscribe: <https://www.example.com/unsubscribe?id=42>',
      ];
      return mime(header, textPart('html', html, { encoding: 'quoted-printable' }), {
        subject,
        fromAddress: 'news@example.com',
        attachmentList: [],
      });
    }
    case 'alternative': {
      const subject = `Agenda for the review ${word.subject}`;
      const lines = [`Agenda for Friday, item ${word.body}:`, ...sentences(random, 2)];
      const html = `<html><body>${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>`;
      const body = multipart('alternative', textPart('plain', lines.join('\n')), textPart('html', html));
      const header = [from, to, 'Cc: Bob <bob@example.net>, Carol <carol@example.net>', `Subject: ${subject}`];
      return mime(header, body, { subject, fromAddress, attachmentList: [] });
    }
    case 'mixed': {
      const subject = `Documents for the project ${word.subject}`;
      const count = 1 + (cycle % 3);
      const pdf = pdfBytes(n);
      const notes = `Notes for message ${n}.\r\nSecond line of the notes.\r\n`;
      const parts: Part[] = [
        textPart('plain', `Please find the files attached. Reference ${word.body}.`),
        // RFC 2231: a non-ASCII file name as charset'language'percent-encoded value.
        filePart(pdf, { type: 'application/pdf', filename: `Résumé décembre ${n}.pdf`, disposition: 'attachment' }),
      ];
      const list: CorpusAttachment[] = [
        { filename: `Résumé décembre ${n}.pdf`, contentType: 'application/pdf', size: pdf.length, inline: false },
      ];
      if (count >= 2) {
        parts.push(textPart('plain', notes.trimEnd().replaceAll(CRLF, '\n'), { filename: `привет-${n}.txt` }));
        list.push({ filename: `привет-${n}.txt`, contentType: 'text/plain', size: Buffer.byteLength(notes), inline: false });
      }
      if (count >= 3) {
        parts.push(filePart(PNG, { type: 'image/png', filename: `photo-${n}.png`, disposition: 'attachment' }));
        list.push({ filename: `photo-${n}.png`, contentType: 'image/png', size: PNG.length, inline: false });
      }
      return mime([from, to, `Subject: ${subject}`], multipart('mixed', ...parts), { subject, fromAddress, attachmentList: list });
    }
    case 'related': {
      const subject = `Our new logo ${word.subject}`;
      const cid = `logo-${n}@corpus.poplar.invalid`;
      const body = multipart(
        'alternative',
        textPart('plain', `Our new logo is below. Tag ${word.body}.`),
        multipart(
          'related',
          textPart('html', `<html><body><p>Our new logo is below. Tag ${word.body}.</p><img src="cid:${cid}" alt="logo"></body></html>`),
          filePart(PNG, { type: 'image/png', disposition: 'inline', contentId: cid }),
        ),
      );
      const attachmentList = [{ filename: null, contentType: 'image/png', size: PNG.length, inline: true }];
      return mime([from, to, `Subject: ${subject}`], body, { subject, fromAddress, attachmentList });
    }
    case 'latin1-qp': {
      const subjectText = `Réunion du comité ${word.subject}`;
      const body = `Voilà, le café crème est prêt à Noël. Déjà très apprécié ; mot-clé ${word.body}.\nÀ bientôt, François`;
      const sender = `${encodedWords('François Légère', 'ISO-8859-1', 'Q')} <francois@example.fr>`;
      const header = [`From: ${sender}`, to, `Subject: ${encodedWords(subjectText, 'ISO-8859-1', 'Q')}`];
      const part = textPart('plain', body, { charset: 'ISO-8859-1', encoding: 'quoted-printable' });
      return mime(header, part, { subject: subjectText, fromAddress: 'francois@example.fr', attachmentList: [], unicodeWord: 'crème' });
    }
    case 'koi8-r': {
      const subjectText = `Встреча в Москве ${word.subject}`;
      const body = `Привет! Встреча в Москве завтра в десять. Код ${word.body}.\r\nСпасибо, Иван\r\n`;
      return {
        header: [
          `From: ${encodedWord('KOI8-R', encodeKoi8r('Иван Петров'), 'B')} <ivan@example.ru>`,
          to,
          `Subject: ${encodedWord('KOI8-R', encodeKoi8r(subjectText), 'B')}`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=koi8-r',
          'Content-Transfer-Encoding: 8bit',
        ],
        body: encodeKoi8r(body),
        subject: subjectText,
        fromAddress: 'ivan@example.ru',
        attachmentList: [],
        unicodeWord: 'Москве',
      };
    }
    case 'shift-jis':
    case 'iso-2022-jp': {
      const form = kind === 'shift-jis' ? 'sjis' : 'jis';
      const charset = kind === 'shift-jis' ? 'Shift_JIS' : 'ISO-2022-JP';
      const jp = (key: keyof typeof JAPANESE): Buffer => Buffer.from(JAPANESE[key][form], 'hex');
      const subjectBytes = Buffer.concat([jp('material'), Buffer.from(` ${word.subject}`)]);
      const body = Buffer.concat([jp('greeting'), Buffer.from(` ${word.body} \r\n`), jp('closing'), Buffer.from('\r\n')]);
      return {
        header: [
          `From: ${encodedWord(charset, jp('name'), 'B')} <yamada@example.jp>`,
          to,
          `Subject: ${encodedWord(charset, subjectBytes, 'B')}`,
          'MIME-Version: 1.0',
          `Content-Type: text/plain; charset=${charset}`,
          `Content-Transfer-Encoding: ${kind === 'shift-jis' ? '8bit' : '7bit'}`,
        ],
        body,
        subject: `${JAPANESE.material.text} ${word.subject}`,
        fromAddress: 'yamada@example.jp',
        attachmentList: [],
        unicodeWord: '会議',
      };
    }
    case 'encoded-subject': {
      // RFC 2047 §6.2: white space between two encoded words is dropped, between an encoded
      // word and plain text it is kept. The field is folded between the two (RFC 5322 §2.2.3).
      const first = cycle % 2 === 0 ? encodedWord('UTF-8', utf8('Größe naïve ☕'), 'B') : encodedWord('utf-8', utf8('Größe naïve ☕'), 'Q');
      const second =
        cycle % 2 === 0 ? encodedWord('ISO-8859-1', latin1('café crème'), 'Q') : encodedWord('iso-8859-1', latin1('café crème'), 'B');
      const subject = `Größe naïve ☕ ${word.subject} café crème`;
      return {
        header: [
          `From: ${encodedWord('UTF-8', utf8('Renée Dupré'), 'Q')} <renee@example.fr>`,
          to,
          `Subject: ${first} ${word.subject}${CRLF} ${second}`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
        ],
        body: text([`Grüße aus Köln, mot ${word.body}.`, 'Renée']),
        subject,
        fromAddress: 'renee@example.fr',
        attachmentList: [],
        unicodeWord: 'Grüße',
      };
    }
    case 'reply': {
      const parent = messageId(Math.max(1, n - 1));
      const subject = `Re: Friday meeting ${word.subject}`;
      const built = plain(subject, [
        `On Mon, 5 Jan 2026 at 09:00, Ada Lovelace <ada@example.org> wrote:`,
        '> Shall we meet on Friday?',
        '> The agenda is in the shared folder.',
        '',
        `Friday works for me. Bring the draft, ${word.body}.`,
      ]);
      return {
        ...built,
        header: [...built.header, `In-Reply-To: ${parent}`, `References: <thread-root@test.poplar.invalid>${CRLF} ${parent}`],
        inReplyTo: parent,
      };
    }
    case 'no-date-no-id': {
      const subject = `Undated note ${word.subject}`;
      return { ...plain(subject, [`A note without a date or a Message-ID, ${word.body}.`]), noDate: true };
    }
    case 'malformed': {
      // The attachment's base64 has bytes outside the alphabet and the multipart is never
      // closed: the file ends inside the last part, as a cut download would.
      const subject = `Broken upload ${word.subject}`;
      const body = [
        '--broken-1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        `The upload broke halfway, ${word.body}.`,
        '--broken-1',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment; filename="upload.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        'SGVsbG8sIHdvcmxk!!!#### not base64 at all ~~~',
        'QUJD',
      ];
      return {
        header: [from, to, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="broken-1"'],
        body: utf8(body.join(CRLF) + CRLF),
        subject,
        fromAddress,
        attachmentList: [{ filename: 'upload.bin', contentType: 'application/octet-stream', size: null, inline: false }],
        malformed: true,
      };
    }
  }
}

function corpusMessage(i: number): CorpusMessage {
  const n = i + 1;
  const kind = CORPUS_KINDS[i % CORPUS_KINDS.length] ?? 'plain';
  const built = build(kind, n, Math.floor(i / CORPUS_KINDS.length));
  const date = dateFor(n);
  const id = built.noDate ? null : messageId(n);
  const header = [
    received(n, date.header),
    ...(built.noDate ? [] : [`Date: ${date.header}`]),
    ...(id ? [`Message-ID: ${id}`] : []),
    ...built.header,
  ];
  const raw = Buffer.concat([Buffer.from(header.join(CRLF) + CRLF + CRLF, 'latin1'), built.body]);
  const word = words(n);
  return {
    name: `${String(n).padStart(4, '0')}-${kind}.eml`,
    raw,
    expect: {
      subject: built.subject,
      fromAddress: built.fromAddress,
      bodyWord: word.body,
      attachments: built.attachmentList.length,
      kind,
      subjectWord: word.subject,
      unicodeWord: built.unicodeWord ?? null,
      date: built.noDate ? null : date.ms,
      messageId: id,
      inReplyTo: built.inReplyTo ?? null,
      attachmentList: built.attachmentList,
      malformed: built.malformed === true,
    },
  };
}

/**
 * `count` messages cycling through CORPUS_KINDS. With `bigAttachmentBytes`, the last message
 * instead carries an attachment of that many bytes (base64, in memory: use
 * writeBigAttachmentMessage to put a big message on disk without holding it).
 */
export function variedCorpus(count: number, opts: { bigAttachmentBytes?: number } = {}): CorpusMessage[] {
  const messages = Array.from({ length: count }, (_, i) => corpusMessage(i));
  if (opts.bigAttachmentBytes !== undefined && count > 0) {
    const n = count;
    const parts = bigMessageParts(n, opts.bigAttachmentBytes);
    const raw = Buffer.concat([
      Buffer.from(parts.head, 'latin1'),
      ...bigBase64(opts.bigAttachmentBytes, n),
      Buffer.from(parts.tail, 'latin1'),
    ]);
    messages[count - 1] = {
      name: `${String(n).padStart(4, '0')}-big-attachment.eml`,
      raw,
      expect: { ...parts.expect, kind: 'big-attachment', malformed: false },
    };
  }
  return messages;
}

/**
 * A mailbox as people have one: the varied kinds, and every `attachmentEvery`-th message an
 * attachment of a size drawn (seeded) so that the mean message is about `meanBytes`. The
 * sync benchmark's corpus (bench/sync.ts).
 */
export function mixedCorpus(count: number, meanBytes: number, attachmentEvery = 10): Buffer[] {
  const random = seededRandom(count);
  const base = variedCorpus(count).map((m) => Buffer.from(m.raw));
  const plainMean = base.reduce((sum, m) => sum + m.length, 0) / Math.max(1, count);
  // base64 is 4/3 of the decoded size; the attachment's share of the mean is (mean − plain) × every.
  const attachmentMean = Math.max(0, ((meanBytes - plainMean) * attachmentEvery * 3) / 4);
  return base.map((raw, i) => {
    if (i % attachmentEvery !== attachmentEvery - 1 || attachmentMean === 0) return raw;
    const size = Math.max(1024, Math.round(attachmentMean * (0.25 + 1.5 * random())));
    const parts = bigMessageParts(i + 1, size);
    return Buffer.concat([Buffer.from(parts.head, 'latin1'), ...bigBase64(size, i + 1), Buffer.from(parts.tail, 'latin1')]);
  });
}

/** Writes each message to `dir` under its name; returns the paths in corpus order. */
export async function writeCorpusToDir(dir: string, corpus: readonly CorpusMessage[]): Promise<string[]> {
  const paths: string[] = [];
  for (const message of corpus) {
    const path = join(dir, message.name);
    await writeFile(path, message.raw);
    paths.push(path);
  }
  return paths;
}
