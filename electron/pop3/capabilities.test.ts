import { describe, expect, it } from 'vitest';
import { NO_CAPABILITIES, parseCapa } from './capabilities.ts';
import { serverLines } from './fixtures/transcript-fixture.ts';

/** The capability lines of the n-th CAPA response in a fixture (between "+OK" and "."). */
function capaLines(fixture: string, nth = 0): string[] {
  const lines = serverLines(fixture);
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'CAPA' || (lines[i]?.startsWith('+OK Capability') ?? false)) {
      // Dovecot lists CAPA itself first; RFC 2449's example starts after the +OK text.
      const start = lines[i] === 'CAPA' ? i : i + 1;
      if (++seen < nth) continue;
      const end = lines.indexOf('.', start);
      return lines.slice(start, end);
    }
  }
  throw new Error('no CAPA in fixture');
}

describe('parseCapa', () => {
  it('reads Dovecot 2.3’s reply before login', () => {
    const caps = parseCapa(capaLines('dovecot-2.3-session.txt', 0));
    expect(caps).toEqual({
      known: true,
      top: true,
      uidl: true,
      user: true,
      sasl: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
      stls: true,
      pipelining: true,
      respCodes: true,
      authRespCode: true,
      loginDelaySeconds: null,
      loginDelayPerUser: false,
      expireDays: null,
      expirePerUser: false,
      implementation: null,
      raw: ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'STLS', 'USER', 'SASL PLAIN LOGIN CRAM-MD5'],
    });
  });

  it('reads Dovecot 2.3’s reply after login, which drops STLS, USER and SASL', () => {
    const caps = parseCapa(capaLines('dovecot-2.3-session.txt', 1));
    expect(caps.stls).toBe(false);
    expect(caps.user).toBe(false);
    expect(caps.sasl).toEqual([]);
    expect(caps.pipelining).toBe(true);
    expect(caps.uidl).toBe(true);
  });

  it('reads the example of RFC 2449 §5', () => {
    const caps = parseCapa(capaLines('rfc2449-capa.txt'));
    expect(caps).toMatchObject({
      top: true,
      user: true,
      sasl: ['CRAM-MD5', 'KERBEROS_V4'],
      respCodes: true,
      loginDelaySeconds: 900,
      loginDelayPerUser: false,
      pipelining: true,
      expireDays: 60,
      expirePerUser: false,
      uidl: true,
      implementation: 'Shlemazle-Plotz-v302',
      stls: false,
      authRespCode: false,
    });
  });

  it('reads the per-user forms of LOGIN-DELAY and EXPIRE, and EXPIRE NEVER (RFC 2449 §6.5, §6.7)', () => {
    expect(parseCapa(['LOGIN-DELAY 900 USER', 'EXPIRE NEVER USER'])).toMatchObject({
      loginDelaySeconds: 900,
      loginDelayPerUser: true,
      expireDays: 'never',
      expirePerUser: true,
    });
    expect(parseCapa(['EXPIRE 0'])).toMatchObject({ expireDays: 0 });
  });

  it('is lenient: case, spacing, repeats, junk', () => {
    const caps = parseCapa([
      '  sasl  plain   login ',
      'SASL PLAIN',
      'uidl',
      '',
      'LOGIN-DELAY soon',
      'EXPIRE',
      'X-WEIRD ☃',
      'IMPLEMENTATION   Big Mail  Server 2 ',
    ]);
    expect(caps.sasl).toEqual(['PLAIN', 'LOGIN']);
    expect(caps.uidl).toBe(true);
    expect(caps.loginDelaySeconds).toBeNull();
    expect(caps.expireDays).toBeNull();
    expect(caps.implementation).toBe('Big Mail  Server 2');
    expect(caps.raw).toHaveLength(8);
  });

  it('has a value for servers without CAPA', () => {
    expect(NO_CAPABILITIES.known).toBe(false);
    expect(NO_CAPABILITIES.sasl).toEqual([]);
  });
});
