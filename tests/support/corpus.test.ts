import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textPart } from '../../electron/demo/content/mime.ts';
import { CORPUS_KINDS, encodeKoi8r, variedCorpus, writeBigAttachmentMessage, writeCorpusToDir } from './corpus.ts';

const dir = mkdtempSync(join(tmpdir(), 'poplar-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Line ends other than CRLF: a bare LF or a bare CR. */
function bareLineEnds(raw: Buffer): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0a && raw[i - 1] !== 0x0d) count++;
    if (raw[i] === 0x0d && raw[i + 1] !== 0x0a) count++;
  }
  return count;
}

describe('variedCorpus', () => {
  const corpus = variedCorpus(3 * CORPUS_KINDS.length + 1, { bigAttachmentBytes: 100_000 });

  it('is the same bytes every time', () => {
    const again = variedCorpus(3 * CORPUS_KINDS.length + 1, { bigAttachmentBytes: 100_000 });
    expect(again.map((m) => m.raw.toString('base64'))).toEqual(corpus.map((m) => m.raw.toString('base64')));
  });

  it('rotates through every kind, the big attachment last and only when asked', () => {
    expect(corpus.slice(0, CORPUS_KINDS.length).map((m) => m.expect.kind)).toEqual([...CORPUS_KINDS]);
    expect(corpus.at(-1)?.expect.kind).toBe('big-attachment');
    expect(variedCorpus(30).some((m) => m.expect.kind === 'big-attachment')).toBe(false);
  });

  it('uses CRLF line ends only, and has an empty line after the header', () => {
    for (const m of corpus) {
      expect(bareLineEnds(m.raw)).toBe(0);
      expect(m.raw.indexOf('\r\n\r\n')).toBeGreaterThan(0);
    }
  });

  it('gives every message a unique body word and subject word, in ASCII', () => {
    const body = new Set(corpus.map((m) => m.expect.bodyWord));
    const subject = new Set(corpus.map((m) => m.expect.subjectWord));
    expect(body.size).toBe(corpus.length);
    expect(subject.size).toBe(corpus.length);
    for (const m of corpus) {
      expect(m.expect.bodyWord).toMatch(/^[a-z]+\d{4}$/);
      expect(m.raw.includes(m.expect.bodyWord)).toBe(true); // even in the charset kinds
      expect(m.expect.subject).toContain(m.expect.subjectWord);
    }
  });

  it('names files uniquely in corpus order and writes them', async () => {
    const paths = await writeCorpusToDir(dir, corpus);
    expect(new Set(paths).size).toBe(corpus.length);
    expect(readFileSync(paths[3] as string).equals(corpus[3]?.raw as Buffer)).toBe(true);
  });

  it('varies the number of attachments of the mixed kind from 1 to 3', () => {
    expect(corpus.filter((m) => m.expect.kind === 'mixed').map((m) => m.expect.attachments)).toEqual([1, 2, 3]);
  });

  it('encodes the Japanese and Russian bodies in their declared charsets', () => {
    const body = (kind: string): Buffer => {
      const raw = corpus.find((m) => m.expect.kind === kind)?.raw as Buffer;
      return raw.subarray(raw.indexOf('\r\n\r\n') + 4);
    };
    expect(new TextDecoder('shift_jis').decode(body('shift-jis'))).toContain('こんにちは、会議の資料を送ります。');
    expect(new TextDecoder('iso-2022-jp').decode(body('iso-2022-jp'))).toContain('よろしくお願いします。');
    expect(new TextDecoder('koi8-r').decode(body('koi8-r'))).toContain('Встреча в Москве');
  });

  it('writes the big attachment message to disk block by block, the same bytes as in memory', async () => {
    const path = join(dir, 'big.eml');
    const n = corpus.length;
    const expected = await writeBigAttachmentMessage(path, 100_000, n);
    expect(readFileSync(path).equals(corpus.at(-1)?.raw as Buffer)).toBe(true);
    expect(expected.attachmentList[0]?.size).toBe(100_000);
  });
});

describe('corpus encoders', () => {
  it('encodes KOI8-R as Node decodes it', () => {
    const text = 'Ёлка и ёж: Съешь же ещё этих мягких французских булок';
    expect(new TextDecoder('koi8-r').decode(encodeKoi8r(text))).toBe(text);
    expect(() => encodeKoi8r('€')).toThrow();
  });

  it('writes quoted-printable lines of at most 76 characters (RFC 2045 §6.7)', () => {
    const qp = textPart('plain', `${'é'.repeat(60)} trailing \nsecond = line`, {
      charset: 'ISO-8859-1',
      encoding: 'quoted-printable',
    }).body;
    for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(qp).toContain('trailing=20\r\nsecond =3D line');
  });
});
