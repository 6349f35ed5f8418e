// What a server is told when it starts, and the same with every default filled in.
import { DEFAULT_LIMITS, type ServerLimits } from './limits.ts';
import type { Hook } from './hook.ts';
import type { MaildropMessage } from './maildrop.ts';
import { DEFAULT_REPLIES, type Replies } from './replies.ts';
import type { Pop3User } from './sasl.ts';
import type { EndedBy } from './session.ts';

/** What the server tells its caller about its sessions (a test server keeps records of them). */
export interface SessionObserver {
  /** A connection was accepted as session `session` (1-based, in order of connection). */
  opened?(session: number): void;
  /** A line the client sent, as received (PASS arguments and SASL lines included). */
  received?(session: number, line: string): void;
  /** A login was accepted and the maildrop locked for `user`. */
  loggedIn?(session: number, user: string): void;
  /** UPDATE (RFC 1939 §6): these messages were removed from the maildrop. */
  committed?(session: number, deleted: readonly MaildropMessage[]): void;
  /** The session ended for the server: QUIT answered, the server closed it, or the client's close seen. */
  ended?(session: number, endedBy: EndedBy): void;
}

export interface SaslSettings {
  /** XOAUTH2 bearer tokens by user name; XOAUTH2 is offered when there are any. */
  readonly xoauth2Tokens?: Readonly<Record<string, string>>;
  /** A fixed CRAM-MD5 challenge (RFC 2195 §2), for its test vector; fresh ones otherwise. */
  readonly cramMd5Challenge?: string | undefined;
}

export interface Pop3ServerOptions {
  readonly users: readonly Pop3User[];
  readonly messages?: readonly MaildropMessage[];
  /**
   * APOP (RFC 1939 §7): `true` adds a fresh `<pid.clock@host>` timestamp to each greeting;
   * a string is used as the timestamp of every greeting (for the RFC's test vector).
   */
  readonly apopTimestamp?: boolean | string | undefined;
  /** AUTH (RFC 5034) with PLAIN, LOGIN and CRAM-MD5 (and XOAUTH2 with tokens); no AUTH when absent. */
  readonly sasl?: SaslSettings | undefined;
  /** The CAPA lines, replacing the computed list. Only what CAPA announces changes. */
  readonly capabilities?: readonly string[] | undefined;
  /** Announce `LOGIN-DELAY n` (RFC 2449 §6.5) and refuse logins closer than that. */
  readonly loginDelaySeconds?: number | undefined;
  /** Offer STLS (RFC 2595 §4) with this key and certificate (PEM). */
  readonly tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
  /**
   * Refuse a login while another session holds the maildrop (RFC 1939 §4: the server
   * "acquires an exclusive-access lock on the maildrop"). Default true.
   */
  readonly exclusiveLock?: boolean | undefined;
  readonly replies?: Partial<Replies> | undefined;
  readonly limits?: Partial<ServerLimits> | undefined;
  readonly hook?: Hook | undefined;
  readonly observer?: SessionObserver | undefined;
  /** Milliseconds since the epoch; for LOGIN-DELAY and timestamps. Date.now by default. */
  readonly clock?: (() => number) | undefined;
}

/** The options with every default filled in, as the sessions read them. */
export type ServerSettings = Omit<
  Pop3ServerOptions,
  'messages' | 'exclusiveLock' | 'replies' | 'limits' | 'hook' | 'observer' | 'clock'
> & {
  readonly exclusiveLock: boolean;
  readonly replies: Replies;
  readonly limits: ServerLimits;
  readonly hook: Hook;
  readonly observer: SessionObserver;
  readonly clock: () => number;
};

export function settingsFrom(options: Pop3ServerOptions): ServerSettings {
  return {
    ...options,
    exclusiveLock: options.exclusiveLock ?? true,
    replies: { ...DEFAULT_REPLIES, ...options.replies },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    hook: options.hook ?? (() => undefined),
    observer: options.observer ?? {},
    clock: options.clock ?? Date.now,
  };
}
