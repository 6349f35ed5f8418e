// The preview and archive routes' answers, from a fake engine: which attachments are previewed
// and under which type and headers, and that nothing else is. The browser-side half (a PDF in
// its frame cannot reach the app, the overlay) is tests/window-reader.e2e.test.ts.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { previewOf } from '../../shared/attachment-preview.ts';
import type { MessageFiles, PartContent } from '../engine/attachments.ts';
import { mailPart, type MailEngine } from './mail-part.ts';

const FILES: Record<number, { filename: string | null; contentType: string; body: string }> = {
  1: { filename: 'photo.png', contentType: 'image/png', body: 'png-bytes' },
  2: { filename: 'report.pdf', contentType: 'application/pdf; name="report.pdf"', body: '%PDF-1.4' },
  3: { filename: 'notes.txt', contentType: 'text/plain; charset=ISO-8859-1', body: 'caf\xe9' },
  4: { filename: 'setup.exe', contentType: 'application/x-msdownload', body: 'MZ' },
  5: { filename: 'logo.svg', contentType: 'image/svg+xml', body: '<svg onload="alert(1)"/>' },
  6: { filename: 'page.html', contentType: 'text/html', body: '<script>alert(1)</script>' },
  7: { filename: 'scan.pdf', contentType: 'application/octet-stream', body: '%PDF-1.4' },
};

function fakeEngine(): MailEngine & { streams: Map<number, Readable> } {
  const streams = new Map<number, Readable>();
  return {
    streams,
    attachment: async (messageId, attachmentId): Promise<PartContent | null> => {
      const f = FILES[attachmentId];
      if (messageId !== 9 || !f) return null;
      const stream = Readable.from([Buffer.from(f.body, 'latin1')]);
      streams.set(attachmentId, stream);
      return { filename: f.filename, contentType: f.contentType, size: f.body.length, stream };
    },
    inlinePart: async () => null,
    messageFiles: async (messageId): Promise<MessageFiles | null> =>
      messageId === 9
        ? {
            subject: 'Quarterly: report/2026',
            date: 0,
            files: [1, 2, 3].map((id) => ({ id, filename: FILES[id]?.filename ?? null, contentType: '', size: 1 })),
          }
        : null,
  };
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

describe('the preview route', () => {
  it('serves images, PDFs and text under their kind’s own type, inline, sandboxed, never sniffed', async () => {
    const engine = fakeEngine();
    const expected: Record<number, string> = {
      1: 'image/png',
      2: 'application/pdf',
      3: 'text/plain; charset=iso-8859-1',
      5: 'text/plain; charset=utf-8',
      6: 'text/plain; charset=utf-8',
      7: 'application/pdf',
    };
    for (const [id, type] of Object.entries(expected)) {
      const answer = await mailPart(engine, { kind: 'preview', messageId: 9, attachmentId: Number(id) });
      if (answer.kind !== 'part') throw new Error(`no preview of ${id}`);
      expect(answer.headers, id).toEqual({
        'Content-Type': type,
        'Content-Disposition': expect.stringMatching(/^inline; filename="/) as unknown as string,
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'self'; sandbox",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      expect(await text(answer.stream)).toBe(FILES[Number(id)]?.body);
    }
  });

  it('refuses what it does not preview (415) and closes its stream; 404 for what does not exist', async () => {
    const engine = fakeEngine();
    expect(await mailPart(engine, { kind: 'preview', messageId: 9, attachmentId: 4 })).toEqual({ kind: 'not-an-image' });
    expect(engine.streams.get(4)?.destroyed).toBe(true);
    expect(await mailPart(engine, { kind: 'preview', messageId: 9, attachmentId: 99 })).toEqual({ kind: 'not-found' });
    expect(await mailPart(engine, { kind: 'preview', messageId: 8, attachmentId: 1 })).toEqual({ kind: 'not-found' });
  });

  it('a download stays a download: the attachment route is unchanged by the preview', async () => {
    const answer = await mailPart(fakeEngine(), { kind: 'attachment', messageId: 9, attachmentId: 2 });
    if (answer.kind !== 'part') throw new Error('no attachment');
    expect(answer.headers['Content-Type']).toBe('application/octet-stream');
    expect(answer.headers['Content-Disposition']).toMatch(/^attachment; /);
    expect(answer.headers['Content-Security-Policy']).toBe("default-src 'none'; sandbox");
    expect(answer.headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('the archive route', () => {
  it('one .zip download named after the subject, with the sandbox and nosniff of every mail part', async () => {
    const answer = await mailPart(fakeEngine(), { kind: 'archive', messageId: 9 });
    if (answer.kind !== 'part') throw new Error('no archive');
    expect(answer.headers).toMatchObject({
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="Quarterly_ report_2026.zip"; filename*=UTF-8''Quarterly_%20report_2026.zip`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    const bytes = Buffer.from(await text(answer.stream), 'latin1');
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    for (const name of ['photo.png', 'report.pdf', 'notes.txt']) expect(bytes.includes(Buffer.from(name))).toBe(true);
    expect(await mailPart(fakeEngine(), { kind: 'archive', messageId: 8 })).toEqual({ kind: 'not-found' });
  });
});

describe('previewOf', () => {
  it('raster images, PDF and text; SVG as text with its reason; the extension only for octet-stream', () => {
    expect(previewOf('IMAGE/JPEG', 'a.jpg')?.kind).toBe('image');
    expect(previewOf('image/svg+xml', 'a.svg')).toEqual({
      kind: 'text',
      contentType: 'text/plain; charset=utf-8',
      note: 'SVG images are shown as text: they can carry script.',
    });
    expect(previewOf('text/plain; charset="utf-8\r\nX: y"', 'a.txt')?.contentType).toBe('text/plain; charset=utf-8');
    expect(previewOf('application/octet-stream', 'photo.PNG')?.kind).toBe('image');
    expect(previewOf('application/x-msdownload', 'photo.png')).toBeNull();
    expect(previewOf('application/octet-stream', 'setup.exe')).toBeNull();
    expect(previewOf('image/tiff', 'scan.tif')).toBeNull();
  });
});
