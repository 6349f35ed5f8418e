import { describe, expect, it } from 'vitest';
import { normaliseFingerprint, tlsOptions } from './peer-trust.ts';

describe('tlsOptions', () => {
  it('names an internationalised server by its punycode form, for SNI and the certificate check (RFC 5891, RFC 6066 §3)', () => {
    const options = tlsOptions('pop.bücher.example', {});
    expect(options.host).toBe('pop.xn--bcher-kva.example');
    expect(options.servername).toBe('pop.xn--bcher-kva.example');
  });

  it('sends no SNI for an IP address, which RFC 6066 §3 forbids there', () => {
    expect(tlsOptions('127.0.0.1', {}).servername).toBeUndefined();
    expect(tlsOptions('[::1]', {}).servername).toBeUndefined();
    expect(tlsOptions('[::1]', {}).host).toBe('::1');
  });

  it('keeps TLS 1.2 as the floor', () => {
    expect(tlsOptions('pop.example.com', {}).minVersion).toBe('TLSv1.2');
  });
});

describe('normaliseFingerprint', () => {
  it('compares fingerprints however they were typed', () => {
    expect(normaliseFingerprint('aa:bb cc')).toBe('AABBCC');
  });
});
