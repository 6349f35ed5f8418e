import { describe, expect, it } from 'vitest';
import { displayAddress } from './address.ts';
import { forwardAttachmentName, prepareForward, prepareReply } from './prepare.ts';
import { attributionLine, quoteText } from './quote.ts';
import { replyRecipients } from './recipients.ts';
import { baseSubject, forwardSubject, replySubject } from './subject.ts';
import { replyThreading } from './threading.ts';
import type { OriginalMessage } from './types.ts';

const ME = 'me@example.org';
const original: OriginalMessage = {
  messageId: '<c@example.com>',
  inReplyTo: '<b@example.com>',
  references: ['<a@example.com>', '<b@example.com>'],
  subject: 'AW: Re: Größenänderung der Übersicht',
  from: [{ name: 'Jürgen Groß', address: 'juergen@example.de' }],
  replyTo: [],
  to: [
    { name: 'Me', address: 'ME@example.org' },
    { name: '山田 太郎', address: 'taro@example.jp' },
  ],
  cc: [
    { name: 'Doe, Jane', address: 'jane@example.com' },
    { name: '', address: 'juergen@example.de' },
  ],
  date: Date.UTC(2026, 11, 2, 13, 5),
  text: 'Hallo,\r\n\r\n> frühere Zeile\r\nneue Zeile\r\n',
};

describe('reply and forward subjects', () => {
  it.each([
    ['Hello', 'Re: Hello', 'Fwd: Hello'],
    ['Re: Hello', 'Re: Hello', 'Fwd: Hello'],
    ['Re: Re: RE: Hello', 'Re: Hello', 'Fwd: Hello'],
    ['AW: Re: Größe', 'Re: Größe', 'Fwd: Größe'],
    ['SV: VS: Hej', 'Re: Hej', 'Fwd: Hej'],
    ['Fwd: Re: Fw: WG: x', 'Re: x', 'Fwd: x'],
    ['Re[2]: Re^3: counted', 'Re: counted', 'Fwd: counted'],
    ['Re：会議の資料', 'Re: 会議の資料', 'Fwd: 会議の資料'],
    ['[list] Re: tagged', 'Re: tagged', 'Fwd: tagged'],
    ['Rework: not a prefix', 'Re: Rework: not a prefix', 'Fwd: Rework: not a prefix'],
    ['Ideas: I is not eaten without a colon', 'Re: Ideas: I is not eaten without a colon', 'Fwd: Ideas: I is not eaten without a colon'],
    ['', 'Re:', 'Fwd:'],
  ])('%j → %j and %j', (subject, reply, forward) => {
    expect(replySubject(subject)).toBe(reply);
    expect(forwardSubject(subject)).toBe(forward);
  });

  it('keep the words after the prefixes exactly', () => {
    expect(baseSubject('Re:   spaced  words ')).toBe('spaced  words');
  });
});

describe('reply threading (RFC 5322 §3.6.4)', () => {
  it.each([
    [{ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] }, '<c@x>', ['<a@x>', '<b@x>', '<c@x>']],
    [{ messageId: '<c@x>', inReplyTo: '<b@x>', references: [] }, '<c@x>', ['<b@x>', '<c@x>']],
    [{ messageId: '<c@x>', inReplyTo: '<a@x> <b@x>', references: [] }, '<c@x>', ['<c@x>']],
    [{ messageId: '<c@x>', inReplyTo: null, references: [] }, '<c@x>', ['<c@x>']],
    [{ messageId: null, inReplyTo: '<b@x>', references: [] }, null, ['<b@x>']],
    [{ messageId: null, inReplyTo: null, references: [] }, null, []],
    [{ messageId: '<a@x>', inReplyTo: null, references: ['<a@x>'] }, '<a@x>', ['<a@x>']],
  ])('%j', (parent, inReplyTo, references) => {
    expect(replyThreading(parent)).toEqual({ inReplyTo, references });
  });
});

describe('reply recipients', () => {
  it('reply goes to the sender, or the Reply-To when there is one', () => {
    expect(replyRecipients(original, [ME], false)).toEqual({ to: original.from, cc: [] });
    const list = { ...original, replyTo: [{ name: 'List', address: 'list@example.net' }] };
    expect(replyRecipients(list, [ME], false).to).toEqual(list.replyTo);
  });

  it('reply all adds To and Cc without the user (any case) and without repeats', () => {
    expect(replyRecipients(original, [ME], true)).toEqual({
      to: [original.from[0], original.to[1]],
      cc: [original.cc[0]],
    });
  });

  it('a reply to a message the user sent goes to its recipients', () => {
    const sent = { ...original, from: [{ name: 'Me', address: ME }], to: original.to.slice(1), cc: [] };
    expect(replyRecipients(sent, [ME], false).to).toEqual([original.to[1]]);
    expect(replyRecipients(sent, [ME], true).to).toEqual([original.to[1]]);
  });
});

describe('quoting and attribution', () => {
  it('say who wrote it and when, in the user’s time zone', () => {
    expect(attributionLine(original.from, original.date, 'UTC')).toBe('On Wed, 2 Dec 2026 at 13:05, Jürgen Groß wrote:');
    expect(attributionLine(original.from, original.date, 'Asia/Tokyo')).toBe('On Wed, 2 Dec 2026 at 22:05, Jürgen Groß wrote:');
    expect(attributionLine([{ name: '', address: 'x@y' }], null, 'UTC')).toBe('x@y wrote:');
  });

  it('quote each line, deeper for quoted ones', () => {
    expect(quoteText(original.text)).toBe('> Hallo,\n>\n>> frühere Zeile\n> neue Zeile');
  });

  it('prepare a whole reply', () => {
    const draft = prepareReply(original, true, { own: [ME], timeZone: 'UTC' });
    expect(draft.subject).toBe('Re: Größenänderung der Übersicht');
    expect(draft.inReplyTo).toBe('<c@example.com>');
    expect(draft.references).toEqual(['<a@example.com>', '<b@example.com>', '<c@example.com>']);
    expect(draft.text).toBe('\n\nOn Wed, 2 Dec 2026 at 13:05, Jürgen Groß wrote:\n> Hallo,\n>\n>> frühere Zeile\n> neue Zeile\n');
  });
});

describe('forward', () => {
  it('inline: a header block, then the original text; no recipients, no threading', () => {
    const draft = prepareForward(original, true, { own: [ME], timeZone: 'UTC' });
    expect(draft).toMatchObject({ to: [], cc: [], inReplyTo: null, references: [], subject: 'Fwd: Größenänderung der Übersicht' });
    expect(draft.text).toBe(
      [
        '',
        '',
        '---------- Forwarded message ----------',
        'From: Jürgen Groß <juergen@example.de>',
        'Date: Wed, 2 Dec 2026 at 13:05',
        'Subject: AW: Re: Größenänderung der Übersicht',
        'To: Me <ME@example.org>, 山田 太郎 <taro@example.jp>',
        'Cc: "Doe, Jane" <jane@example.com>, juergen@example.de',
        '',
        'Hallo,',
        '',
        '> frühere Zeile',
        'neue Zeile',
        '',
      ].join('\n'),
    );
  });

  it('as attachment: an empty body and a safe file name', () => {
    expect(prepareForward(original, false, { own: [ME], timeZone: 'UTC' }).text).toBe('');
    expect(forwardAttachmentName('Re: a/b: "c"?')).toBe('Re a b c.eml');
    expect(forwardAttachmentName('\u0000')).toBe('message.eml');
  });

  it('quote names with specials', () => {
    expect(displayAddress({ name: 'A "B" C', address: 'a@b' })).toBe('"A \\"B\\" C" <a@b>');
  });
});
