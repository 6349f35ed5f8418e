// The public shapes of the scripted POP3 server: its options, its rules and what it records.

/** One message in the server's mailbox. The body is RFC 5322 text; bare LFs become CRLF. */
export interface ScriptedMessage {
  uidl: string;
  body: Buffer | string;
  /** What LIST and STAT say its size is, when that should be a lie (the real size otherwise). */
  listedSize?: number;
}

/** A login. The password is also the APOP and CRAM-MD5 shared secret. */
export interface ScriptedUser {
  name: string;
  password: string;
}

/**
 * The verbs a rule can match: any command verb as the client sent it (upper-cased), plus
 * two moments that are not commands:
 * - `GREETING`: the server's first line, before the client has said anything;
 * - `LOGIN`: credentials were accepted (by PASS, APOP or AUTH) and the server is about to
 *   lock the maildrop. This is where real servers refuse with `[IN-USE]` (RFC 2449 §8.1.2:
 *   "the authentication was successful, but the user's maildrop is currently in use").
 */
export type RuleCommand = 'GREETING' | 'LOGIN' | (string & {});

export interface RuleWhen {
  command: RuleCommand;
  /** 1-based index of the session (connection) on this server. Any session when absent. */
  session?: number;
  /** 1-based occurrence of `command` within the session. Every occurrence when absent. */
  nth?: number;
  /** The argument text after the verb (`RETR 2` → `'2'`): an exact string or a pattern. */
  arg?: string | RegExp;
}

/** How the server ends a connection: `end` sends FIN after what was written; `reset` sends RST. */
export type CloseMode = 'end' | 'reset';

/**
 * What to do instead of, or around, the default handling of a matched command. In order:
 * wait `delayMs`; `stall` (answer nothing, ever); send `raw`, then `reply`; when neither
 * `raw` nor `reply` is given, run the default handler (limited to `dropAfterBytes` bytes
 * when set); finally close the connection if `close` or `dropAfterBytes` says so.
 * A rule that replies does not change the session's state: a scripted `-ERR` at PASS
 * leaves the session in AUTHORIZATION, as a real refusal does.
 */
export interface Rule {
  when: RuleWhen;
  /** Lines to send; CRLF is added to each. */
  reply?: string | readonly string[];
  /** Exact bytes to send (garbage, an over-long line, a bare LF). Sent before `reply`. */
  raw?: Buffer | string;
  /** Milliseconds to wait before acting (real time: this is socket I/O). */
  delayMs?: number;
  /** Never answer this command nor any later one, until the connection closes. */
  stall?: boolean;
  /**
   * Send only the first N bytes of the default response (RETR, TOP, LIST, UIDL, ...), then
   * close the connection (with `close`, default `end`). The connection is closed even when
   * the response was shorter than N.
   */
  dropAfterBytes?: number;
  /**
   * Close after acting. `reset` waits until the bytes before it have been handed to the
   * kernel, but the peer may still discard unread bytes when the RST arrives; use `end`
   * when a test counts the bytes that arrived.
   */
  close?: CloseMode;
  /** Remove the rule after it fired once. */
  once?: boolean;
  /**
   * Send what the rule (or the default handler) answers `bytes` at a time, one piece every
   * `everyMs`: a server that is never silent for long and never finishes (a drip-feed).
   */
  drip?: { bytes: number; everyMs: number };
  /**
   * Answer with `status` (default `+OK`), then `line` + CRLF, `linesPerTick` times every
   * `everyMs`, for as long as the connection lasts: a multi-line reply without its end.
   */
  endless?: { status?: string; line?: string; everyMs: number; linesPerTick?: number };
}

/** How a session ended, from the server's point of view; null while it is open. */
export type EndedBy = 'quit' | 'client-closed' | 'server-closed';

export interface SessionRecord {
  /** 1-based, in order of connection. */
  index: number;
  openedAt: number;
  /**
   * When the session ended for the server: QUIT answered, the server closed it, or the
   * client's close seen. The socket itself may linger a moment longer.
   */
  closedAt: number | null;
  /** Every line the client sent, as received (PASS arguments and SASL lines included). */
  commands: string[];
  endedBy: EndedBy | null;
  /** UIDLs removed from the mailbox in the UPDATE state (RFC 1939 §6). */
  deleted: string[];
  /** The user whose login was accepted, or null. */
  user: string | null;
}

export interface ScriptedPop3Options {
  users?: readonly ScriptedUser[];
  messages?: readonly ScriptedMessage[];
  /** Greeting text after `+OK `. */
  banner?: string;
  /**
   * APOP (RFC 1939 §7): `true` adds a fresh `<pid.clock@host>` timestamp to each greeting;
   * a string is used as the timestamp of every greeting (for the RFC's test vector).
   */
  apopTimestamp?: boolean | string;
  /** A fixed CRAM-MD5 challenge (RFC 2195 §2), for its test vector; fresh ones otherwise. */
  cramMd5Challenge?: string;
  /** The CAPA lines, replacing the default list. Only what CAPA announces changes. */
  capabilities?: readonly string[];
  /** Announce `LOGIN-DELAY n` (RFC 2449 §6.5) and refuse logins closer than that. */
  loginDelaySeconds?: number;
  /** Offer STLS (RFC 2595 §4) with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** XOAUTH2 bearer tokens by user name; offering XOAUTH2 in SASL when given. */
  xoauth2Tokens?: Readonly<Record<string, string>>;
  rules?: readonly Rule[];
  /**
   * Refuse a login while another session holds the maildrop (RFC 1939 §4: the server
   * "acquires an exclusive-access lock on the maildrop"). Default true.
   */
  exclusiveLock?: boolean;
  /** The reply to a login refused by `exclusiveLock`. Default: Dovecot's wording. */
  lockRefusal?: string;
  /** Milliseconds since the epoch; used for records, timestamps and LOGIN-DELAY. */
  clock?: () => number;
}
