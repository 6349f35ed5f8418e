// The mailbox of bench:window (bench/window.ts): message number n of N, deterministic, as its
// metadata (cheap: what the list shows and which search words it holds) and as its bytes and
// analysis (what the store keeps).
//
// Parsing 100,000 messages with mailparser would take minutes, so each distinct MIME shape is
// parsed once and its fields are varied without parsing again:
// - about three quarters are written here: plain-text notes and multipart/alternative mails
//   (text and HTML), whose analysis is built directly from the text this module wrote (the
//   snippet by the store's own makeSnippet);
// - the rest reuse the 14 kinds of tests/support/corpus.ts (newsletter, attachments, embedded
//   image, Latin-1, KOI8-R, Shift_JIS, ISO-2022-JP, encoded words, a reply, no date, malformed),
//   each parsed once by electron/mime/parse.ts; a message of that kind gets new Date, Message-ID,
//   From, To and Subject fields in front of the shape's own MIME header and body, and the
//   shape's analysis with those fields replaced.
//
// Search words: COMMON in ~40 % of the messages, RARE in exactly one, MISSING in none. Each has a
// decoy one letter off (harbour, tamarins), so the prefix typed before the last key matches a
// different set than the whole word: the last key really changes the list.
import { encodedWords, isPlainAscii } from '../electron/demo/content/charsets.ts';
import { foldHeader, multipart, renderPart, textPart, type Part } from '../electron/demo/content/mime.ts';
import type { ParsedMessage } from '../electron/mime/parse.ts';
import { makeSnippet } from '../electron/mime/snippet.ts';
import { seededRandom } from '../tests/support/messages.ts';

export const WORDS = { common: 'harbor', rare: 'tamarind', missing: 'harbours' } as const;
const DECOY_COMMON = 'harbour';
const DECOY_RARE = 'tamarins';

/** The account each message belongs to: two inboxes, listed together in "All inboxes". */
export const ACCOUNTS = [
  { name: 'home', user: 'alice', toName: 'Alice Example', toAddress: 'alice@example.net' },
  { name: 'work', user: 'alice.w', toName: 'Alice Example', toAddress: 'alice@work.example.com' },
] as const;

export type MailKind = 'note' | 'conversation' | 'shape';

export interface MailMeta {
  readonly n: number;
  readonly kind: MailKind;
  /** Index into the parsed corpus shapes when kind is 'shape'. */
  readonly shape: number;
  readonly account: 0 | 1;
  readonly fromName: string;
  readonly fromAddress: string;
  readonly subject: string;
  /** The Date header (ms); null for the corpus's undated kind. */
  readonly date: number | null;
  readonly receivedAt: number;
  readonly read: boolean;
  /** Moved to Trash: not in the inbox list nor its search. */
  readonly deleted: boolean;
  readonly common: boolean;
  readonly rare: boolean;
}

const FIRST =
  'Maya Tom Priya Sam Leo Margaret Rosa Dev Jonas Camille Ingrid Omar Lucia Kenji Amara Felix Nadia Pablo Hana Viktor Zoe Ravi'.split(' ');
const LAST =
  'Okafor Becker Natarajan Rivera Martins Ellis Lindqvist Kapoor Weber Dubois Haugen Said Romano Sato Mensah Novak Brandt Silva'.split(' ');
const NON_ASCII_NAMES = ['Анна Соколова', 'François Légère', 'Zoë Müller', '田中 由紀', 'Søren Østergaard', 'Iñigo Núñez'];
const ORGS = [
  ['Northwind Travel', 'deals@northwind.example.net'],
  ['QuickShip', 'notify@quickship.example.net'],
  ['Solara Energy', 'billing@solara.example.com'],
  ['Riverside Library', 'no-reply@library.example.org'],
  ['Parkside Runners', 'club@parkside-runners.example.org'],
  ['GitForge', 'notifications@gitforge.example.com'],
] as const;
const DOMAINS = ['example.org', 'example.com', 'mail.example.net', 'post.example.de', 'uni.example.edu'];
const TOPICS = [
  'budget',
  'quarterly report',
  'garden plan',
  'holiday photos',
  'project kickoff',
  'draft contract',
  'team offsite',
  'school trip',
  'bike repair',
  'book club',
  'release notes',
  'server migration',
  'dinner on Saturday',
  'flat viewing',
  'concert tickets',
  'tax return',
  'réunion du comité',
  'встреча в Москве',
  '会議の資料',
  'Größe und Gewicht',
];
const TEMPLATES = [
  (t: string) => `Notes on the ${t}`,
  (t: string, x: number) => `Re: ${t} (${x % 97})`,
  (t: string) => `Re: Re: ${t}`,
  (t: string) => `Fwd: ${t}`,
  (t: string, x: number) => `Invoice ${20_000 + x} for the ${t}`,
  (t: string, x: number) => `Your order #${100_000 + x} has shipped`,
  (t: string) => `Question about the ${t}`,
  (t: string, x: number) => `[list] ${t} — week ${1 + (x % 52)}`,
  (t: string) => `Reminder: ${t} tomorrow`,
  (t: string, x: number) => `Pull request ${x % 5000}: update ${t}`,
];
const VOCABULARY = (
  'the a and of to in we you it that for on with as this was are be at have from or by not but our your will can ' +
  'meeting agenda budget garden weather holiday photos family question answer update thanks regards friday monday ' +
  'project draft review invoice report tomorrow morning evening weekend station train ticket office kitchen window ' +
  'coffee lunch dinner table chapter paper figure result server backup release version change plan idea list note ' +
  'river bridge mountain village market bakery museum library school teacher student lesson music choir rehearsal'
).split(' ');

/** Distinct MIME shapes taken from tests/support/corpus.ts (its first 42 messages: 14 kinds × 3 variants). */
export const SHAPES = 42;

/** The metadata of message n (1-based) of a mailbox of `total`: cheap, so the bench can recompute any of it. */
export function mailMeta(n: number, total: number): MailMeta {
  const random = seededRandom(n * 7919 + 11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Dates spread over 13 years, roughly in download order, with a few days of jitter.
  const start = Date.UTC(2014, 0, 1);
  const span = Date.UTC(2026, 10, 25) - start;
  const date = Math.round((start + (span * (n - 0.5)) / total + (random() - 0.5) * 6 * 86_400_000) / 1000) * 1000;
  const rare = n === rareMessage(total);
  const kindRoll = random();
  const kind: MailKind = rare || kindRoll < 0.62 ? 'note' : kindRoll < 0.76 ? 'conversation' : 'shape';
  const shape = Math.floor(random() * SHAPES);
  const undated = kind === 'shape' && shape % 14 === CORPUS_UNDATED;
  const personRoll = random();
  let fromName: string;
  let fromAddress: string;
  if (personRoll < 0.12) {
    const org = pick(ORGS);
    fromName = org[0];
    fromAddress = org[1];
  } else if (personRoll < 0.18) {
    fromName = pick(NON_ASCII_NAMES);
    fromAddress = `contact${Math.floor(random() * 40)}@${pick(DOMAINS)}`;
  } else {
    const first = pick(FIRST);
    const last = pick(LAST);
    fromName = `${first} ${last}`;
    fromAddress = `${first}.${last}@${pick(DOMAINS)}`.toLowerCase();
  }
  const common = random() < 0.4;
  const template = pick(TEMPLATES);
  const topic = pick(TOPICS);
  let subject = template(topic, Math.floor(random() * 100_000));
  // The shapes keep their own body, so their search words go in the subject; a third of the
  // others carry the common word in the subject too.
  if (common && (kind === 'shape' || random() < 0.33)) subject += ` at the ${WORDS.common}`;
  const account = random() < 0.7 ? 0 : 1;
  const read = random() < 0.9;
  const deleted = !rare && random() < 0.005;
  return {
    n,
    kind,
    shape,
    account,
    fromName,
    fromAddress,
    subject,
    date: undated ? null : date,
    receivedAt: date + 30_000 + Math.floor(random() * 600_000),
    read,
    deleted,
    common,
    rare,
  };
}

/** The one message that holds the rare word: in the middle of the list, not on its first screen. */
export function rareMessage(total: number): number {
  return Math.max(1, Math.floor(total * 0.37));
}

/** Index of 'no-date-no-id' in CORPUS_KINDS (tests/support/corpus.ts). */
const CORPUS_UNDATED = 12;

export interface CorpusShape {
  readonly raw: Buffer;
  readonly parsed: ParsedMessage;
}

const CRLF = '\r\n';
/** Header fields the bench writes itself; the shape's own are dropped. */
const REPLACED = new Set(['received', 'date', 'message-id', 'from', 'to', 'subject']);

function sentences(random: () => number, count: number, extra: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 5 + Math.floor(random() * 12) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? 'a');
    lines.push(words.join(' '));
  }
  // Each extra word goes into a sentence of its own choosing.
  for (const word of extra) {
    const i = Math.floor(random() * lines.length);
    lines[i] = `${lines[i]} near the ${word}`;
  }
  return lines.map((line) => line.charAt(0).toUpperCase() + line.slice(1) + '.');
}

function headerText(text: string): string {
  return isPlainAscii(text) ? text : encodedWords(text, 'UTF-8', 'B');
}

function address(name: string, addr: string): string {
  return `${isPlainAscii(name) ? `"${name}"` : headerText(name)} <${addr}>`;
}

function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function topHeader(m: MailMeta): string[] {
  const to = ACCOUNTS[m.account];
  const lines = [
    `Received: from mx${m.n % 4}.example.net by pop.example.net with ESMTPS id w${m.n}; ${rfc5322Date(m.receivedAt)}`,
    ...(m.date === null ? [] : [`Date: ${rfc5322Date(m.date)}`, `Message-ID: ${messageId(m.n)}`]),
    `From: ${address(m.fromName, m.fromAddress)}`,
    `To: ${address(to.toName, to.toAddress)}`,
  ];
  return [...lines, ...foldHeader('Subject', headerText(m.subject))];
}

function messageId(n: number): string {
  return `<bench.${n}@window.poplar.invalid>`;
}

/** Words of message m beyond its vocabulary: the search words and their decoys. */
function bodyWords(m: MailMeta, random: () => number): string[] {
  const words: string[] = [];
  if (m.common && !m.subject.endsWith(WORDS.common)) words.push(WORDS.common);
  if (random() < 0.08) words.push(DECOY_COMMON);
  if (random() < 0.01) words.push(DECOY_RARE);
  if (m.rare) words.push(WORDS.rare);
  return words;
}

/** The file and the analysis of message `m`. */
export function mailOf(m: MailMeta, shapes: readonly CorpusShape[]): { raw: Buffer; parsed: ParsedMessage } {
  const to = ACCOUNTS[m.account];
  const common = {
    messageId: m.date === null ? null : messageId(m.n),
    from: [{ name: m.fromName, address: m.fromAddress }],
    to: [{ name: to.toName, address: to.toAddress }],
    subject: m.subject,
    date: m.date,
  };
  if (m.kind === 'shape') {
    const shape = shapes[m.shape % shapes.length];
    if (!shape) throw new Error('no corpus shapes');
    const raw = Buffer.concat([Buffer.from(topHeader(m).join(CRLF) + CRLF, 'utf8'), shapeRest(shape.raw)]);
    return { raw, parsed: { ...shape.parsed, ...common, headers: [] } };
  }
  const random = seededRandom(m.n * 104_729 + 5);
  const long = random() < 0.03;
  const count = long ? 120 + Math.floor(random() * 200) : 3 + Math.floor(random() * 30);
  const lines = sentences(random, count, bodyWords(m, random));
  const paragraphs: string[] = [];
  for (let i = 0; i < lines.length; i += 4) paragraphs.push(wrap(lines.slice(i, i + 4).join(' ')), '');
  const signature = ['-- ', m.fromName];
  const text = [`Hi ${to.toName.split(' ')[0]},`, '', ...paragraphs, ...signature].join('\n');
  let part: Part = textPart('plain', text);
  let html: string | null = null;
  if (m.kind === 'conversation') {
    html = `<html><body>${paragraphs
      .filter((p) => p !== '')
      .map((p) => `<p>${p}</p>`)
      .join('\n')}<p>-- <br>${m.fromName}</p></body></html>`;
    part = multipart('alternative', part, textPart('html', html));
  }
  const rendered = renderPart(part, `bench_${m.n}`, { n: 0 });
  const header = [...topHeader(m), 'MIME-Version: 1.0', ...rendered.headers.flatMap(([name, value]) => foldHeader(name, value))];
  const raw = Buffer.from(header.join(CRLF) + CRLF + CRLF + rendered.body + CRLF, 'utf8');
  const parsed: ParsedMessage = {
    ...common,
    inReplyTo: null,
    references: [],
    cc: [],
    replyTo: [],
    text,
    html,
    snippet: makeSnippet(text),
    hasAttachments: false,
    attachments: [],
    headers: [],
    parseError: null,
    truncated: false,
  };
  return { raw, parsed };
}

function wrap(paragraph: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 72) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out.join('\n');
}

/** A shape's header without the fields the bench writes, then its blank line and body, unchanged. */
function shapeRest(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end).toString('latin1');
  const kept: string[] = [];
  let keep = false;
  for (const line of head.split(CRLF)) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (keep) kept.push(line);
      continue;
    }
    keep = !REPLACED.has(line.slice(0, line.indexOf(':')).trim().toLowerCase());
    if (keep) kept.push(line);
  }
  return Buffer.concat([Buffer.from(kept.map((l) => l + CRLF).join(''), 'latin1'), raw.subarray(end + 2)]);
}
