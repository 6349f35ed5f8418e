// outgoingFromWindow: what the account form's outgoing part becomes when stored, in particular
// that an OAuth 2 login set up on the command line survives a save in the window that leaves
// its token source alone, and gives way to a password typed there.
import { describe, expect, it } from 'vitest';
import type { OutgoingServer } from '../../shared/account.ts';
import { outgoingFromWindow } from './accounts-smtp.ts';

const oauth: OutgoingServer = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  user: 'ann@example.com',
  passwordSource: { kind: 'command', command: 'get-token ann' },
  caFile: null,
  fingerprint: null,
  login: 'xoauth2',
};
const form = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls' as const,
  user: 'ann@example.com',
  samePassword: false,
  fingerprint: null,
};

describe('the outgoing server saved from the window', () => {
  it('keeps an OAuth 2 login and its token command when the form leaves the password alone', () => {
    expect(outgoingFromWindow({ ...form, port: 465, security: 'tls' }, oauth, undefined, { kind: 'keychain' })).toEqual({
      ...oauth,
      port: 465,
      security: 'tls',
    });
  });

  it('makes it a password login when a password is typed, or "same as incoming" is chosen', () => {
    const typed = outgoingFromWindow(form, oauth, 'secret', { kind: 'keychain' });
    const { samePassword: _same, ...server } = form;
    expect(typed).toStrictEqual({ ...server, passwordSource: { kind: 'keychain' }, caFile: null });
    const same = outgoingFromWindow({ ...form, samePassword: true }, oauth, undefined, { kind: 'keychain' });
    expect(same?.passwordSource).toEqual({ kind: 'incoming' });
    expect(same?.login).toBeUndefined();
  });
});
