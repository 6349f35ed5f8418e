import { describe, expect, it } from 'vitest';
import type { AccountSettings } from './account.ts';
import { accountFields, accountProblems, SETTING_NAMES, settingProblem, settingsConflict } from './account-rules.ts';
import { ACCOUNT } from './fixtures/account-settings.ts';

const good: AccountSettings = { ...ACCOUNT, name: 'Home mail', user: 'ann@example.com' };

describe('account rules', () => {
  it('take good settings, IPv6 and IPv4 addresses, a CA file path and a fractional interval', () => {
    expect(accountProblems(good)).toEqual([]);
    for (const host of ['::1', '[2001:db8::1]', '192.0.2.7', 'xn--bcher-kva.example'])
      expect(accountProblems({ ...good, host })).toEqual([]);
    expect(accountProblems({ ...good, caFile: '/etc/ssl/private-ca.pem' })).toEqual([]);
    expect(accountProblems({ ...good, caFile: 'C:\\certs\\ca.pem' })).toEqual([]);
    expect(accountProblems({ ...good, intervalMinutes: 2.5 })).toEqual([]);
    expect(accountProblems({ ...good, fingerprint: 'ab:'.repeat(31) + 'ab' })).toEqual([]);
    expect(accountProblems({ ...good, passwordSource: { kind: 'env', variable: 'POP_PW' } })).toEqual([]);
  });

  it('check one setting as a form does: the same words accountProblems gives for it, or null', () => {
    expect(settingProblem('host', 'pop.example.com')).toBeNull();
    expect(settingProblem('host', 'host:995')).toBe("the server must be a server name or an IP address, not 'host:995'");
    expect(settingProblem('port', 70_000)).toBe('the port must be at most 65535');
    expect(settingProblem('name', '-x')).toBe(accountProblems({ ...good, name: '-x' })[0]);
    expect(settingProblem('maxSizeBytes', 1023)).toBe('the size limit must be at least 1024 bytes');
    expect(settingProblem('maxSizeBytes', null)).toBeNull();
  });

  it('say every problem at once, each of its setting', () => {
    expect(accountProblems({ ...good, port: 0, user: '', intervalMinutes: 0, maxSizeBytes: 10 })).toEqual([
      'the port must be at least 1',
      'the user name must not be empty or contain line breaks',
      'the check interval must be at least 1 minute',
      'the size limit must be at least 1024 bytes',
    ]);
  });

  it('refuse a relative CA file, line breaks in a user name, an unknown retention and an empty password command', () => {
    expect(accountProblems({ ...good, caFile: 'ca.pem' })).toEqual(['the CA file must be the full path of a PEM file']);
    expect(accountProblems({ ...good, user: 'ann\r\nDELE 1' })).toEqual(['the user name must not be empty or contain line breaks']);
    expect(accountProblems({ ...good, retention: { kind: 'forever' } as unknown as AccountSettings['retention'] })).toEqual([
      'what stays on the server must be one of leave, delete-after-download, delete-after-days',
    ]);
    expect(accountProblems({ ...good, passwordSource: { kind: 'command', command: '' } })).toEqual([
      'the password command must be at least 1 characters',
    ]);
  });

  it('tie a CA file or a pinned certificate to TLS', () => {
    expect(settingsConflict({ security: 'none', caFile: '/ca.pem', fingerprint: null })).toBe(
      'a CA file or a pinned certificate needs TLS or STARTTLS',
    );
    expect(settingsConflict({ security: 'starttls', caFile: '/ca.pem', fingerprint: null })).toBeNull();
  });

  it('name the setting as the caller asks: a command-line option, for instance', () => {
    const options = accountFields({ ...SETTING_NAMES, security: '--security' });
    expect(options.security.check('ssl', 'argument 1.security')).toEqual({
      ok: false,
      problem: '--security must be one of tls, starttls, none',
    });
    expect(accountFields().security.check('ssl', 'argument 1.security')).toEqual({
      ok: false,
      problem: 'security must be one of tls, starttls, none',
    });
  });
});
