// The texts the server answers with. A caller may reword any of them (the scripted test server
// speaks like a different server than the demo does); the defaults are the demo's.

export interface Replies {
  /** The greeting after "+OK " (an APOP timestamp follows when there is one). */
  readonly banner: string;
  readonly capabilities: string;
  readonly noUser: string;
  /** RFC 3206 §4 [AUTH]: the credentials are wrong, not the server in trouble. */
  readonly authFailed: string;
  /** The maildrop is held by another session (RFC 1939 §4, RFC 2449 §8.1.2). */
  readonly locked: string;
  /** RFC 2449 §8.1.1: a login sooner than the announced LOGIN-DELAY. */
  loginDelay(seconds: number): string;
  loggedIn(messages: number, octets: number): string;
  readonly alreadyLoggedIn: string;
  /** A TRANSACTION command before login. */
  readonly notLoggedIn: string;
  /** A command this server does not know, before login. */
  readonly unknownBeforeLogin: string;
  readonly unknown: string;
  readonly syntax: string;
  readonly lineTooLong: string;
  readonly tooManyBadCommands: string;
  readonly inactivity: string;
  readonly tooManyConnections: string;
  readonly invalidMessageNumber: string;
  noSuchMessage(n: number): string;
  messageDeleted(n: number): string;
  readonly invalidLines: string;
  readonly apopUnavailable: string;
  readonly tlsActive: string;
  readonly startTls: string;
  readonly logout: string;
  logoutDeleted(count: number): string;
}

export const DEFAULT_REPLIES: Replies = {
  banner: 'POP3 server ready.',
  capabilities: '+OK Capability list follows',
  noUser: '-ERR No user name given.',
  authFailed: '-ERR [AUTH] Authentication failed.',
  // Dovecot's wording (src/pop3/main.c), which Poplar's diagnostics recognise (lock-refusal.ts).
  locked: '-ERR [IN-USE] Mailbox is locked by another POP3 session.',
  // After Cyrus pop3d's "Logins must be at least %d minute%s apart".
  loginDelay: (seconds) => `-ERR [LOGIN-DELAY] Logins must be at least ${seconds} seconds apart`,
  loggedIn: (messages, octets) => `+OK Logged in, maildrop has ${messages} messages (${octets} octets).`,
  alreadyLoggedIn: '-ERR Already logged in.',
  notLoggedIn: '-ERR Not logged in.',
  unknownBeforeLogin: '-ERR Unknown command.',
  unknown: '-ERR Unknown command.',
  syntax: '-ERR Syntax error.',
  lineTooLong: '-ERR Line too long.',
  tooManyBadCommands: '-ERR Too many bad commands.',
  inactivity: '-ERR Disconnected for inactivity.',
  // RFC 3206 §4 [SYS/TEMP]: a passing condition on our side; try again later.
  tooManyConnections: '-ERR [SYS/TEMP] Too many connections, try again later.',
  invalidMessageNumber: '-ERR Invalid message number.',
  noSuchMessage: (n) => `-ERR There is no message ${n}.`,
  messageDeleted: (n) => `-ERR Message ${n} is deleted.`,
  invalidLines: '-ERR Invalid number of lines.',
  apopUnavailable: '-ERR APOP is not available: the greeting had no timestamp.',
  tlsActive: '-ERR TLS is already active.',
  startTls: '+OK Begin TLS negotiation.',
  logout: '+OK Logging out.',
  logoutDeleted: (count) => `+OK Logging out, ${count} messages deleted.`,
};
