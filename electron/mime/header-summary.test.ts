// The download's header pass against mailparser's full reading of the same messages: the
// list shows the same sender, subject and date before and after a message is analysed.
import { seconds } from '../../tests/support/timeouts.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_KINDS, variedCorpus } from '../../tests/support/corpus.ts';
import { summariseHeaders } from './header-summary.ts';
import { parseMessageFile } from './parse.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-headers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const crlf = (lines: string[]): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');

describe('header pass', () => {
  it('reads what mailparser reads, for every kind of the corpus', { timeout: seconds(60) }, async () => {
    const corpus = variedCorpus(CORPUS_KINDS.length * 3);
    for (const [i, m] of corpus.entries()) {
      const file = path.join(dir, `${i}.eml`);
      await writeFile(file, m.raw);
      const full = await parseMessageFile(file);
      const fast = summariseHeaders(Buffer.from(m.raw));
      const pick = (p: typeof fast) => ({
        messageId: p.messageId,
        inReplyTo: p.inReplyTo,
        from: p.from,
        to: p.to,
        cc: p.cc,
        subject: p.subject,
        date: p.date,
      });
      expect(pick(fast), m.expect.kind).toEqual(pick(full));
      expect(fast.references, m.expect.kind).toEqual(full.references);
    }
  });

  it('hints at attachments from a top-level multipart/mixed, and at none otherwise', () => {
    const head = (type: string): Buffer => crlf(['From: a@example.org', `Content-Type: ${type}`, '', 'body']);
    expect(summariseHeaders(head('multipart/mixed; boundary="x"')).hasAttachments).toBe(true);
    expect(summariseHeaders(head('Multipart/Mixed;\r\n boundary=x')).hasAttachments).toBe(true);
    expect(summariseHeaders(head('multipart/alternative; boundary="x"')).hasAttachments).toBe(false);
    expect(summariseHeaders(head('text/plain')).hasAttachments).toBe(false);
  });

  it('decodes RFC 2047 words in the subject and names, and never throws on a broken block', () => {
    const s = summariseHeaders(
      crlf([
        'From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>',
        'To: "A, B" <ab@example.org>, group: c@example.org, d@example.org;',
        'Subject: =?UTF-8?B?Q2Fmw6k=?= au lait',
        'Date: Tue, 1 Dec 2026 10:00:00 +0100',
        'References: <a@x> <b@x>',
        '',
      ]),
    );
    expect(s.from).toEqual([{ name: 'Jürgen Müller', address: 'jm@example.de' }]);
    expect(s.to.map((a) => a.address)).toEqual(['ab@example.org', 'c@example.org', 'd@example.org']);
    expect(s.subject).toBe('Café au lait');
    expect(s.date).toBe(Date.UTC(2026, 11, 1, 9));
    expect(s.references).toEqual(['<a@x>', '<b@x>']);
    const broken = summariseHeaders(Buffer.from('\u0000\u00ff: nonsense\r\nFrom: <<<\r\nDate: yesterday\r\n\r\n', 'latin1'));
    expect(broken).toMatchObject({ subject: '', date: null, messageId: null });
  });
});
