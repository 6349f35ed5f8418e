import { describe, expect, it } from 'vitest';
import { asciiHostName, parseUrlHost } from './host-name.ts';
import { mailboxKey } from './mailbox-key.ts';
import { accountProblems } from './account-rules.ts';
import type { AccountSettings } from './account.ts';
import { ACCOUNT } from './fixtures/account-settings.ts';

describe('asciiHostName', () => {
  it('leaves ASCII names and IPv4 addresses as typed', () => {
    for (const host of ['pop.example.com', 'POP.Example.COM', '192.0.2.7', 'xn--bcher-kva.example']) expect(asciiHostName(host)).toBe(host);
  });

  it('writes an internationalised name as its punycode A-labels (RFC 5891), as DNS and certificates carry it', () => {
    expect(asciiHostName('pop.bücher.example')).toBe('pop.xn--bcher-kva.example');
    expect(asciiHostName('POP.Bücher.Example')).toBe('pop.xn--bcher-kva.example');
    expect(asciiHostName('почта.рф')).toBe('xn--80a1acny.xn--p1ai');
    expect(asciiHostName('mail.bücher.example.')).toBe('mail.xn--bcher-kva.example');
  });

  it('takes the brackets off an IPv6 literal, as net.connect wants it', () => {
    expect(asciiHostName('[2001:db8::1]')).toBe('2001:db8::1');
    expect(asciiHostName('::1')).toBe('::1');
  });

  it('refuses what cannot be a host name', () => {
    for (const host of ['bü cher.example', 'user@bücher.example', 'bücher.example/x', 'bü%cher']) expect(asciiHostName(host)).toBeNull();
  });

  it('parseUrlHost refuses anything that could be read as more than a host', () => {
    expect(parseUrlHost('a@b')).toBeNull();
    expect(parseUrlHost('a b')).toBeNull();
    expect(parseUrlHost('Example.COM')).toBe('example.com');
  });
});

describe('an IDN server in the account settings', () => {
  const good: AccountSettings = { ...ACCOUNT, name: 'Books', host: 'pop.bücher.example', user: 'ana', trashDays: 30 };

  it('is accepted as typed, and is one mailbox with its punycode spelling', () => {
    expect(accountProblems(good)).toEqual([]);
    expect(mailboxKey('pop.bücher.example', 995, 'ana')).toBe(mailboxKey('pop.xn--bcher-kva.example', 110, 'ana'));
  });

  it('is refused, in words, when it cannot be a name', () => {
    expect(accountProblems({ ...good, host: 'pop bücher.example' })).toEqual([
      "the server must be a server name or an IP address, not 'pop bücher.example'",
    ]);
  });
});
