import { describe, expect, it } from 'vitest';
import { composeMessage, newMessageId, type ComposeDraft } from './compose.ts';
import { parseMessageFile } from './parse.ts';

const draft: ComposeDraft = {
  from: { name: 'Jürgen Groß', address: 'juergen@example.de' },
  to: [{ name: '山田 太郎', address: 'taro@example.jp' }],
  cc: [{ name: 'Doe, Jane', address: 'jane@example.com' }],
  bcc: [{ name: '', address: 'hidden@example.net' }],
  subject: 'Re: Größenänderung — 会議',
  text: 'Grüße\n> quoted\n',
  html: null,
  inReplyTo: '<c@example.com>',
  references: ['<a@example.com>', '<c@example.com>'],
  attachments: [{ filename: 'Übersicht.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 tiny') }],
  messageId: '<fixed@example.de>',
  date: Date.UTC(2026, 11, 2, 13, 5),
};

describe('composing a draft into bytes', () => {
  it('writes ASCII-only headers that read back as the draft, Bcc only in the envelope', async () => {
    const { raw, messageId, envelope } = await composeMessage(draft);
    const head = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
    expect(head).toMatch(/^Message-ID: <fixed@example\.de>$/m);
    // CRLF only: a bare LF would be rewritten in transit, and Sent would not hold what arrived.
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
    expect(head).toMatch(/^Date: Wed, 02 Dec 2026 13:05:00 \+0000$/m);
    expect(head).not.toMatch(/hidden@example\.net/);
    expect(messageId).toBe('<fixed@example.de>');
    expect(envelope).toEqual({ from: 'juergen@example.de', to: ['taro@example.jp', 'jane@example.com', 'hidden@example.net'] });

    const parsed = await parseMessageFile(raw);
    expect(parsed.subject).toBe(draft.subject);
    expect(parsed.from).toEqual([draft.from]);
    expect(parsed.to).toEqual(draft.to);
    expect(parsed.cc).toEqual(draft.cc);
    expect(parsed.inReplyTo).toBe('<c@example.com>');
    expect(parsed.references).toEqual(['<a@example.com>', '<c@example.com>']);
    expect(parsed.text.trim()).toBe('Grüße\n> quoted');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([['Übersicht.pdf', 'application/pdf', 13]]);
  });

  it('adds an HTML alternative when the draft has one', async () => {
    const { raw } = await composeMessage({ ...draft, attachments: [], html: '<p>Grüße</p>' });
    const parsed = await parseMessageFile(raw);
    expect(parsed.html).toContain('<p>Grüße</p>');
    expect(raw.toString('latin1')).toMatch(/multipart\/alternative/);
  });

  it('makes Message-IDs in the sender’s domain, a new one each time', () => {
    const a = newMessageId('ann@mail.example.org');
    expect(a).toMatch(/^<[0-9a-f-]{36}@mail\.example\.org>$/);
    expect(newMessageId('ann@mail.example.org')).not.toBe(a);
  });
});
