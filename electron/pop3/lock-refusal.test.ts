import { describe, expect, it } from 'vitest';
import { serverLines } from './fixtures/transcript-fixture.ts';
import { classifyAuthRefusal, CONNECTION_LIMIT_WORDINGS, LOCK_WORDINGS, matchLockWording } from './lock-refusal.ts';
import type { AuthStep } from './lock-refusal.ts';
import { parseStatusLine } from './response.ts';

const STEPS: AuthStep[] = ['greeting', 'USER', 'PASS', 'APOP', 'AUTH'];
const refusal = (line: string): { code: string | null; text: string } => parseStatusLine(line);

describe('LOCK_WORDINGS', () => {
  it('names a source for every row', () => {
    expect(LOCK_WORDINGS.length).toBeGreaterThan(0);
    for (const row of LOCK_WORDINGS) {
      expect(row.server.length).toBeGreaterThan(5);
      expect(row.pattern.flags).toContain('i');
    }
  });

  it('classifies every row’s example as a lock at every step, with and without its code', () => {
    for (const row of LOCK_WORDINGS) {
      const withCode = refusal(`-ERR ${row.example}`);
      const bare = { code: null, text: withCode.text };
      for (const step of STEPS) {
        for (const resp of [withCode, bare]) {
          expect(classifyAuthRefusal(resp, step), `${row.server} @ ${step}`).toEqual({ code: 'mailbox-locked', certain: true });
          expect(classifyAuthRefusal(resp, step, { authRespCode: true })).toEqual({ code: 'mailbox-locked', certain: true });
        }
      }
    }
  });

  it('matches regardless of case', () => {
    expect(classifyAuthRefusal({ code: null, text: 'MAILDROP ALREADY LOCKED' }, 'PASS').code).toBe('mailbox-locked');
    expect(matchLockWording('Unable To Lock Maildrop: try later')?.server).toMatch(/RFC 1939/);
  });

  it('recognises qpopper 4’s longer form', () => {
    const line = '-ERR [IN-USE] /var/spool/mail/.alice.pop lock busy!  Is another session active? (11)';
    expect(classifyAuthRefusal({ code: null, text: refusal(line).text }, 'PASS')).toEqual({ code: 'mailbox-locked', certain: true });
  });
});

describe('classifyAuthRefusal', () => {
  it('reads the recorded Dovecot lock refusal as a lock', () => {
    const [, line] = serverLines('dovecot-2.3-lock.txt');
    expect(classifyAuthRefusal(refusal(line ?? ''), 'AUTH')).toEqual({ code: 'mailbox-locked', certain: true });
  });

  it('keeps Dovecot’s connection limit apart from a lock, although it comes as [IN-USE]', () => {
    const [, line] = serverLines('dovecot-2.3-userip-limit.txt');
    expect(refusal(line ?? '').code).toBe('IN-USE');
    for (const step of STEPS) {
      expect(classifyAuthRefusal(refusal(line ?? ''), step)).toEqual({ code: 'too-many-connections', certain: true });
    }
    // Newer pop3-login sources send the same text as [SYS/TEMP]; and a proxy may drop the code.
    const text = 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)';
    expect(classifyAuthRefusal({ code: 'SYS/TEMP', text }, 'PASS').code).toBe('too-many-connections');
    expect(classifyAuthRefusal({ code: null, text }, 'PASS').code).toBe('too-many-connections');
    expect(CONNECTION_LIMIT_WORDINGS.every((w) => !LOCK_WORDINGS.some((l) => l.pattern.test(w.example)))).toBe(true);
  });

  it('reads Dovecot’s wrong password as a sure credentials failure', () => {
    const wrong = serverLines('dovecot-2.3-session.txt').find((l) => l.startsWith('-ERR [AUTH]')) ?? '';
    expect(wrong).toBe('-ERR [AUTH] Authentication failed.');
    expect(classifyAuthRefusal(refusal(wrong), 'PASS')).toEqual({ code: 'auth-failed', certain: true });
    expect(classifyAuthRefusal(refusal(wrong), 'AUTH')).toEqual({ code: 'auth-failed', certain: true });
  });

  it('follows the response codes of RFC 2449 §8.1 and RFC 3206', () => {
    expect(classifyAuthRefusal(refusal('-ERR [IN-USE] Do you have another POP session running?'), 'PASS'))
      .toEqual({ code: 'mailbox-locked', certain: true });
    expect(classifyAuthRefusal(refusal('-ERR [LOGIN-DELAY] Logins must be at least 15 minutes apart'), 'PASS'))
      .toEqual({ code: 'login-delay', certain: true });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/TEMP] Failed to create POP3 session lock.'), 'PASS'))
      .toEqual({ code: 'server-temporary', certain: true });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/PERM] Your mailbox is corrupted'), 'APOP'))
      .toEqual({ code: 'server-permanent', certain: true });
    expect(classifyAuthRefusal(refusal('-ERR [sys/temp/disk] later'), 'AUTH').code).toBe('server-temporary');
  });

  it('believes a lock text over an [AUTH] code, and [AUTH] over a guess', () => {
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'unable to lock maildrop' }, 'PASS').code).toBe('mailbox-locked');
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.' }, 'USER'))
      .toEqual({ code: 'auth-failed', certain: true });
  });

  it('guesses auth-failed for a bare -ERR at a credentials step, and says it guessed', () => {
    for (const step of ['USER', 'PASS', 'APOP', 'AUTH'] as const) {
      expect(classifyAuthRefusal(refusal('-ERR invalid password'), step)).toEqual({ code: 'auth-failed', certain: false });
      expect(classifyAuthRefusal(refusal('-ERR [X-UNKNOWN] whatever'), step)).toEqual({ code: 'auth-failed', certain: false });
    }
  });

  it('does not call a bare -ERR a password problem when the server promised AUTH-RESP-CODE (RFC 3206 §6)', () => {
    expect(classifyAuthRefusal(refusal('-ERR something odd'), 'PASS', { authRespCode: true }))
      .toEqual({ code: 'server-temporary', certain: false });
  });

  it('treats a -ERR greeting without a known code as a server refusal, not a login failure', () => {
    expect(classifyAuthRefusal(refusal('-ERR Too busy, try later'), 'greeting')).toEqual({ code: 'server-temporary', certain: false });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/PERM] Service disabled'), 'greeting')).toEqual({ code: 'server-permanent', certain: true });
  });
});
