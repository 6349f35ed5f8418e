// Realistic test messages, generated deterministically (a seeded generator, so a failing
// test sees the same bytes again). CRLF line ends, as a POP3 server serves them.

/** Mulberry32: tiny, fast, and good enough to vary test data reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the mailbox server message lock session check interval poplar download delete quit ' +
  'report invoice meeting tomorrow agenda garden weather holiday photos family question ' +
  'answer update thanks regards friday monday project budget draft review'
).split(' ');

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson'];

export interface MessageOptions {
  /** Approximate body size in bytes. */
  bodyBytes?: number;
}

/**
 * Message number `n` of a corpus: a plain-text mail whose body has lines that start with
 * "." (so dot-stuffing is exercised), a line of ".." and lines of varying length.
 */
export function plainMessage(n: number, options: MessageOptions = {}): string {
  const random = seededRandom(n * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const from = pick(NAMES);
  const size = options.bodyBytes ?? 500 + Math.floor(random() * 20_000);
  const subject = `${pick(WORDS)} ${pick(WORDS)} #${n}`;
  const date = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toUTCString().replace('GMT', '+0000');
  const local = (from.split(' ')[0] ?? 'someone').toLowerCase();
  const header = [
    `Return-Path: <${local}@example.org>`,
    `From: ${from} <${local}@example.org>`,
    'To: Alice <alice@example.net>',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <msg-${n}@test.poplar.invalid>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
  ];
  const lines: string[] = [`Message ${n}.`, '.a line that starts with a dot', '..', '.'.repeat(3) + ' three dots'];
  let length = lines.join('\r\n').length;
  while (length < size) {
    const count = 1 + Math.floor(random() * 14);
    const line = Array.from({ length: count }, () => pick(WORDS)).join(' ');
    const text = random() < 0.05 ? `.${line}` : line;
    lines.push(text);
    length += text.length + 2;
  }
  return header.join('\r\n') + '\r\n' + lines.join('\r\n') + '\r\n';
}

/** `count` messages numbered from 1. */
export function plainCorpus(count: number, options: MessageOptions = {}): string[] {
  return Array.from({ length: count }, (_, i) => plainMessage(i + 1, options));
}
