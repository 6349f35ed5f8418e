// The public shapes of the scripted POP3 server: its options, its rules and what it records.
// What a rule can do is the server's hook action (electron/pop3-server/hook.ts); this server
// adds when a rule applies.
import type { Action } from '../../../electron/pop3-server/hook.ts';
import type { EndedBy } from '../../../electron/pop3-server/session.ts';
import type { Pop3ServerOptions } from '../../../electron/pop3-server/settings.ts';

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
 * `GREETING` and `LOGIN` (see the hook's Moment).
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

/** When to act, and what to do instead of, or around, the default handling (the hook's Action). */
export interface Rule extends Action {
  when: RuleWhen;
  /** Remove the rule after it fired once. */
  once?: boolean;
}

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

/** The server's own options (electron/pop3-server/settings.ts), and what this server adds. */
export interface ScriptedPop3Options extends Pick<
  Pop3ServerOptions,
  'apopTimestamp' | 'capabilities' | 'loginDelaySeconds' | 'tls' | 'exclusiveLock' | 'clock'
> {
  users?: readonly ScriptedUser[];
  messages?: readonly ScriptedMessage[];
  /** Greeting text after `+OK `. */
  banner?: string;
  /** A fixed CRAM-MD5 challenge (RFC 2195 §2), for its test vector; fresh ones otherwise. */
  cramMd5Challenge?: string;
  /** XOAUTH2 bearer tokens by user name; offering XOAUTH2 in SASL when given. */
  xoauth2Tokens?: Readonly<Record<string, string>>;
  rules?: readonly Rule[];
  /** The reply to a login refused by `exclusiveLock`. Default: Dovecot's wording. */
  lockRefusal?: string;
}
