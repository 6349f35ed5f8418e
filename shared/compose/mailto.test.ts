// RFC 6068 mailto: URLs, with the examples of its §6 where they apply.
import { describe, expect, it } from 'vitest';
import { MailtoError, parseMailto } from './mailto.ts';

describe('parseMailto', () => {
  it('reads the path and the hfields, case-insensitively', () => {
    expect(parseMailto('mailto:chris@example.com')).toMatchObject({ to: [{ name: '', address: 'chris@example.com' }], subject: '' });
    const m = parseMailto('mailto:infobot@example.com?SUBJECT=current-issue&To=joe@example.com&CC=a@b.c&bcc=d@e.f');
    expect(m.to.map((a) => a.address)).toEqual(['infobot@example.com', 'joe@example.com']);
    expect(m.cc.map((a) => a.address)).toEqual(['a@b.c']);
    expect(m.bcc.map((a) => a.address)).toEqual(['d@e.f']);
    expect(m.subject).toBe('current-issue');
  });

  it('decodes UTF-8 percent escapes, keeps "+", and turns %0D%0A into line breaks', () => {
    const m = parseMailto('mailto:user@example.org?subject=caf%C3%A9+1&body=send%20current-issue%0D%0Asend%20index');
    expect(m.subject).toBe('café+1');
    expect(m.body).toBe('send current-issue\nsend index');
  });

  it('takes a display name, ignores headers it does not know, and keeps the subject on one line', () => {
    const m = parseMailto(
      'mailto:%22Ann%20B%22%20%3Cann@example.org%3E?from=evil@x&subject=a%0D%0ABcc:%20x@y&in-reply-to=%3C3469A91.D10AF4C@example.com%3E',
    );
    expect(m.to).toEqual([{ name: 'Ann B', address: 'ann@example.org' }]);
    expect(m.subject).toBe('a Bcc: x@y');
    expect(m.bcc).toEqual([]);
    expect(m.inReplyTo).toBe('<3469A91.D10AF4C@example.com>');
  });

  it('refuses what is not a mailto: URL or has a broken escape', () => {
    expect(() => parseMailto('http://example.com')).toThrow(MailtoError);
    expect(() => parseMailto('mailto:a@b?subject=%E2%82')).toThrow(MailtoError);
  });
});
