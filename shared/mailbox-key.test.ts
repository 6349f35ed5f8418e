import { describe, expect, it } from 'vitest';
import { mailboxHost, mailboxKey, mailboxPort } from './mailbox-key.ts';

describe('mailboxKey', () => {
  it('is host:port:user with the host normalised and the user exactly as typed', () => {
    expect(mailboxKey('POP.Example.COM', 2110, 'Alice')).toBe('pop.example.com:2110:Alice');
    expect(mailboxKey(' pop.example.com. ', 2110, 'alice')).toBe('pop.example.com:2110:alice');
    expect(mailboxKey('pop.example.com', 2110, 'alice')).not.toBe(mailboxKey('pop.example.com', 2110, 'Alice'));
  });

  it('writes an internationalised name as its punycode', () => {
    expect(mailboxHost('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(mailboxHost('BÜCHER.EXAMPLE.')).toBe('xn--bcher-kva.example');
    expect(mailboxHost('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
    expect(mailboxHost('münchen.de')).toBe('xn--mnchen-3ya.de');
  });

  it('brackets and compresses an IPv6 literal (RFC 5952)', () => {
    expect(mailboxHost('2001:DB8:0:0:0:0:0:1')).toBe('[2001:db8::1]');
    expect(mailboxHost('[2001:db8::1]')).toBe('[2001:db8::1]');
    expect(mailboxHost('[2001:0db8:0000::0001]')).toBe('[2001:db8::1]');
  });

  it('takes localhost, 127.0.0.1 and ::1 for one host, and no other loopback address', () => {
    for (const h of ['localhost', 'LocalHost.', '127.0.0.1', '::1', '[::1]', '[0:0:0:0:0:0:0:1]', '::ffff:127.0.0.1'])
      expect(mailboxHost(h)).toBe('localhost');
    expect(mailboxHost('127.0.0.2')).toBe('127.0.0.2');
    expect(mailboxHost('127.0.1.1')).toBe('127.0.1.1');
    expect(mailboxHost('localhost.localdomain')).toBe('localhost.localdomain');
  });

  it('takes ports 110 and 995 for one mailbox, and keeps other ports apart', () => {
    expect(mailboxKey('pop.example.com', 110, 'me')).toBe(mailboxKey('POP.example.com.', 995, 'me'));
    expect(mailboxKey('pop.example.com', 110, 'me')).toBe('pop.example.com:pop3:me');
    expect(mailboxKey('127.0.0.1', 110, 'me')).toBe(mailboxKey('localhost', 995, 'me'));
    expect(mailboxPort(1110)).toBe('1110');
    expect(mailboxKey('pop.example.com', 110, 'me')).not.toBe(mailboxKey('pop.example.com', 1995, 'me'));
    expect(mailboxKey('pop.example.com', 2110, 'me')).not.toBe(mailboxKey('pop.example.com', 2995, 'me'));
  });

  it('keeps what is not a host as lower-cased text instead of reading a host out of it', () => {
    expect(mailboxHost('me@other.example')).toBe('me@other.example');
    expect(mailboxHost('a b')).toBe('a b');
    expect(mailboxHost('host:110')).toBe('[host:110]');
    expect(mailboxHost('ex%41mple.com')).toBe('ex%41mple.com');
  });

  it('refuses a port that is not one', () => {
    expect(() => mailboxKey('h', 0, 'a')).toThrow(RangeError);
    expect(() => mailboxKey('h', 65536, 'a')).toThrow(RangeError);
    expect(() => mailboxKey('h', 1.5, 'a')).toThrow(RangeError);
  });
});
