// Every bound the POP3 server enforces, in one place, each with the reason for its number (the
// server side of electron/pop3/limits.ts). The server only listens on 127.0.0.1, but any local
// program can connect to it, so by default it is held to the same standard as a real server: no
// input makes it buffer without bound, hang, or crash the process it runs in. A fault-injection
// test server may lift a bound (Infinity, or 0 for the idle timer) to stay out of the test's way.

export interface ServerLimits {
  /** Longest command line read, in octets without the line end. */
  readonly maxCommandLineOctets: number;
  /** Command bytes read but not yet answered, before the socket is paused. */
  readonly maxPendingInputOctets: number;
  /** Inactivity autologout in milliseconds; 0 turns it off. */
  readonly idleTimeoutMs: number;
  /** Unknown or malformed commands in a row before the server hangs up. */
  readonly maxBadCommands: number;
  /** Refused logins on one connection before the server hangs up. */
  readonly maxAuthFailures: number;
  /** Connections open at once, logged in or not. */
  readonly maxConnections: number;
}

/**
 * Longest command line we read, in octets without the line end. RFC 2449 §4 caps a command at
 * 255 octets including the CRLF and says servers MUST accept that much; twice that lets a
 * client a little over the limit still work, and a client streaming bytes without a line break
 * costs at most this much memory. Longer lines are discarded up to the next line end and
 * answered with -ERR.
 */
export const MAX_COMMAND_LINE_OCTETS = 512;

/**
 * Command bytes read but not yet answered, before we stop reading the socket. A pipelining
 * client (RFC 2449 §6.6) may send many commands at once; we answer them one by one and pause
 * the socket while this much is queued, so TCP flow control slows the client instead of our
 * memory growing.
 */
export const MAX_PENDING_INPUT_OCTETS = 64 * 1024;

/**
 * RFC 1939 §3: "If a server has an inactivity autologout timer, that timer MUST be of at
 * least 10 minutes' duration." Dovecot uses exactly that. A session closed by the timer does
 * not enter the UPDATE state, so its DELEs are rolled back.
 */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Unknown or malformed commands in a row before we hang up: 20, the number Dovecot's servers
 * use (CLIENT_MAX_BAD_COMMANDS). A confused client gets plenty of -ERR answers to notice; a
 * program feeding us garbage does not keep a connection open forever.
 */
export const MAX_BAD_COMMANDS = 20;

/**
 * Refused logins on one connection before we hang up. The demo's password is random per
 * launch, so guessing is hopeless anyway; closing keeps a misconfigured client from looping on
 * one socket.
 */
export const MAX_AUTH_FAILURES = 3;

/**
 * Connections open at once, logged in or not. Only one may hold the maildrop (the lock), but
 * clients connect before they log in, and a refused second login is one of them. Eight is
 * plenty for one desktop and bounds the sockets a local program can pin.
 */
export const MAX_CONNECTIONS = 8;

/**
 * How long a hung-up client has to read our last line before the socket is destroyed: closing
 * at once would reset the connection (and lose that line) if the client's unread bytes are
 * still in our receive buffer.
 */
export const LINGER_MS = 5_000;

export const DEFAULT_LIMITS: ServerLimits = {
  maxCommandLineOctets: MAX_COMMAND_LINE_OCTETS,
  maxPendingInputOctets: MAX_PENDING_INPUT_OCTETS,
  idleTimeoutMs: IDLE_TIMEOUT_MS,
  maxBadCommands: MAX_BAD_COMMANDS,
  maxAuthFailures: MAX_AUTH_FAILURES,
  maxConnections: MAX_CONNECTIONS,
};
