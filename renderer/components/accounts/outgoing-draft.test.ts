// The outgoing part of the account forms, as typed → what the engine is sent: "auto" is saved
// only as what a test found, "same password" sends none, and problems are the engine's words.
import { describe, expect, it } from 'vitest';
import { account } from '../../store/test-data.ts';
import { emptyOutgoing, outgoingInput, outgoingOf, outgoingProblems, outgoingTestable, type OutgoingDraft } from './outgoing-draft.ts';

const typed = (over: Partial<OutgoingDraft> = {}): OutgoingDraft => ({
  ...emptyOutgoing(),
  enabled: true,
  host: 'smtp.example.org',
  user: 'ann',
  fromAddress: 'ann@example.org',
  ...over,
});

describe('the outgoing draft', () => {
  it('turned off sends no outgoing server and no identity', () => {
    expect(outgoingInput(emptyOutgoing())).toEqual({ smtp: null, identity: null });
  });

  it('with automatic security needs a test first, then saves what the test found', () => {
    expect(outgoingInput(typed())).toEqual({ problem: 'Test the outgoing server first, or choose its security and port yourself.' });
    expect(outgoingInput(typed({ tested: { security: 'starttls', port: 587 } }))).toEqual({
      smtp: { host: 'smtp.example.org', port: 587, security: 'starttls', user: 'ann', samePassword: true, fingerprint: null },
      identity: { fromName: '', fromAddress: 'ann@example.org', replyTo: null, signature: '' },
    });
  });

  it('chosen by hand: the usual port, an own password sent beside it, and no pin without TLS', () => {
    const own = outgoingInput(typed({ security: 'tls', samePassword: false, password: 'pw', fingerprint: 'AB'.repeat(32) }));
    expect(own).toMatchObject({
      smtp: { port: 465, security: 'tls', samePassword: false, fingerprint: 'AB'.repeat(32) },
      smtpPassword: 'pw',
    });
    const plain = outgoingInput(typed({ security: 'none', port: '2525', fingerprint: 'AB'.repeat(32), login: false }));
    expect(plain).toMatchObject({ smtp: { port: 2525, security: 'none', user: null, samePassword: true, fingerprint: null } });
    expect(plain).not.toHaveProperty('smtpPassword');
  });

  it('says what is wrong in the engine’s words, and is not testable until it is right', () => {
    expect(outgoingProblems(typed({ host: 'smtp example', fromAddress: 'ann', replyTo: 'x@' }))).toEqual({
      host: "The outgoing server must be a server name or an IP address, not 'smtp example'.",
      fromAddress: "The sender address must be an e-mail address such as ann@example.org, not 'ann'.",
      replyTo: "The reply-to address must be an e-mail address such as ann@example.org, not 'x@'.",
    });
    expect(outgoingProblems(typed({ port: '70000' }))).toEqual({ port: 'The outgoing port must be at most 65535.' });
    expect(outgoingTestable(typed({ port: '70000' }), true)).toBe(false);
    expect(outgoingTestable(typed({ samePassword: false }), false)).toBe(false);
    expect(outgoingTestable(typed({ samePassword: false }), true)).toBe(true);
    expect(outgoingInput(typed({ fromAddress: '' }))).toEqual({ problem: 'Type the address your mail is sent from.' });
  });

  it('starts from what an account has, or from its login', () => {
    expect(outgoingOf(account(1, { user: 'ann@example.org' }))).toMatchObject({
      enabled: false,
      user: 'ann@example.org',
      fromAddress: 'ann@example.org',
    });
    const saved = outgoingOf(
      account(1, {
        smtp: {
          host: 'smtp.example.org',
          port: 587,
          security: 'starttls',
          user: null,
          samePassword: true,
          fingerprint: null,
          oauth2: false,
        },
        identity: { fromName: 'Ann', fromAddress: 'ann@example.org', replyTo: 'r@example.org', signature: 'A' },
      }),
    );
    expect(saved).toMatchObject({
      enabled: true,
      port: '587',
      security: 'starttls',
      login: false,
      fromName: 'Ann',
      replyTo: 'r@example.org',
    });
  });
});
