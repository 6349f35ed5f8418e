// The rules of the outgoing server and the identity (account-rules.ts): addresses, "Name <address>",
// and the words a person reads when something is wrong.
import { describe, expect, it } from 'vitest';
import type { AccountSettings, OutgoingServer } from './account.ts';
import { accountProblems, formatNameAddress, isEmailAddress, parseNameAddress } from './account-rules.ts';
import { ACCOUNT } from './fixtures/account-settings.ts';

const base: AccountSettings = { ...ACCOUNT, name: 'Home mail' };
const smtp: OutgoingServer = {
  host: 'smtp.example.com',
  port: 465,
  security: 'tls',
  user: null,
  passwordSource: { kind: 'incoming' },
  caFile: null,
  fingerprint: null,
};

describe('addresses', () => {
  it.each([
    ['ann@example.com', true],
    ['ann.b+tag@sub.example.org', true],
    ["o'brien@example.ie", true],
    ['josé@exemple.fr', true],
    ['ann@bücher.example', true],
    ['ann@[192.0.2.7]', true],
    ['ann@localhost', true],
    ['ann', false],
    ['@example.com', false],
    ['ann@', false],
    ['ann at example.com', false],
    ['ann..b@example.com', false],
    ['.ann@example.com', false],
    ['ann@exa mple.com', false],
    ['a@b@example.com', false],
    [`${'a'.repeat(65)}@example.com`, false],
    ['ann@example.com\r\nBcc: x@y.z', false],
  ])('%s is an address: %s', (text, expected) => {
    expect(isEmailAddress(text)).toBe(expected);
  });

  it('reads "Name <address>", a quoted name and a bare address, and writes them back', () => {
    expect(parseNameAddress('Ann Example <ann@example.com>')).toEqual({ name: 'Ann Example', address: 'ann@example.com' });
    expect(parseNameAddress('"Example, Ann" <ann@example.com>')).toEqual({ name: 'Example, Ann', address: 'ann@example.com' });
    expect(parseNameAddress('  ann@example.com ')).toEqual({ name: '', address: 'ann@example.com' });
    expect(parseNameAddress('Zoë Ñandú <zoe@example.es>')).toEqual({ name: 'Zoë Ñandú', address: 'zoe@example.es' });
    expect(parseNameAddress('Ann <not an address>')).toBeNull();
    expect(parseNameAddress('Ann <a@example.com>, Bob <b@example.com>')).toBeNull();
    expect(formatNameAddress('Ann Example', 'ann@example.com')).toBe('Ann Example <ann@example.com>');
    expect(formatNameAddress('Example, Ann', 'ann@example.com')).toBe('"Example, Ann" <ann@example.com>');
    expect(formatNameAddress('', 'ann@example.com')).toBe('ann@example.com');
    expect(parseNameAddress(formatNameAddress('Example, Ann', 'ann@example.com'))?.name).toBe('Example, Ann');
  });
});

describe('outgoing server and identity rules', () => {
  it('take good ones, and settings without either', () => {
    expect(accountProblems(base)).toEqual([]);
    expect(accountProblems({ ...base, smtp: null, identity: null })).toEqual([]);
    expect(
      accountProblems({
        ...base,
        smtp: { ...smtp, user: 'ann@example.com', passwordSource: { kind: 'command', command: 'pass show smtp' } },
        identity: { fromName: '', fromAddress: 'ann@example.com', replyTo: 'team@example.com', signature: '-- \nAnn\n' },
      }),
    ).toEqual([]);
  });

  it('say what is wrong in words, of the outgoing server', () => {
    expect(accountProblems({ ...base, smtp: { ...smtp, host: 'smtp example' } })).toEqual([
      "the outgoing server must be a server name or an IP address, not 'smtp example'",
    ]);
    expect(accountProblems({ ...base, smtp: { ...smtp, port: 0 } })).toEqual(['the outgoing port must be at least 1']);
    expect(accountProblems({ ...base, smtp: { ...smtp, security: 'ssl' as never } })).toEqual([
      'the outgoing security must be one of tls, starttls, none',
    ]);
    expect(accountProblems({ ...base, smtp: { ...smtp, passwordSource: { kind: 'nope' } as never } })).toEqual([
      'the outgoing password source must be one of incoming, env, command, file, prompt, keychain',
    ]);
    expect(accountProblems({ ...base, smtp: { ...smtp, security: 'none', caFile: '/etc/ca.pem' } })).toEqual([
      "the outgoing server's CA file or pinned certificate needs TLS or STARTTLS",
    ]);
  });

  it('take an OAuth 2 login only with a user and a token command or variable', () => {
    const oauth = { ...smtp, user: 'ann@example.com', login: 'xoauth2' as const };
    expect(accountProblems({ ...base, smtp: { ...oauth, passwordSource: { kind: 'command', command: 'get-token' } } })).toEqual([]);
    expect(accountProblems({ ...base, smtp: { ...oauth, passwordSource: { kind: 'env', variable: 'TOKEN' } } })).toEqual([]);
    expect(accountProblems({ ...base, smtp: { ...oauth, passwordSource: { kind: 'incoming' } } })).toEqual([
      'an OAuth 2 login reads its access token from a command or a variable (a token expires within the hour)',
    ]);
    expect(accountProblems({ ...base, smtp: { ...oauth, user: null, passwordSource: { kind: 'env', variable: 'T' } } })).toEqual([
      'an OAuth 2 login needs the outgoing user name',
    ]);
    expect(accountProblems({ ...base, smtp: { ...oauth, login: 'oauth' as never } })[0]).toMatch(/^the outgoing login must be one of/);
  });

  it('say what is wrong with an identity', () => {
    const identity = { fromName: 'Ann', fromAddress: 'ann@example.com', replyTo: null, signature: '' };
    expect(accountProblems({ ...base, identity: { ...identity, fromAddress: 'ann' } })).toEqual([
      "the sender address must be an e-mail address such as ann@example.org, not 'ann'",
    ]);
    expect(accountProblems({ ...base, identity: { ...identity, replyTo: 'x' } })).toEqual([
      "the reply-to address must be an e-mail address such as ann@example.org, not 'x'",
    ]);
    expect(accountProblems({ ...base, identity: { ...identity, fromName: 'Ann\nBcc: x@y.z' } })).toEqual([
      'the sender name must be one line',
    ]);
    expect(accountProblems({ ...base, identity: { ...identity, signature: 'x'.repeat(4001) } })).toHaveLength(1);
  });
});
