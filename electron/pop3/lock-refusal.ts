// Why a server turned a login away. The response code decides when there is one; many servers
// send none, so known lock wordings are matched by text. RFC 3206 §3 records the practice:
// "Some deployed POP3 clients attempt to parse the text of authentication failure errors,
// looking for strings known to be issued by various servers which indicate the mailbox is
// locked." Every row below names where its words come from; nothing is guessed.
import type { Pop3ErrorCode } from './errors.ts';

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
];

/**
 * Texts that mean "too many connections for this user/IP" — a limit, not a lock: the advice
 * differs (close other clients rather than wait for one to finish). Checked before the code,
 * because Dovecot sends it under [IN-USE].
 */
export const CONNECTION_LIMIT_WORDINGS: readonly Wording[] = [
  {
    server: 'Dovecot login-common (sasl-server.c, ERR_TOO_MANY_USERIP_CONNECTIONS). 2.3.19 sends it as [IN-USE] ' +
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
  /** False when the code is a guess from a bare -ERR (RFC 2449 §8: without codes it may mean anything). */
  readonly certain: boolean;
}

/** The wording row a text matches, if any (for diagnostics to cite). */
export function matchLockWording(text: string): Wording | null {
  return LOCK_WORDINGS.find((w) => w.pattern.test(text)) ?? null;
}

/**
 * Classifies a -ERR received at `step` of the login (or a -ERR greeting).
 *
 * Order: a connection-limit text; the response codes that settle it (IN-USE, LOGIN-DELAY,
 * SYS/*); a known lock wording; [AUTH]; then, with nothing to go on, the step decides:
 * a refusal of credentials is 'auth-failed' but marked uncertain — unless the server promised
 * AUTH-RESP-CODE, in which case a credentials failure would have said [AUTH], so it is not one.
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

  if (code === 'AUTH') return { code: 'auth-failed', certain: true }; // RFC 3206 §5

  // No code we know. A -ERR greeting turns everyone away before any credentials are seen.
  if (step === 'greeting') return { code: 'server-temporary', certain: false };
  if (context.authRespCode) return { code: 'server-temporary', certain: false };
  return { code: 'auth-failed', certain: false };
}
