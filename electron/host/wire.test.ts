import { describe, expect, it } from 'vitest';
import { contentDisposition, mailRoute } from './mail-routes.ts';
import { checkToken, sameToken } from './guards.ts';
import { resolveStatic } from './static-files.ts';
import { CLOSE, parseRequest } from './wire.ts';

describe('parseRequest', () => {
  it('takes an object with a whole-number id; channel and args are the engine’s to check', () => {
    expect(parseRequest('{"id":3,"channel":"accounts.list","args":[]}')).toEqual({ ok: true, request: { id: 3, channel: 'accounts.list', args: [] } });
    expect(parseRequest('{"id":0,"channel":7}')).toEqual({ ok: true, request: { id: 0, channel: 7, args: undefined } });
  });

  it.each([
    ['not json', CLOSE.invalidPayload],
    ['[1,2]', CLOSE.policyViolation],
    ['null', CLOSE.policyViolation],
    ['{"id":"1","channel":"x","args":[]}', CLOSE.policyViolation],
    ['{"id":1.5,"channel":"x","args":[]}', CLOSE.policyViolation],
    ['{"id":-1,"channel":"x","args":[]}', CLOSE.policyViolation],
  ])('%s cannot be answered (close %i)', (text, code) => {
    expect(parseRequest(text)).toMatchObject({ ok: false, code });
  });
});

describe('tokens', () => {
  it('compares whole tokens only', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
    expect(checkToken(new URL('http://x/ws'), 'abc')).toBe('missing');
    expect(checkToken(new URL('http://x/ws?token=abd'), 'abc')).toBe('wrong');
    expect(checkToken(new URL('http://x/ws?token=abc'), 'abc')).toBe('ok');
  });
});

describe('mailRoute', () => {
  it('reads the two mail routes and refuses broken ones', () => {
    expect(mailRoute('/attachments/12/34')).toEqual({ kind: 'attachment', messageId: 12, attachmentId: 34 });
    expect(mailRoute('/parts/12/logo%40example.com')).toEqual({ kind: 'part', messageId: 12, contentId: 'logo@example.com' });
    expect(mailRoute('/index.html')).toBeNull();
    for (const p of ['/attachments/0/1', '/attachments/1', '/attachments/1/2/3', '/attachments/x/1', '/parts/1/', '/parts/1/%zz', '/attachments/99999999999999999/1']) {
      expect(mailRoute(p), p).toBe('malformed');
    }
  });
});

describe('contentDisposition', () => {
  it('always a download, with a plain fallback name and the real one encoded (RFC 6266)', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('Überweisung "März".pdf')).toBe(`attachment; filename="_berweisung _M_rz_.pdf"; filename*=UTF-8''%C3%9Cberweisung%20%22M%C3%A4rz%22.pdf`);
    expect(contentDisposition('../../etc/passwd')).toBe(`attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`);
    expect(contentDisposition('a\r\nSet-Cookie: x')).toBe(`attachment; filename="aSet-Cookie: x"; filename*=UTF-8''aSet-Cookie%3A%20x`);
    expect(contentDisposition(null)).toBe(`attachment; filename="attachment"; filename*=UTF-8''attachment`);
  });
});

describe('resolveStatic', () => {
  it('stays inside the folder', () => {
    expect(resolveStatic('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStatic('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    for (const p of ['/..', '/../x', '/%2e%2e/x', '/a/%2e%2e/%2e%2e/x', '/a%00b', '/a%5c..%5cx', '/%zz']) expect(resolveStatic('/srv/r', p), p).toBeNull();
  });
});
