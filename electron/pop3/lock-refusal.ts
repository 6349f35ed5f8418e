// Why a server turned a login away. The response code decides when there is one; many servers
// send none, so known wordings are matched by text, and after them a general vocabulary
// (refusal-vocabulary.ts). RFC 3206 §3 records the practice: "Some deployed POP3 clients
// attempt to parse the text of authentication failure errors, looking for strings known to be
// issued by various servers which indicate the mailbox is locked." Every row of the wording
// tables names where its words come from; nothing in them is guessed.
import type { Pop3ErrorCode } from './errors.ts';
import { matchRefusalVocabulary, type VocabularyKind } from './refusal-vocabulary.ts';

/** Where in the login the refusal came. */
export type AuthStep = 'greeting' | 'USER' | 'PASS' | 'APOP' | 'AUTH';

export interface Wording {
  /** Which server (or document) sends these words, and where that was checked. */
  readonly server: string;
  /** The server's text after "-ERR " (response code included when the server sends one). */
  readonly example: string;
  /** Case-insensitive; matched against the text after the status and response code. */
  readonly pattern: RegExp;
}

/** Texts that mean "another session holds the maildrop", from servers that may omit [IN-USE]. */
export const LOCK_WORDINGS: readonly Wording[] = [
  {
    server: 'Dovecot 2.3, pop3_lock_session = yes (src/pop3/main.c; seen from 2.3.19, fixtures/dovecot-2.3-lock.txt)',
    example: '[IN-USE] Mailbox is locked by another POP3 session.',
    pattern: /mailbox is locked by another pop3 session/i,
  },
  {
    server: 'RFC 1939 §7, PASS "Possible Responses"; also the start of Cyrus pop3d\'s "[IN-USE] Unable to lock maildrop: %s"',
    example: 'unable to lock maildrop',
    pattern: /unable to lock maildrop/i,
  },
  {
    server: 'RFC 1939 §7, PASS example',
    example: 'maildrop already locked',
    pattern: /maildrop already locked/i,
  },
  {
    server: 'Cyrus IMAP pop3d (imap/pop3d.c, "[IN-USE] Unable to lock maildrop: %s" with the IMAP_MAILBOX_POPLOCKED text)',
    example: '[IN-USE] Unable to lock maildrop: Mailbox is locked by POP server',
    pattern: /mailbox is locked by pop server/i,
  },
  {
    server: 'UW IMAP ipop3d (src/ipopd/ipop3d.c, mbxopen: the mailbox opened read-only)',
    example: "Can't get lock.  Mailbox in use",
    pattern: /can'?t get lock\.?\s+mailbox in use/i,
  },
  {
    server: 'Berkeley popper and its descendants (pop_dropcopy.c); Qualcomm qpopper 4 adds [IN-USE], the spool path and errno',
    example: 'Maildrop lock busy!  Is another session active?',
    pattern: /lock busy!\s+is another session active/i,
  },
  {
    // send_error("can't lock mailbox file") in mb_init(), after PASS was accepted, when the
    // dot-lock (/var/mail/USER.lock, left by a mail delivery) stays for its ~5 s of retries.
    server: 'solid-pop3d 0.15 (src/mailbox.c, mb_init: the mbox dot-lock is held, as by a mail delivery)',
    example: "can't lock mailbox file",
    pattern: /can[’']?t (?:set )?lock (?:on )?mail ?box/i,
  },
];

/**
 * Texts that mean "this account is unavailable for a while", set by the administrator or the
 * server: no other session is involved, and nothing about the password. Read as
 * 'server-temporary' rather than 'mailbox-locked' because the lock advice ("look for the
 * other program or device") would send the user looking for something that does not exist;
 * what helps is to wait (Poplar backs off) and, if it lasts, to ask the provider.
 */
export const TEMPORARY_WORDINGS: readonly Wording[] = [
  {
    server:
      'Courier (pop3dserver.c: the sticky bit on the home directory, which an administrator sets to lock the account out during maintenance)',
    example: 'Your account is temporarily unavailable (+t bit set on home directory).',
    pattern: /account is temporarily unavailable \(\+t bit set on home directory\)/i,
  },
];

/**
 * Texts that mean "too many connections for this user/IP" — a limit, not a lock: the advice
 * differs (close other clients rather than wait for one to finish). Checked before the code,
 * because Dovecot sends it under [IN-USE].
 */
export const CONNECTION_LIMIT_WORDINGS: readonly Wording[] = [
  {
    server:
      'Dovecot login-common (sasl-server.c, ERR_TOO_MANY_USERIP_CONNECTIONS). 2.3.19 sends it as [IN-USE] ' +
      '(fixtures/dovecot-2.3-userip-limit.txt); later pop3-login sources send its TEMPFAIL replies as [SYS/TEMP]',
    example: '[IN-USE] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)',
    pattern: /maximum number of connections from user\+ip exceeded/i,
  },
];

/** Server facts that change how a bare -ERR reads (from CAPA, see capabilities.ts). */
export interface RefusalContext {
  /** RFC 3206 §6: with AUTH-RESP-CODE, every credentials failure carries [AUTH]. */
  readonly authRespCode: boolean;
}

export interface RefusalClass {
  readonly code: Pop3ErrorCode;
  /**
   * False when the code is read from general words or is a fallback for a refusal without
   * code or readable reason (RFC 2449 §8: without codes a -ERR may mean anything).
   */
  readonly certain: boolean;
}

/** The wording row a text matches, if any (for diagnostics to cite). */
export function matchLockWording(text: string): Wording | null {
  return LOCK_WORDINGS.find((w) => w.pattern.test(text)) ?? null;
}

const BY_VOCABULARY: Readonly<Record<Exclude<VocabularyKind, 'credentials'>, Pop3ErrorCode>> = {
  'connection-limit': 'too-many-connections',
  // A hold the provider put on the account: waiting helps, looking for another program does not.
  'account-hold': 'server-temporary',
  lock: 'mailbox-locked',
  temporary: 'server-temporary',
};

/** A lock, limit or temporary state named by the text's words, if any: never a password problem. */
function notThePassword(text: string): RefusalClass | null {
  const words = matchRefusalVocabulary(text, ['connection-limit', 'account-hold', 'lock', 'temporary']);
  return words && words.kind !== 'credentials' ? { code: BY_VOCABULARY[words.kind], certain: false } : null;
}

/**
 * Classifies a -ERR received at `step` of the login (or a -ERR greeting). Never call it for
 * a +OK: Cyrus answers a good login with "+OK Mailbox locked and ready", which is a success.
 *
 * In order, the first that applies:
 *   1. a known connection-limit text (Dovecot sends it under [IN-USE], so before the codes);
 *   2. the response codes that settle it: [IN-USE], [LOGIN-DELAY] (RFC 2449 §8.1),
 *      [SYS/TEMP], [SYS/PERM] (RFC 3206 §4);
 *   3. a known wording (a lock, or a temporary unavailability), even under [AUTH];
 *   4. [AUTH] (RFC 3206 §5): the credentials — unless its words name a lock or a temporary
 *      state, which is never treated as a password problem (uncertain, then);
 *   5. at the greeting, nothing else: no credentials were seen, so it is the server's state;
 *   6. the general vocabulary: a connection limit, a lock, a temporary state (uncertain);
 *   7. words that name the password or the credentials: a confirmed 'auth-failed' — except
 *      from a server that promised AUTH-RESP-CODE (RFC 3206 §6) and still sent no [AUTH]:
 *      the words and the promise disagree, so it is 'login-refused' (retried, then paused);
 *   8. nothing readable: 'login-refused', unconfirmed — or, from a server that promised
 *      AUTH-RESP-CODE, not a credentials failure at all: 'server-temporary', uncertain.
 */
export function classifyAuthRefusal(
  resp: { readonly code: string | null; readonly text: string },
  step: AuthStep,
  context: RefusalContext = { authRespCode: false },
): RefusalClass {
  const code = resp.code?.toUpperCase() ?? null;
  const text = resp.text;
  if (CONNECTION_LIMIT_WORDINGS.some((w) => w.pattern.test(text))) return { code: 'too-many-connections', certain: true };

  if (code === 'IN-USE') return { code: 'mailbox-locked', certain: true }; // RFC 2449 §8.1.2
  if (code === 'LOGIN-DELAY') return { code: 'login-delay', certain: true }; // RFC 2449 §8.1.1
  if (code === 'SYS/TEMP' || code?.startsWith('SYS/TEMP/')) return { code: 'server-temporary', certain: true }; // RFC 3206 §4
  if (code === 'SYS/PERM' || code?.startsWith('SYS/PERM/')) return { code: 'server-permanent', certain: true };
  if (code === 'SYS') return { code: 'server-temporary', certain: false }; // RFC 3206 defines only SYS/TEMP and SYS/PERM

  if (matchLockWording(text) !== null) return { code: 'mailbox-locked', certain: true };
  if (TEMPORARY_WORDINGS.some((w) => w.pattern.test(text))) return { code: 'server-temporary', certain: true };

  if (code === 'AUTH') return notThePassword(text) ?? { code: 'auth-failed', certain: true }; // RFC 3206 §5

  // A -ERR greeting turns everyone away before any credentials are seen.
  if (step === 'greeting') return { code: 'server-temporary', certain: false };

  const state = notThePassword(text);
  if (state) return state;
  if (matchRefusalVocabulary(text, ['credentials']) !== null) {
    return context.authRespCode ? { code: 'login-refused', certain: false } : { code: 'auth-failed', certain: true };
  }
  return context.authRespCode ? { code: 'server-temporary', certain: false } : { code: 'login-refused', certain: false };
}
