// The generated maildrop as bytes: deterministic for a given now, well-formed for transport
// (7-bit, CRLF only, RFC 5322 line lengths), valid UIDLs, and nothing outside the example domains.
import { describe, expect, it } from 'vitest';
import { must } from '../fixtures/must.ts';
import { deliveredMessage, demoMails, demoMessages } from './catalog.ts';

const NOW = Date.UTC(2025, 9, 3, 17, 45, 12);
const messages = demoMessages(NOW);
const texts = messages.map((m) => m.bytes.toString('latin1'));

const ESC = String.fromCharCode(0x1b);

/** The text with every run between "ESC $ B" and "ESC ( B" (JIS X 0208, RFC 1468) removed. */
function withoutJis(text: string): string {
  return text
    .split(`${ESC}$B`)
    .map((piece, i) => (i === 0 ? piece : piece.slice(piece.indexOf(`${ESC}(B`))))
    .join('');
}

function headerBlock(text: string): string {
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('demo catalog', () => {
  it('is the same for the same now, and only its dates move with now', () => {
    expect(demoMessages(NOW)).toEqual(messages);
    const later = demoMessages(NOW + 86_400_000);
    expect(later.map((m) => m.uidl)).toEqual(messages.map((m) => m.uidl));
    expect(later.map((m) => m.bytes)).not.toEqual(messages.map((m) => m.bytes));
  });

  it('holds about fifty messages, oldest first, over the two weeks before now', () => {
    expect(messages.length).toBeGreaterThanOrEqual(45);
    const ages = demoMails(NOW).map((m) => m.minutesAgo);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    expect(Math.max(...ages)).toBeLessThan(14 * 24 * 60);
    expect(Math.min(...ages)).toBeGreaterThan(0);
  });

  it('has valid, unique UIDLs (RFC 1939 §7) and unique Message-IDs', () => {
    for (const { uidl } of messages) expect(uidl).toMatch(/^[\x21-\x7e]{1,70}$/);
    expect(new Set(messages.map((m) => m.uidl)).size).toBe(messages.length);
    const ids = texts.map((t) => /^Message-ID: (<[^>]+>)$/m.exec(t)?.[1]);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(messages.length);
  });

  it('is 7-bit with CRLF line ends only and no line over 998 octets (RFC 5322 §2.1.1)', () => {
    for (const [i, text] of texts.entries()) {
      const uidl = must(messages[i]).uidl;
      expect.soft(/[\u0080-\uffff]/.test(text), uidl).toBe(false);
      expect.soft(/[^\r]\n|\r[^\n]/.test(text), uidl).toBe(false);
      expect.soft(text.endsWith('\r\n'), uidl).toBe(true);
      expect.soft(Math.max(...text.split('\r\n').map((l) => l.length)), uidl).toBeLessThanOrEqual(998);
      // Header fields are folded to 78 where they can be (RFC 5322 §2.1.1 SHOULD).
      expect
        .soft(
          Math.max(
            ...headerBlock(text)
              .split('\r\n')
              .map((l) => l.length),
          ),
          uidl,
        )
        .toBeLessThanOrEqual(78);
    }
  });

  it('uses only example domains (RFC 2606) in addresses and links', () => {
    for (const text of [...texts, deliveredMessage(1, NOW).message.bytes.toString('latin1')]) {
      // Soft line breaks and "=3D" undone (quoted-printable); JIS runs dropped (ISO-2022-JP
      // kanji bytes include "@", which is not an address there).
      const decoded = withoutJis(text.replace(/=\r\n/g, '').replace(/=3D/g, '='));
      for (const [, domain] of decoded.matchAll(/[\w.+-]+@([\w.-]+\w)/g)) expect(domain).toMatch(/(^|\.)example\.(com|org|net)$/);
      for (const [, host] of decoded.matchAll(/https?:\/\/([\w.-]+)/g)) expect(host).toMatch(/(^|\.)example\.(com|org|net)$/);
    }
  });

  it('delivers new messages with fresh UIDLs, also across restarts', () => {
    const first = deliveredMessage(1, NOW);
    const second = deliveredMessage(2, NOW);
    const afterRestart = deliveredMessage(1, NOW + 60_000);
    const uidls = new Set([first.message.uidl, second.message.uidl, afterRestart.message.uidl, ...messages.map((m) => m.uidl)]);
    expect(uidls.size).toBe(messages.length + 3);
    expect(first.subject).not.toBe(second.subject);
  });
});
