import { describe, expect, it } from 'vitest';
import { contentDisposition } from './mail-part.ts';

describe('contentDisposition', () => {
  it('always a download, with a plain fallback name and the real one encoded (RFC 6266)', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('Überweisung "März".pdf')).toBe(
      `attachment; filename="_berweisung _M_rz_.pdf"; filename*=UTF-8''%C3%9Cberweisung%20%22M%C3%A4rz%22.pdf`,
    );
    expect(contentDisposition('../../etc/passwd')).toBe(`attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`);
    expect(contentDisposition('a\r\nSet-Cookie: x')).toBe(`attachment; filename="aSet-Cookie: x"; filename*=UTF-8''aSet-Cookie%3A%20x`);
    expect(contentDisposition(null)).toBe(`attachment; filename="attachment"; filename*=UTF-8''attachment`);
  });
});
