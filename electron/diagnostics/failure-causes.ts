// Failures that are not lock-like refusals: a refused login, an unreachable server, a
// server-side problem, or something on this computer. The explanation reuses the one set of
// words for POP3 errors (pop3/errors.ts describePop3Error); a failure of Poplar's own
// (sync/result.ts SyncFailure) already carries a message written for the user.
import { describePop3Error, Pop3Error, type Pop3ErrorCode } from '../pop3/errors.ts';
import { classifyAuthRefusal } from '../pop3/lock-refusal.ts';
import type { SyncFailureCode } from '../sync/result.ts';
import { willCheck, type CauseContext, type Explained } from './cause-context.ts';
import { plural } from './when.ts';
import type { Cause } from './diagnosis.ts';

/**
 * The cause of every POP3 error code. A Record, so a new code without a cause is a compile
 * error. The three lock-like codes are refined from the history by lock-causes.ts.
 */
export const CAUSE_OF_POP3_CODE: Readonly<Record<Pop3ErrorCode, Cause>> = {
  dns: 'network',
  'connection-refused': 'network',
  timeout: 'network',
  network: 'network',
  'connection-closed': 'network',
  tls: 'server',
  'bad-greeting': 'server',
  'starttls-unavailable': 'server',
  'auth-failed': 'auth',
  // Unconfirmed, but a refused login all the same: its words are about the login (and, once
  // Poplar has stopped retrying, the password), never those of a lock or a server fault.
  'login-refused': 'auth',
  // Explained by lock-causes.ts explainLoginStalled: the server waits on another program's lock.
  'login-stalled': 'other-client',
  'auth-unsupported': 'auth',
  'mailbox-locked': 'other-client',
  'too-many-connections': 'connection-limit',
  'login-delay': 'too-frequent',
  'server-temporary': 'server',
  'server-permanent': 'server',
  'command-failed': 'server',
  protocol: 'server',
  'line-too-long': 'server',
  'response-too-large': 'server',
  'invalid-argument': 'local',
  aborted: 'local',
};

/** Poplar's own failures, and 'local-error' (session.ts's record of any other exception). */
const CAUSE_OF_LOCAL_CODE: Readonly<Record<SyncFailureCode | 'local-error', Cause>> = {
  'local-lock': 'local',
  'no-password': 'local',
  'uidl-unsupported': 'server',
  'ca-file': 'local',
  'disk-full': 'local',
  store: 'local',
  'local-error': 'local',
};

export function isPop3Code(code: string): code is Pop3ErrorCode {
  return Object.hasOwn(CAUSE_OF_POP3_CODE, code);
}

export function causeOfCode(code: string): Cause {
  if (isPop3Code(code)) return CAUSE_OF_POP3_CODE[code];
  if (Object.hasOwn(CAUSE_OF_LOCAL_CODE, code)) return CAUSE_OF_LOCAL_CODE[code as keyof typeof CAUSE_OF_LOCAL_CODE];
  return 'server'; // a code from a newer Poplar: the server's words in the evidence still help
}

const TITLES: Readonly<Record<string, string>> = {
  dns: 'The mail server’s name could not be found',
  'connection-refused': 'The mail server refused the connection',
  timeout: 'The mail server stopped answering',
  network: 'A network problem interrupted the check',
  'connection-closed': 'The mail server closed the connection',
  tls: 'A secure connection to the mail server could not be set up',
  'bad-greeting': 'The server did not answer like a POP3 mail server',
  'starttls-unavailable': 'The server does not offer a secure connection (STARTTLS)',
  'auth-unsupported': 'The server does not offer the chosen sign-in method',
  'login-refused': 'The mail server refused the login without saying why',
  'server-temporary': 'The mail server has a temporary problem',
  'server-permanent': 'The mail server reported a problem that needs your provider',
  'command-failed': 'The mail server refused a request',
  protocol: 'The mail server sent an answer Poplar could not understand',
  'line-too-long': 'The mail server sent an answer Poplar could not use',
  'response-too-large': 'The mail server sent an answer Poplar could not use',
  'invalid-argument': 'An account setting cannot be sent to the server',
  aborted: 'The check was stopped',
  'local-lock': 'Another Poplar on this computer was checking this mailbox',
  'no-password': 'Poplar has no password for this account',
  'uidl-unsupported': 'This server cannot tell its messages apart (no UIDL)',
  'ca-file': 'The account’s CA certificate file cannot be read',
  'disk-full': 'The disk is full',
  store: 'Poplar’s mail database has a problem',
};

/**
 * Whether a refused login is confirmed to be about the credentials: [AUTH] (RFC 3206 §5), or
 * words that name the password. Read again from the recorded code and text, so a session
 * recorded by an older Poplar — which called every bare -ERR at login 'auth-failed' — is
 * worded as the unconfirmed refusal it was.
 */
function certainAuth(ctx: CauseContext): boolean {
  const error = ctx.failed.error;
  if (!error) return false;
  return classifyAuthRefusal({ code: error.responseCode, text: error.serverText ?? '' }, 'PASS').code === 'auth-failed';
}

function explanationOf(ctx: CauseContext, code: string): string {
  if (!isPop3Code(code)) return ctx.failed.error?.message ?? code;
  // The server's words are cited in the evidence, so they are left out here.
  return describePop3Error(
    new Pop3Error(code, { responseCode: ctx.failed.error?.responseCode ?? null, certain: code !== 'auth-failed' || certainAuth(ctx) }),
  );
}

export function explainFailure(ctx: CauseContext, code: string): Explained {
  const cause = causeOfCode(code);
  if (cause === 'auth') return explainAuth(ctx, code);
  const local = code === 'local-lock';
  return {
    cause,
    title: TITLES[code] ?? (cause === 'local' ? 'A problem on this computer stopped the check' : 'The mail server reported a problem'),
    explanation: local
      ? 'Another Poplar window or `poplar` command on this computer was checking this mailbox at that moment. Poplar never opens two connections to one mailbox, so this check was skipped; nothing is wrong.'
      : explanationOf(ctx, code),
    evidence: [...ctx.serverEvidence],
    poplarWillDo: willCheck(
      ctx.input,
      code === 'server-permanent' ? 'Poplar keeps trying, less and less often, and checks again' : 'Poplar will try again',
    ),
    youCanDo: local ? ['Nothing: the other check downloads the mail.'] : adviceFor(cause, code),
  };
}

function adviceFor(cause: Cause, code: string): string[] {
  if (code === 'server-temporary') return ['Nothing needs to change in your settings; wait for the provider to fix it.'];
  if (code === 'server-permanent')
    return ['Contact your mail provider and give them the server’s words below (or the diagnostics report).'];
  if (cause === 'network') {
    return [
      'Check that this computer is online.',
      'If it keeps happening while other sites work, check the server name and port in the account settings, or ask your provider whether the server is down.',
    ];
  }
  if (cause === 'local') return ['Follow the explanation above; the next check works once that is fixed.'];
  return [
    'If it keeps happening, send the diagnostics report (“Copy report”) to your mail provider: the server’s own words tell them what went wrong.',
  ];
}

function explainAuth(ctx: CauseContext, code: string): Explained {
  if (code === 'login-refused' || (code === 'auth-failed' && !certainAuth(ctx))) return explainLoginRefused(ctx);
  const paused =
    'Poplar has stopped checking this account, because trying a wrong password again and again can get the account blocked at your provider. ' +
    'It checks again when you press “Check now”, for example after correcting the password.';
  if (code === 'auth-unsupported') {
    return {
      cause: 'auth',
      title: TITLES[code] ?? 'The server does not offer the chosen sign-in method',
      explanation: explanationOf(ctx, code),
      evidence: [...ctx.serverEvidence],
      poplarWillDo: paused,
      youCanDo: ['In the account settings, set the sign-in method to “Automatic” or to one the server offers.'],
    };
  }
  return {
    cause: 'auth',
    title: 'The mail server did not accept the user name or password',
    explanation: explanationOf(ctx, code),
    evidence: [
      ...ctx.serverEvidence,
      ctx.failed.error?.responseCode === 'AUTH'
        ? 'The response code [AUTH] means the credentials were refused (RFC 3206 §5).'
        : 'The server’s words say the user name or password was refused.',
    ],
    poplarWillDo: paused,
    youCanDo: [
      'Check the user name and password in the account settings. Some providers (Gmail, Outlook, iCloud, Yahoo) need an app password instead of your normal one.',
    ],
  };
}

/** Refusals without a reason in a row, newest first, up to the last session that was not one. */
function refusalsInARow(ctx: CauseContext): number {
  let n = 0;
  for (const s of ctx.input.sessions) {
    if (s.endedAt === undefined || s.startedAt > ctx.failed.startedAt) continue;
    if (s.error?.code !== 'login-refused' && s.error?.code !== 'auth-failed') break;
    n++;
  }
  return n;
}

/**
 * A login refused with no code and no words Poplar can read ('login-refused'): it may be the
 * password, or a busy server that words its refusals like one. Poplar retries a few times,
 * minutes apart (sync/policy.ts), and only then stops as for a probable password problem —
 * the diagnosis says which of the two is the case, and never both.
 */
function explainLoginRefused(ctx: CauseContext): Explained {
  const { input } = ctx;
  // Stopped by the schedule (sync/policy.ts), not by the user: the pause of a probable password problem.
  const stopped =
    !input.account.paused &&
    input.pausedBy !== 'user' &&
    (input.pausedBy === 'login-refused' || input.pausedBy === 'auth-failed' || input.nextCheckAt === null);
  const inARow = refusalsInARow(ctx);
  const evidence = [
    ...ctx.serverEvidence,
    'The server gave no response code and no reason Poplar can read (nothing about a lock, a busy server or the password), so the cause is not confirmed.',
  ];
  if (inARow >= 2) evidence.push(`The server has refused ${plural(inARow, 'login')} in a row this way.`);
  if (stopped) {
    return {
      cause: 'auth',
      title:
        inARow >= 2
          ? 'The mail server keeps refusing the login: the password is probably wrong'
          : 'The mail server refused the login: the password is probably wrong',
      explanation:
        inARow >= 2
          ? 'The mail server refused the login without giving a reason, again and again, minutes apart. A server that was only busy would most likely have let Poplar in by now, ' +
            'so the user name or password is probably wrong.'
          : 'The mail server refused the login without giving a reason. Most often that means the user name or password is wrong.',
      evidence,
      poplarWillDo:
        input.pausedBy === 'login-refused'
          ? willCheck(input, 'Poplar will try again')
          : 'Poplar has stopped checking this account, because trying a wrong password again and again can get the account blocked at your provider. ' +
            'It checks again when you press “Check now”, for example after correcting the password.',
      youCanDo: [
        'Check the user name and password in the account settings, then press “Check now”. Some providers (Gmail, Outlook, iCloud, Yahoo) need an app password instead of your normal one.',
        'If the password is right, ask your provider why the server refuses the login; the server’s words below may help them.',
      ],
    };
  }
  return {
    cause: 'auth',
    title: 'The mail server refused the login without saying why',
    explanation:
      'The mail server refused the login and gave no reason. It may have been busy for a moment, or the user name or password may be wrong; ' +
      'from its answer alone, Poplar cannot tell which.',
    evidence,
    poplarWillDo: willCheck(input, 'The server refused without a reason; Poplar will try again', 'if it refuses again, check the password'),
    youCanDo: [
      'Nothing yet, if the password has not changed: Poplar tries again a few times, minutes apart, and stops only if the server keeps refusing.',
      'If you changed the password recently, or the server keeps refusing, check the user name and password in the account settings; some providers need an app password.',
    ],
  };
}
