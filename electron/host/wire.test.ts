import { describe, expect, it } from 'vitest';
import { checkToken, sameToken } from './guards.ts';
import { resolveStatic } from './static-files.ts';
import { CLOSE, parseRequest } from './wire.ts';

describe('parseRequest', () => {
  it('takes an object with a whole-number id; channel and args are the engine’s to check', () => {
    expect(parseRequest('{"id":3,"channel":"accounts.list","args":[]}')).toEqual({
      ok: true,
      request: { id: 3, channel: 'accounts.list', args: [] },
    });
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

describe('resolveStatic', () => {
  it('stays inside the folder', () => {
    expect(resolveStatic('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStatic('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    for (const p of ['/..', '/../x', '/%2e%2e/x', '/a/%2e%2e/%2e%2e/x', '/a%00b', '/a%5c..%5cx', '/%zz'])
      expect(resolveStatic('/srv/r', p), p).toBeNull();
  });
});
