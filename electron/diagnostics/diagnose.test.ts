import { describe, expect, it } from 'vitest';
import type { DiagnoseInput, Diagnosis } from './diagnosis.ts';
import { diagnose as diagnoseMarked } from './diagnose.ts';
import { plainDiagnosis } from './plain-diagnosis.ts';
import { account, at, dropped, failed, newestFirst, ok, refused, session } from './fixtures/sessions.ts';
import type { SessionRecord } from '../store/sessions.ts';
import { timeMark } from '../../shared/time-marks.ts';

/** The diagnosis with its time marks said as the command line says them ("10:05"), so the sentences read as written. */
const diagnose = (input: DiagnoseInput): Diagnosis => plainDiagnosis(diagnoseMarked(input), input.now);

interface RunOptions {
  now?: number;
  next?: number | null;
  loginDelay?: number | null;
  interval?: number;
  paused?: boolean;
  pausedBy?: DiagnoseInput['pausedBy'];
  loginDelayKept?: boolean;
}

function run(sessions: SessionRecord[], o: RunOptions = {}): Diagnosis {
  return diagnose({
    account: account({ intervalMinutes: o.interval ?? 10, paused: o.paused ?? false }),
    sessions: newestFirst(...sessions),
    loginDelaySeconds: o.loginDelay ?? null,
    now: o.now ?? at(10, 6),
    nextCheckAt: o.next === undefined ? at(10, 10) : o.next,
    ...(o.pausedBy !== undefined ? { pausedBy: o.pausedBy } : {}),
    ...(o.loginDelayKept !== undefined ? { loginDelayKept: o.loginDelayKept } : {}),
  });
}

const allText = (d: Diagnosis): string =>
  [d.title, d.explanation, ...d.evidence, d.poplarWillDo, ...d.youCanDo, d.pattern ?? ''].join('\n');

describe('diagnose: another program or device', () => {
  it('blames another client when Poplar’s previous session ended with an acknowledged QUIT', () => {
    const previous = ok(at(9, 55), { downloaded: 2 });
    const lock = refused(at(10, 5));
    const d = run([previous, lock]);
    expect(d.cause).toBe('other-client');
    expect(d.failedSessionId).toBe(lock.id);
    expect(d.title).toBe('Another program or device is using this mailbox');
    expect(d.evidence[0]).toBe('At 10:05 the server answered: “[IN-USE] Mailbox is locked by another POP3 session.”');
    expect(d.evidence[1]).toBe('These are the words of Dovecot 2.3, pop3_lock_session = yes; they mean another session holds the mailbox.');
    expect(d.evidence[2]).toBe(
      'Poplar held no connection to this mailbox at that moment: its previous one ended at 09:55 with an acknowledged QUIT, 10 minutes before.',
    );
    expect(d.youCanDo.join(' ')).toMatch(/phone or tablet.*second mail program.*spam or virus checker.*webmail/);
    expect(d.poplarWillDo).toBe(
      'Poplar does not keep knocking: it waits longer after each refusal (2, 4, 8 … up to 30 minutes) and checks again at 10:10 (in 4 minutes).',
    );
    expect(d.pattern).toBeNull();
  });

  it('blames another client when there is no earlier session at all', () => {
    const d = run([refused(at(10, 5))]);
    expect(d.cause).toBe('other-client');
    expect(d.evidence).toContain(
      'Poplar held no connection to this mailbox at that moment: there is no earlier connection in its history.',
    );
  });

  it('does not blame a broken connection of long ago', () => {
    const d = run([dropped(at(7, 30)), refused(at(10, 5))]);
    expect(d.cause).toBe('other-client');
    expect(d.evidence.join('\n')).toMatch(/at 07:30, ended without QUIT \(the network dropped\), but that was 3 hours earlier/);
  });

  it('names the server of a known wording sent without a response code', () => {
    const d = run([ok(at(9, 40)), refused(at(10, 5), { code: 'mailbox-locked', serverText: "Can't get lock.  Mailbox in use" })]);
    expect(d.evidence[0]).toBe("At 10:05 the server answered: “Can't get lock.  Mailbox in use”");
    expect(d.evidence[1]).toMatch(/^These are the words of UW IMAP ipop3d;/);
  });

  it('explains [IN-USE] by its code when the text is unknown', () => {
    const d = run([refused(at(10, 5), { code: 'mailbox-locked', responseCode: 'IN-USE', serverText: 'Try later' })]);
    expect(d.evidence[1]).toMatch(/\[IN-USE\] means the mailbox is in use by another session \(RFC 2449 §8\.1\.2\)/);
  });

  it('adds the refusals of the day, and the schedule when they follow one', () => {
    const sessions = [refused(at(7, 0, 30)), ok(at(7, 3)), refused(at(8, 1, 10)), ok(at(8, 4)), refused(at(10, 0, 20))];
    const d = run(sessions);
    expect(d.cause).toBe('other-client');
    expect(d.pattern).toMatch(
      /^The server refused Poplar 3 times in the last 24 hours, each time between :00 and :01 past the hour: another program checks this mailbox on a fixed schedule/,
    );
    expect(d.youCanDo.join(' ')).toMatch(/fixed schedule/);
    const scattered = run([refused(at(7, 13)), ok(at(7, 16)), refused(at(8, 41)), ok(at(8, 44)), refused(at(10, 5))]);
    expect(scattered.pattern).toBeNull();
    expect(scattered.evidence).toContain('The server has turned Poplar away 3 times in the last 24 hours.');
  });
});

describe('diagnose: Poplar’s own stale session', () => {
  it.each([
    ['network-drop', 'the network dropped'],
    ['timeout', 'the server stopped answering'],
    ['aborted', 'the check was stopped'],
    ['quit-refused', 'the server did not confirm QUIT'],
  ] as const)('blames Poplar’s previous connection that ended by %s', (endedBy, words) => {
    const d = run([ok(at(9, 40)), dropped(at(10, 1, 30), endedBy), refused(at(10, 5))]);
    expect(d.cause).toBe('own-stale-session');
    expect(d.evidence).toContain(`Poplar’s previous connection, at 10:01, ended without QUIT (${words}) at 10:02.`);
    expect(d.evidence.join('\n')).toMatch(/This refusal came 3 minutes later, at 10:05/);
    expect(d.poplarWillDo).toBe('Poplar waits for the server to let go of the old connection and checks again at 10:10 (in 4 minutes).');
    expect(d.youCanDo[0]).toBe('Nothing: this clears by itself.');
  });

  it('still blames the drop through a run of refusals after it', () => {
    const d = run([dropped(at(9, 50)), refused(at(9, 53)), refused(at(9, 57)), refused(at(10, 5))]);
    expect(d.cause).toBe('own-stale-session');
    expect(d.evidence.join('\n')).toMatch(/previous connection, at 09:50, ended without QUIT/);
  });

  it('ignores checks that never reached the server in between', () => {
    const d = run([dropped(at(9, 50)), failed(at(9, 55), 'network-drop', { code: 'dns' }), refused(at(10, 5))]);
    expect(d.cause).toBe('own-stale-session');
  });
});

describe('diagnose: checking too often', () => {
  it('a [LOGIN-DELAY] refusal, with the interval below the LOGIN-DELAY', () => {
    const d = run([ok(at(10, 0)), refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: 'wait a while' })], {
      loginDelay: 900,
      interval: 5,
    });
    expect(d.cause).toBe('too-frequent');
    expect(d.evidence).toEqual([
      'At 10:05 the server answered: “[LOGIN-DELAY] wait a while”',
      'The response code [LOGIN-DELAY] means the last login was too recent (RFC 2449 §8.1.1).',
      'The server allows one login every 15 minutes (it announced LOGIN-DELAY 900 in its capabilities).',
      'This account is set to check every 5 minutes, which is more often than that.',
      'Poplar’s previous login was at 10:00, 5 minutes before this one.',
    ]);
    expect(d.youCanDo).toEqual([
      'Set a longer check interval in the account settings: the server allows a login only every 15 minutes (LOGIN-DELAY 900 s), so the interval must be at least 15 minutes.',
    ]);
  });

  it('a [LOGIN-DELAY] refusal with a long enough interval points at other programs sharing the allowance', () => {
    const d = run([refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: null })], {
      loginDelay: 300,
      interval: 10,
    });
    expect(d.cause).toBe('too-frequent');
    expect(d.youCanDo.join(' ')).toMatch(/another program checking it/);
  });

  it('a lock refusal while the interval is below the server’s LOGIN-DELAY', () => {
    const d = run([ok(at(9, 40)), refused(at(10, 5))], { loginDelay: 1800, interval: 10 });
    expect(d.cause).toBe('too-frequent');
    expect(d.evidence).toContain('The server allows one login every 30 minutes (it announced LOGIN-DELAY 1800 in its capabilities).');
    expect(d.evidence).toContain('This account is set to check every 10 minutes, which is more often than that.');
  });

  it('a lock refusal seconds after Poplar’s own session ended with QUIT', () => {
    const previous = ok(at(10, 0, 9), { ms: 1000 });
    const d = run([previous, refused(at(10, 0, 40))]);
    expect(d.cause).toBe('too-frequent');
    expect(d.evidence).toContain(
      'Poplar’s previous connection ended at 10:00:10 with an acknowledged QUIT; this login came 30 seconds later, at 10:00:40.',
    );
    expect(d.youCanDo[0]).toMatch(/Leave a minute between checks/);
  });

  it('names the known holder (the demo’s switch) even seconds after Poplar’s own session', () => {
    const previous = ok(at(10, 0, 9), { ms: 1000 });
    const sessions = newestFirst(previous, refused(at(10, 0, 40)));
    const input = { account: account({ intervalMinutes: 10 }), sessions, loginDelaySeconds: null, now: at(10, 6), nextCheckAt: at(10, 10) };
    const d = diagnose({ ...input, knownHolds: [{ from: at(10, 0, 20), to: null }] });
    expect(d.cause).toBe('other-client');
    expect(d.evidence).toContain('The demo’s “another device” switch has held the mailbox since 10:00.');
    // A hold that ended before the login, or began after it, is no evidence.
    expect(diagnose({ ...input, knownHolds: [{ from: at(9, 0), to: at(10, 0, 30) }] }).cause).toBe('too-frequent');
    expect(diagnose({ ...input, knownHolds: [{ from: at(10, 0, 50), to: null }] }).cause).toBe('too-frequent');
  });

  it('not when the previous session ended more than a minute before', () => {
    expect(run([ok(at(10, 0), { ms: 1000 }), refused(at(10, 2))]).cause).toBe('other-client');
  });
});

describe('diagnose: connection limit', () => {
  it('is not a lock and not a password problem', () => {
    const d = run([
      ok(at(9, 55)),
      refused(at(10, 5), {
        code: 'too-many-connections',
        responseCode: 'IN-USE',
        serverText: 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)',
      }),
    ]);
    expect(d.cause).toBe('connection-limit');
    expect(d.explanation).toMatch(/It is not a lock held by one other session\. Nothing is wrong with your account settings\./);
    expect(d.evidence[1]).toMatch(
      /^These are the words of Dovecot login-common\. 2\.3\.19 sends it as \[IN-USE\].*they mean too many connections are open/,
    );
    expect(d.youCanDo[0]).toMatch(/^Close some of the mail programs or devices/);
  });
});

describe('diagnose: server, login, network and local failures', () => {
  it.each([
    ['server-temporary', 'SYS/TEMP', 'The mail server has a temporary problem', /wait for the provider/],
    ['server-permanent', 'SYS/PERM', 'The mail server reported a problem that needs your provider', /Contact your mail provider/],
    ['protocol', null, 'The mail server sent an answer Poplar could not understand', /diagnostics report/],
  ] as const)('%s is a server problem', (code, responseCode, title, advice) => {
    const d = run([failed(at(10, 5), 'server-error', { code, responseCode, serverText: 'Internal error occurred.' })]);
    expect(d.cause).toBe('server');
    expect(d.title).toBe(title);
    expect(d.evidence[0]).toBe(`At 10:05 the server answered: “${responseCode ? `[${responseCode}] ` : ''}Internal error occurred.”`);
    expect(d.youCanDo.join(' ')).toMatch(advice);
    expect(d.poplarWillDo).toMatch(/at 10:10 \(in 4 minutes\)\.$/);
  });

  it('a refused login with [AUTH] is about the credentials, and Poplar stops checking', () => {
    const d = run([failed(at(10, 5), 'auth-failed', { code: 'auth-failed', responseCode: 'AUTH', serverText: 'Authentication failed.' })], {
      next: null,
    });
    expect(d.cause).toBe('auth');
    expect(d.title).toBe('The mail server did not accept the user name or password');
    expect(d.poplarWillDo).toMatch(/^Poplar has stopped checking this account/);
    expect(d.youCanDo[0]).toMatch(/Check the user name and password/);
  });

  it('an auth-failed recorded for a bare -ERR (before login-refused existed) is worded as unconfirmed, and as stopped', () => {
    const d = run([failed(at(10, 5), 'auth-failed', { code: 'auth-failed', serverText: 'Login failed.' })], { next: null });
    expect(d.cause).toBe('auth');
    expect(d.title).toBe('The mail server refused the login: the password is probably wrong');
    expect(d.evidence).toContain(
      'The server gave no response code and no reason Poplar can read (nothing about a lock, a busy server or the password), so the cause is not confirmed.',
    );
    expect(d.poplarWillDo).toMatch(/^Poplar has stopped checking this account/);
    expect(allText(d)).not.toMatch(/try again later|will try again/i);
  });

  it('an unreachable server is a network problem, with the technical message as evidence', () => {
    const d = run([failed(at(10, 5), 'network-drop', { code: 'dns', message: 'getaddrinfo ENOTFOUND pop.example.com' })]);
    expect(d.cause).toBe('network');
    expect(d.title).toBe('The mail server’s name could not be found');
    expect(d.evidence).toEqual(['At 10:05: getaddrinfo ENOTFOUND pop.example.com']);
    expect(d.youCanDo[0]).toBe('Check that this computer is online.');
  });

  it('another Poplar on this computer is local and harmless', () => {
    const d = run([
      failed(at(10, 5), 'local-lock', { code: 'local-lock', message: 'Another Poplar (pid 4242) is checking this mailbox.' }),
    ]);
    expect(d.cause).toBe('local');
    expect(d.title).toBe('Another Poplar on this computer was checking this mailbox');
  });

  it('a full disk is local, explained by its own message', () => {
    const d = run([failed(at(10, 5), 'local-error', { code: 'disk-full', message: 'The disk holding the profile is full.' }, true)]);
    expect(d.cause).toBe('local');
    expect(d.explanation).toBe('The disk holding the profile is full.');
  });
});

describe('diagnose: nothing wrong', () => {
  it('when the newest check worked, even after refusals', () => {
    const d = run([refused(at(9, 50)), ok(at(10, 2), { downloaded: 3 })]);
    expect(d).toMatchObject({ cause: 'none', title: 'The last check worked', failedSessionId: null, youCanDo: ['Nothing needs doing.'] });
    expect(d.evidence).toEqual(['The last check, at 10:02, ended normally with QUIT: 3 new messages.']);
    expect(d.poplarWillDo).toBe('Poplar checks again at 10:10 (in 4 minutes).');
  });

  it('when there is no session yet', () => {
    const d = run([], { next: at(10, 6) });
    expect(d).toMatchObject({ cause: 'none', title: 'This mailbox has not been checked yet', evidence: [] });
    expect(d.poplarWillDo).toBe('Poplar checks it right away.');
  });

  it('explains the newest finished check while another is running', () => {
    const running: SessionRecord = {
      id: 999,
      mailboxKey: 'pop.example.com:995:dana',
      accountId: 1,
      trigger: 'timer',
      startedAt: at(10, 5, 50),
    };
    const d = run([ok(at(9, 50)), refused(at(10, 2)), running]);
    expect(d.cause).toBe('other-client');
  });

  it('says so when checking is paused', () => {
    const d = run([ok(at(9, 50)), refused(at(10, 2))], { paused: true, next: null });
    expect(d.poplarWillDo).toBe('Checking is paused for this account: Poplar will not check it until you resume checking.');
  });
});

describe('diagnose: wording', () => {
  const lockLike: [string, SessionRecord[], { loginDelay?: number; interval?: number }][] = [
    ['other-client', [ok(at(9, 50)), refused(at(10, 5))], {}],
    ['own-stale-session', [dropped(at(10, 0)), refused(at(10, 5))], {}],
    ['too-frequent (timing)', [ok(at(10, 4, 30), { ms: 500 }), refused(at(10, 5))], {}],
    [
      'too-frequent (LOGIN-DELAY)',
      [refused(at(10, 5), { code: 'login-delay', responseCode: 'LOGIN-DELAY', serverText: null })],
      { loginDelay: 900, interval: 5 },
    ],
    [
      'connection-limit',
      [
        refused(at(10, 5), {
          code: 'too-many-connections',
          responseCode: 'IN-USE',
          serverText: 'Maximum number of connections from user+IP exceeded',
        }),
      ],
      {},
    ],
    [
      'other-client, Cyrus text',
      [
        refused(at(10, 5), {
          code: 'mailbox-locked',
          responseCode: 'IN-USE',
          serverText: 'Unable to lock maildrop: Mailbox is locked by POP server',
        }),
      ],
      {},
    ],
  ];

  it.each(lockLike)('%s: a lock never mentions the password at all', (_name, sessions, o) => {
    const d = run(sessions, o);
    expect(d.cause).not.toBe('auth');
    const text = allText(d);
    expect(text).not.toMatch(/password|credential|incorrect/i);
    expect(text).toMatch(/Nothing is wrong with your account settings|Nothing is wrong with the account/);
  });

  it.each(lockLike)('%s: says what Poplar will do and when, and what the user can do', (_name, sessions, o) => {
    const d = run(sessions, o);
    expect(d.poplarWillDo).toMatch(/at 10:10 \(in 4 minutes\)\.$/);
    expect(d.youCanDo.length).toBeGreaterThan(0);
    expect(d.explanation.length).toBeGreaterThan(40);
  });

  it('every failure cites the server’s words first when it said any', () => {
    const d = run([
      session(at(10, 5), 'server-error', { connected: true, error: { code: 'command-failed', serverText: 'UIDL not permitted' } }),
    ]);
    expect(d.evidence[0]).toBe('At 10:05 the server answered: “UIDL not permitted”');
  });
});

describe('diagnose: times for the window', () => {
  it('carries its times as marks, which the window says in its own locale (issue 14, defect 2)', () => {
    const input: DiagnoseInput = {
      account: account({ intervalMinutes: 10, paused: false }),
      sessions: newestFirst(ok(at(9, 55), { downloaded: 2 }), refused(at(10, 5))),
      loginDelaySeconds: null,
      now: at(10, 6),
      nextCheckAt: at(10, 10),
    };
    const d = diagnoseMarked(input);
    expect(d.poplarWillDo).toContain(`at ${timeMark(at(10, 10), 'day')} (in 4 minutes)`);
    expect(d.evidence.join('\n')).toContain(timeMark(at(10, 5), 'clock'));
    // No time is written out in the engine's own way ("10:05").
    expect([d.explanation, ...d.evidence, d.poplarWillDo].join('\n')).not.toMatch(/\d\d:\d\d/);
  });

  it('does not let the server forge a mark in its own words', () => {
    const forged = `[IN-USE] locked ${timeMark(0, 'clock')}`;
    const lock = refused(at(10, 5), { code: 'mailbox-locked', responseCode: 'IN-USE', serverText: forged, message: forged });
    const d = diagnoseMarked({
      account: account({ intervalMinutes: 10, paused: false }),
      sessions: newestFirst(ok(at(9, 55)), lock),
      loginDelaySeconds: null,
      now: at(10, 6),
      nextCheckAt: at(10, 10),
    });
    expect(d.evidence.join('\n')).not.toContain(timeMark(0, 'clock'));
  });
});
