import { describe, expect, it } from 'vitest';
import { Pop3Error } from '../errors.ts';
import { renderForTranscript } from '../transcript.ts';
import { Secret } from '../../secrets/secret.ts';
import type { AuthMethod } from './exchange.ts';
import { startAuth } from './start.ts';

const password = { kind: 'password', user: 'alice', password: new Secret('hunter2') } as const;
const token = { kind: 'oauth2', user: 'alice', token: new Secret('tok') } as const;

describe('startAuth', () => {
  it('builds each method’s first command', () => {
    const first = (m: AuthMethod, ts: string | null = null): string[] =>
      startAuth(m, m === 'xoauth2' ? token : password, ts).commands.map((c) => renderForTranscript(c.line));
    expect(first('plain')).toEqual(['AUTH PLAIN [redacted]']);
    expect(first('login')).toEqual(['AUTH LOGIN']);
    expect(first('cram-md5')).toEqual(['AUTH CRAM-MD5']);
    expect(first('xoauth2')).toEqual(['AUTH XOAUTH2 [redacted]']);
    expect(first('user')).toEqual(['USER alice', 'PASS [redacted]']);
    expect(first('apop', '<1@x>')).toEqual(['APOP alice [redacted]']);
  });

  it('refuses APOP without a timestamp and mismatched credentials', () => {
    expect(() => startAuth('apop', password, null)).toThrow(Pop3Error);
    expect(() => startAuth('plain', token, null)).toThrow(/needs a password/);
    expect(() => startAuth('xoauth2', password, null)).toThrow(/needs a token/);
  });
});
