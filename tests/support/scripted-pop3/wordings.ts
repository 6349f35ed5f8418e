// How real servers word "your mailbox is locked". Many send no response code at all, so a
// client that only looks for [IN-USE] (RFC 2449 §8.1.2) misreads half of them. And how the
// scripted server words the rest of its replies where it speaks unlike the demo.
import { DEFAULT_REPLIES, type Replies } from '../../../electron/pop3-server/replies.ts';

export interface LockRefusalWording {
  /** The whole reply line, without CRLF. */
  reply: string;
  /** The RFC 2449 response code in it, or null. */
  code: 'IN-USE' | null;
  /** Where the text comes from: the server and place, or the RFC section. */
  source: string;
}

export const LOCK_REFUSAL_WORDINGS = {
  dovecot: {
    reply: '-ERR [IN-USE] Mailbox is locked by another POP3 session.',
    code: 'IN-USE',
    source: 'Dovecot pop3, lock_session() when pop3_lock_session = yes',
  },
  rfc1939Example: {
    reply: '-ERR maildrop already locked',
    code: null,
    source: 'RFC 1939 §7, PASS command, Examples',
  },
  rfc1939Response: {
    reply: '-ERR unable to lock maildrop',
    code: null,
    source: 'RFC 1939 §7, PASS command, Possible Responses',
  },
  cyrus: {
    reply: '-ERR [IN-USE] Unable to lock maildrop',
    code: 'IN-USE',
    source: 'Cyrus IMAP pop3d (2.x), openinbox()',
  },
  cyrusWithReason: {
    reply: '-ERR [IN-USE] Unable to lock maildrop: Mailbox is locked by POP server',
    code: 'IN-USE',
    source:
      'seen in the wild: quoted verbatim by public client code that special-cases it; ' +
      "later Cyrus pop3d's format is '-ERR [IN-USE] Unable to lock maildrop: %s'",
  },
  popperInUse: {
    reply: '-ERR [IN-USE] Maildrop lock busy!  Is another session active?',
    code: 'IN-USE',
    source: 'Berkeley popper as in Heimdal appl/popper/pop_dropcopy.c (pop_msg adds "-ERR "), after CAPA',
  },
  popper: {
    reply: '-ERR Maildrop lock busy!  Is another session active?',
    code: null,
    source: 'Berkeley popper and its descendants (pop_dropcopy.c), without CAPA',
  },
  noCode: {
    reply: '-ERR Mailbox is locked by POP server',
    code: null,
    source: 'constructed: the in-the-wild Cyrus reason above without its code, for servers that send none',
  },
  solidPop3dDotLock: {
    reply: "-ERR can't lock mailbox file",
    code: null,
    source: 'solid-pop3d 0.15 src/mailbox.c mb_init(), send_error("can\'t lock mailbox file"): after PASS, while a dot-lock is held',
  },
} as const satisfies Record<string, LockRefusalWording>;

/**
 * Refusals that name a temporary state rather than another session: not a lock, and never a
 * password problem (Poplar reads them as 'server-temporary').
 */
export const TEMPORARY_REFUSAL_WORDINGS = {
  courierStickyBit: {
    reply: '-ERR Your account is temporarily unavailable (+t bit set on home directory).',
    code: null,
    source: 'Courier pop3dserver.c: the home directory has the sticky bit (chmod +t), an administrator lock',
  },
} as const satisfies Record<string, LockRefusalWording>;

export type LockRefusalId = keyof typeof LOCK_REFUSAL_WORDINGS;

/** The refusal a server sends when LOGIN-DELAY (RFC 2449 §6.5, §8.1.1) is not respected. */
export const loginDelayRefusal: (seconds: number) => string = DEFAULT_REPLIES.loginDelay;

/** RFC 3206: `[AUTH]` says the credentials were wrong, not the server. */
export const AUTH_FAILED = DEFAULT_REPLIES.authFailed;

/** The scripted server's replies where they differ from the server's defaults (the demo's). */
export const SCRIPTED_REPLIES: Partial<Replies> = {
  banner: 'Scripted POP3 server ready.',
  noUser: '-ERR No username given.',
  loggedIn: () => '+OK Logged in, maildrop locked and ready.',
  notLoggedIn: '-ERR Unknown command, or not valid before login.',
  unknownBeforeLogin: '-ERR Unknown command, or not valid before login.',
  messageDeleted: (n) => `-ERR Message ${n} is already deleted.`,
};
