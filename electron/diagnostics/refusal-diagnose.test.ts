// The diagnoses of refusals at login under the refusal model that degrades safely
// (pop3/lock-refusal.ts): a lock, a stalled login, a login delay or a temporary problem never
// mentions the password; a refusal without a reason says that Poplar retries, and when; a
// confirmed wrong password says Poplar has stopped, and nothing else.
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../store/sessions.ts';
import type { DiagnoseInput, Diagnosis } from './diagnosis.ts';
import { diagnose as diagnoseMarked } from './diagnose.ts';
import { plainDiagnosis } from './plain-diagnosis.ts';
import { account, at, dropped, failed, newestFirst, ok, refused, session } from './fixtures/sessions.ts';

/** The diagnosis with its time marks said as the command line says them ("10:05"), so the sentences read as written. */
const diagnose = (input: DiagnoseInput): Diagnosis => plainDiagnosis(diagnoseMarked(input), input.now);

interface RunOptions {
  next?: number | null;
  loginDelay?: number | null;
  interval?: number;
  pausedBy?: DiagnoseInput['pausedBy'];
  loginDelayKept?: boolean;
}

function run(sessions: SessionRecord[], o: RunOptions = {}): Diagnosis {
  return diagnose({
    account: account({ intervalMinutes: o.interval ?? 10 }),
    sessions: newestFirst(...sessions),
    loginDelaySeconds: o.loginDelay ?? null,
    now: at(10, 6),
    nextCheckAt: o.next === undefined ? at(10, 10) : o.next,
    ...(o.pausedBy !== undefined ? { pausedBy: o.pausedBy } : {}),
    ...(o.loginDelayKept !== undefined ? { loginDelayKept: o.loginDelayKept } : {}),
  });
}

const allText = (d: Diagnosis): string =>
  [d.title, d.explanation, ...d.evidence, d.poplarWillDo, ...d.youCanDo, d.pattern ?? ''].join('\n');

const STALLED_MESSAGE =
  'the server answered the greeting, then sent nothing for 120 s after PASS: it is probably waiting for another program to release the mailbox';
const stalled = (t: number): SessionRecord =>
  session(t, 'lock-refused', { connected: false, ms: 120_000, error: { code: 'login-stalled', message: STALLED_MESSAGE } });
const temporary = (t: number, responseCode: string | null, serverText: string): SessionRecord =>
  failed(t, 'server-error', { code: 'server-temporary', responseCode, serverText });
const refusedWithoutReason = (t: number): SessionRecord =>
  failed(t, 'server-error', { code: 'login-refused', serverText: 'Login failed.' });

describe('diagnose: lock, stalled, delay and temporary refusals never mention the password', () => {
  const cases: Array<[string, SessionRecord[], RunOptions]> = [
    ['mailbox-locked, Dovecot', [ok(at(9, 50)), refused(at(10, 5))], {}],
    ['mailbox-locked, solid-pop3d dot-lock', [refused(at(10, 5), { code: 'mailbox-locked', serverText: "can't lock mailbox file" })], {}],
    ['mailbox-locked, read from German words', [refused(at(10, 5), { code: 'mailbox-locked', serverText: 'Postfach gesperrt' })], {}],
    ['mailbox-locked after Poplar’s own drop', [dropped(at(10, 0)), refused(at(10, 5))], {}],
    ['mailbox-locked, interval below LOGIN-DELAY', [ok(at(9, 40)), refused(at(10, 5))], { loginDelay: 1800 }],
    ['mailbox-locked right after Poplar’s own session', [ok(at(10, 4, 30), { ms: 500 }), refused(at(10, 5))], {}],
    ['login-stalled', [ok(at(9, 30)), stalled(at(10, 3))], {}],
    ['login-stalled after Poplar’s own drop', [dropped(at(10, 0)), stalled(at(10, 3))], {}],
    [
      'login-delay, delay kept',
      [refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: 'Logins must be at least 2 minutes apart' })],
      { loginDelay: 120 },
    ],
    [
      'login-delay, delay not kept',
      [
        ok(at(10, 4)),
        refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: 'Logins must be at least 2 minutes apart' }),
      ],
      { loginDelay: 120 },
    ],
    ['login-delay, delay unknown', [refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: null })], {}],
    [
      'login-delay, interval too short',
      [refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: null })],
      { loginDelay: 900, interval: 5 },
    ],
    [
      'too-many-connections',
      [
        refused(at(10, 5), {
          code: 'too-many-connections',
          responseCode: 'IN-USE',
          serverText: 'Maximum number of connections from user+IP exceeded',
        }),
      ],
      {},
    ],
    ['server-temporary, [SYS/TEMP]', [temporary(at(10, 5), 'SYS/TEMP', 'Temporary authentication failure.')], {}],
    [
      'server-temporary, Courier sticky bit',
      [temporary(at(10, 5), null, 'Your account is temporarily unavailable (+t bit set on home directory).')],
      {},
    ],
    ['server-temporary, read from words', [temporary(at(10, 5), null, 'Service temporairement indisponible')], {}],
  ];

  it.each(cases)('%s', (_name, sessions, o) => {
    const d = run(sessions, o);
    expect(d.cause).not.toBe('auth');
    // The server's words are quoted as evidence; "PASS" there is the command, not the word.
    expect(allText(d)).not.toMatch(/password|credential/i);
    expect(d.poplarWillDo).toMatch(/at 10:10 \(in 4 minutes\)\.$/);
  });
});

describe('diagnose: a login that went silent after the credentials (login-stalled)', () => {
  it('has its own explanation: the server waits for another program, and it is no network problem', () => {
    const d = run([ok(at(9, 30)), stalled(at(10, 3))]);
    expect(d.cause).toBe('other-client');
    expect(d.title).toBe('The server is waiting for another program to release your mailbox');
    expect(d.evidence[0]).toBe(`At 10:03: ${STALLED_MESSAGE}`);
    expect(allText(d)).not.toMatch(/network|online/i);
    expect(d.poplarWillDo).toBe(
      'Poplar does not keep knocking: it waits longer after each time (2, 4, 8 … up to 30 minutes) and checks again at 10:10 (in 4 minutes).',
    );
  });

  it('blames Poplar’s own broken connection of a few minutes before, which the server may still hold', () => {
    const d = run([dropped(at(10, 0)), stalled(at(10, 3))]);
    expect(d.cause).toBe('own-stale-session');
    expect(d.explanation).toMatch(/a new connection waits for the lock without an answer/);
  });

  it('counts stalled logins among the lock refusals of the day', () => {
    const d = run([stalled(at(8, 3)), ok(at(8, 30)), stalled(at(9, 3)), ok(at(9, 30)), stalled(at(10, 3))]);
    expect(allText(d)).toMatch(/3 times in the last 24 hours/);
  });
});

describe('diagnose: a confirmed wrong password', () => {
  const withCode = failed(at(10, 5), 'auth-failed', { code: 'auth-failed', responseCode: 'AUTH', serverText: 'Authentication failed.' });
  const byWords = failed(at(10, 5), 'auth-failed', { code: 'auth-failed', serverText: 'Invalid password' });
  const wrong: Array<[string, SessionRecord]> = [
    ['[AUTH]', withCode],
    ['words without a code', byWords],
    ['Russian words', failed(at(10, 5), 'auth-failed', { code: 'auth-failed', serverText: 'Неверный пароль' })],
  ];

  it.each(wrong)('%s: says Poplar has stopped, and never that it will try again', (_name, s) => {
    for (const pausedBy of [undefined, 'auth-failed'] as const) {
      const d = run([s], { next: null, ...(pausedBy ? { pausedBy } : {}) });
      expect(d.cause).toBe('auth');
      expect(d.title).toBe('The mail server did not accept the user name or password');
      expect(d.poplarWillDo).toMatch(/^Poplar has stopped checking this account/);
      expect(allText(d)).not.toMatch(/try again later|will try again|if it is right/i);
      expect(d.youCanDo[0]).toMatch(/^Check the user name and password/);
    }
  });

  it('cites what confirmed it', () => {
    expect(run([withCode], { next: null }).evidence).toContain(
      'The response code [AUTH] means the credentials were refused (RFC 3206 §5).',
    );
    expect(run([byWords], { next: null }).evidence).toContain('The server’s words say the user name or password was refused.');
  });
});

describe('diagnose: a refusal without a reason (login-refused)', () => {
  it('while Poplar retries: says so, with the scheduler’s time, and to check the password if it refuses again', () => {
    const d = run([ok(at(9, 50)), refusedWithoutReason(at(10, 5))]);
    expect(d.cause).toBe('auth');
    expect(d.title).toBe('The mail server refused the login without saying why');
    expect(d.poplarWillDo).toBe(
      'The server refused without a reason; Poplar will try again at 10:10 (in 4 minutes); if it refuses again, check the password.',
    );
    expect(allText(d)).not.toMatch(/stopped checking/i);
    expect(d.evidence[0]).toBe('At 10:05 the server answered: “Login failed.”');
    expect(d.evidence[1]).toMatch(/no response code and no reason Poplar can read/);
  });

  it('once Poplar has stopped retrying: says it stopped, the password is probably wrong, and nothing about a retry', () => {
    const sessions = [ok(at(9, 0)), refusedWithoutReason(at(9, 20)), refusedWithoutReason(at(9, 40)), refusedWithoutReason(at(10, 5))];
    const d = run(sessions, { next: null, pausedBy: 'login-refused' });
    expect(d.cause).toBe('auth');
    expect(d.title).toBe('The mail server keeps refusing the login: the password is probably wrong');
    expect(d.evidence).toContain('The server has refused 3 logins in a row this way.');
    expect(d.poplarWillDo).toMatch(/has stopped checking this account/);
    expect(d.poplarWillDo).not.toMatch(/will try again at/);
    expect(d.youCanDo[0]).toMatch(/Check the user name and password in the account settings, then press “Check now”/);
  });

  it('quotes a UTF-8 text as its characters, though it was recorded as latin1 octets', () => {
    const text = Buffer.from('Zugriff verweigert – Fehler', 'utf8').toString('latin1');
    const d = run([failed(at(10, 5), 'server-error', { code: 'login-refused', serverText: text })]);
    expect(d.evidence[0]).toBe('At 10:05 the server answered: “Zugriff verweigert – Fehler”');
  });
});

describe('diagnose: a lock or temporary refusal read from the words names them', () => {
  it('cites the words it was read by when there was no code and no known wording', () => {
    const d = run([refused(at(10, 5), { code: 'mailbox-locked', serverText: 'Postfach ist gesperrt' })]);
    expect(d.evidence[1]).toBe('The server sent no response code; Poplar read “gesperrt” in its words as a lock or a mailbox in use.');
    const t = run([temporary(at(10, 5), null, 'Dienst vorübergehend nicht verfügbar')]);
    expect(t.evidence[1]).toBe(
      'The server sent no response code; Poplar read “vorübergehend” in its words as a temporary state of the server.',
    );
  });

  it('names the server of a known wording: solid-pop3d and Courier', () => {
    const solid = run([refused(at(10, 5), { code: 'mailbox-locked', serverText: "can't lock mailbox file" })]);
    expect(solid.evidence[1]).toBe('These are the words of solid-pop3d 0.15; they mean another session holds the mailbox.');
    const courier = run([temporary(at(10, 5), null, 'Your account is temporarily unavailable (+t bit set on home directory).')]);
    expect(courier.cause).toBe('server');
    expect(courier.evidence[1]).toBe(
      'These are the words of Courier; they mean the account has been made unavailable for a while, usually by its administrator.',
    );
  });
});

describe('diagnose: "it already keeps its checks the server’s minimum time apart" only when it is true', () => {
  const delayRefusal = (t: number): SessionRecord =>
    refused(t, { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: 'Logins must be at least 2 minutes apart' });
  const KEEPS = /already keeps its checks at least the server’s minimum time apart/;

  it('not when Poplar’s own previous login was sooner than the LOGIN-DELAY', () => {
    const d = run([ok(at(10, 4)), delayRefusal(at(10, 5))], { loginDelay: 120 });
    expect(allText(d)).not.toMatch(KEEPS);
    expect(d.youCanDo.join(' ')).toMatch(/has now learned the server’s minimum time between logins \(2 minutes\)/);
  });

  it('not when the caller says it was not kept, nor when the delay is unknown', () => {
    expect(allText(run([delayRefusal(at(10, 5))], { loginDelay: 120, loginDelayKept: false }))).not.toMatch(KEEPS);
    expect(allText(run([delayRefusal(at(10, 5))]))).not.toMatch(KEEPS);
  });

  it('yes when Poplar’s logins were far enough apart (another program used the allowance)', () => {
    expect(allText(run([ok(at(9, 50)), delayRefusal(at(10, 5))], { loginDelay: 120 }))).toMatch(KEEPS);
    expect(allText(run([ok(at(10, 4)), delayRefusal(at(10, 5))], { loginDelay: 120, loginDelayKept: true }))).toMatch(KEEPS);
  });
});

describe('diagnose: a bare -ERR without a word', () => {
  it('says so instead of quoting nothing', () => {
    const d = run([failed(at(10, 5), 'server-error', { code: 'login-refused', serverText: '' })]);
    expect(d.evidence[0]).toBe('At 10:05 the server answered a bare “-ERR”, without a word.');
    expect(d.title).toBe('The mail server refused the login without saying why');
  });

  it('a pause by the user is not taken for Poplar giving up on the password', () => {
    const d = diagnose({
      account: account({ paused: true }),
      sessions: [refusedWithoutReason(at(10, 5))],
      loginDelaySeconds: null,
      now: at(10, 6),
      nextCheckAt: null,
      pausedBy: 'user',
    });
    expect(d.title).toBe('The mail server refused the login without saying why');
    expect(d.poplarWillDo).toBe('Checking is paused for this account: Poplar will not check it until you resume checking.');
  });
});
