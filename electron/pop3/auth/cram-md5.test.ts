import { describe, expect, it } from 'vitest';
import type { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { readFixture } from '../fixtures/transcript-fixture.ts';
import { Secret } from '../../secrets/secret.ts';
import { cramMd5Exchange, cramMd5Response } from './cram-md5.ts';

describe('CRAM-MD5', () => {
  it('computes RFC 2195’s example', () => {
    expect(cramMd5Response('tim', new Secret('tanstaaftanstaaf'), '<1896.697170952@postoffice.reston.mci.net>')).toBe(
      'tim b913a602c7eda7a495b4e6e7334d3890',
    );
  });

  it('runs RFC 2195’s exchange on the wire', () => {
    const run = driveAuth(cramMd5Exchange('tim', new Secret('tanstaaftanstaaf')), [
      '+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+',
      '+OK',
    ]);
    expect(run.wire).toEqual(['AUTH CRAM-MD5', 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw']);
    expect(run.transcript).toEqual(['AUTH CRAM-MD5', '[redacted]']);
  });

  it('answers Dovecot’s recorded challenge as Dovecot accepted it', () => {
    const fixture = readFixture('dovecot-2.3-sasl.txt');
    const start = fixture.findIndex((l) => l.line === 'AUTH CRAM-MD5');
    const [, challenge, answer, ok] = fixture.slice(start, start + 4);
    const run = driveAuth(cramMd5Exchange('alice', new Secret('secret')), [challenge?.line ?? '', ok?.line ?? '']);
    expect(run.wire[1]).toBe(answer?.line);
  });

  it('cancels on an empty challenge or a second one', () => {
    expect((driveAuth(cramMd5Exchange('a', new Secret('b')), ['+ ', '-ERR']).outcome as Pop3Error).code).toBe('protocol');
    const twice = driveAuth(cramMd5Exchange('a', new Secret('b')), ['+ PDE+', '+ PDE+', '-ERR']);
    expect(twice.wire.at(-1)).toBe('*');
  });
});
